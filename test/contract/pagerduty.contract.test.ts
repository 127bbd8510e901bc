import { pagerdutyChannelKind } from '../../src/notify/pagerduty/pagerduty-channel-kind';
import { FakePagerDutyServer } from '../helpers/pagerduty-server';
import { runChannelContract } from './channel-contract';

const ROUTING_KEY = 'R0utingKeyContract0123456789abcd';

runChannelContract('pagerduty', async () => {
  const pagerduty = new FakePagerDutyServer();
  const eventsUrl = await pagerduty.start();
  return {
    kind: pagerdutyChannelKind,
    options: { routingKey: ROUTING_KEY, eventsUrl },
    secret: ROUTING_KEY,
    // PagerDuty sends no Retry-After of its own; that a given one is honoured is tested with the notifier.
    retryAfterSeconds: undefined,
    // What people read, each text measured on its own: the summary, the source and every detail. The routing
    // key belongs in the body, so the body is shown without it (that it is the right one: the notifier's test).
    received: () =>
      pagerduty.events.flatMap((event) => [
        event.dedup_key ?? '',
        ...(event.payload ? [event.payload.summary, event.payload.source, ...Object.values(event.payload.custom_details ?? {}).map(String)] : []),
      ]),
    answerNext: (answer) => {
      if (answer === 'permanent') pagerduty.replyNext({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"] } });
      if (answer === 'transient') pagerduty.replyNext({ status: 503, body: '' });
      if (answer === 'rateLimited') pagerduty.replyNext({ status: 429, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.  Please retry later.' } });
    },
    stop: () => pagerduty.stop(),
  };
});

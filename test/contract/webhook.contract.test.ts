import { webhookChannelKind } from '../../src/notify/webhook/webhook-channel-kind';
import { FakeWebhookServer } from '../helpers/webhook-server';
import { runChannelContract } from './channel-contract';

const SECRET = 'whsec-contract-8675309';

runChannelContract('webhook', async () => {
  const receiver = new FakeWebhookServer(SECRET);
  const url = await receiver.start();
  return {
    kind: webhookChannelKind,
    options: { url, secret: SECRET },
    secret: SECRET,
    retryAfterSeconds: 7,
    // The whole request as a receiver sees it: the headers besides the signature (an HMAC, not the secret), and the body.
    received: () => receiver.deliveries.map((d) => `${JSON.stringify({ ...d.headers, 'x-rpa-notify-signature': undefined })}\n${d.rawBody.toString('utf8')}`),
    answerNext: (answer) => {
      if (answer === 'permanent') receiver.replies.push({ status: 400, body: 'unknown event' });
      if (answer === 'transient') receiver.replies.push({ status: 503 });
      if (answer === 'rateLimited') receiver.replies.push({ status: 429, headers: { 'retry-after': '7' } });
    },
    stop: () => receiver.stop(),
  };
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotifyError } from '../../src/notify/notify-error';
import { checkPagerDuty } from '../../src/notify/pagerduty/pagerduty-check';
import { createPagerDutyNotifier } from '../../src/notify/pagerduty/pagerduty-notifier';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { FakePagerDutyServer } from '../helpers/pagerduty-server';
import { rejectionOf } from '../helpers/rejection';

const ROUTING_KEY = 'R0utingKeyNotifier0123456789abcd';

describe('PagerDuty notifier against the stand-in', () => {
  let pagerduty: FakePagerDutyServer;
  let eventsUrl: string;
  const notifier = (routingKey = ROUTING_KEY, url = eventsUrl) => createPagerDutyNotifier({ routingKey, eventsUrl: url }, 'Asia/Shanghai', { name: 'oncall' });
  const failed = () => ({ ...transitionOf(sampleFailed), streak: { kind: 'opened' as const } });
  const failure = async (promise: Promise<unknown>): Promise<NotifyError> => {
    const error = await rejectionOf(promise);
    expect(error).toBeInstanceOf(NotifyError);
    return error as NotifyError;
  };

  beforeEach(async () => {
    pagerduty = new FakePagerDutyServer();
    eventsUrl = await pagerduty.start();
  });
  afterEach(() => pagerduty.stop());

  it('a trigger reaches PagerDuty with the routing key, accepted (202)', async () => {
    await notifier().send(failed());
    expect(pagerduty.events).toEqual([expect.objectContaining({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: `rpa-notify:default:${sampleFailed.projectId}` })]);
  });

  it('a COMPLETED outside a streak makes no request at all, and is done', async () => {
    await notifier().send({ ...transitionOf(sampleCompleted), streak: { kind: 'none' } });
    expect(pagerduty.bodies).toEqual([]);
  });

  it.each<[string, { status: number; body?: unknown; headers?: Record<string, string> }, { permanent: boolean; retryAfterMs?: number; reason: string }]>([
    ['429 with Retry-After: after that pause', { status: 429, headers: { 'retry-after': '30' }, body: { status: 'throttle event' } }, { permanent: false, retryAfterMs: 30_000, reason: 'rate_limited' }],
    ['429 without: the queue backs off', { status: 429, body: { status: 'throttle event' } }, { permanent: false, retryAfterMs: undefined, reason: 'rate_limited' }],
    ['500: transient', { status: 500, body: 'oops' }, { permanent: false, reason: 'http_500' }],
    ['502 with HTML: transient', { status: 502, body: '<html>bad gateway</html>' }, { permanent: false, reason: 'http_502' }],
    ['403: permanent', { status: 403, body: '' }, { permanent: true, reason: 'http_403' }],
  ])('%s', async (_name, reply, expected) => {
    pagerduty.replyNext(reply);
    const error = await failure(notifier().send(failed()));
    expect({ permanent: error.permanent, retryAfterMs: error.retryAfterMs, reason: error.reason }).toEqual(expected);
  });

  it('400: permanent, says what PagerDuty found wrong, never the routing key (even when PagerDuty quotes it)', async () => {
    pagerduty.replyNext({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: [`'routing_key' ${ROUTING_KEY} is not a known integration`] } });
    const error = await failure(notifier().send(failed()));
    expect(error.permanent).toBe(true);
    expect(error.reason).toBe('invalid_event');
    expect(error.message).toContain('is not a known integration');
    expect(error.message).not.toContain(ROUTING_KEY);
  });

  it('a routing key PagerDuty cannot take is refused by the stand-in as PagerDuty does: permanent', async () => {
    const error = await failure(notifier('too-short-key').send(failed()));
    expect(error.permanent).toBe(true);
    expect(error.message).toContain("Length of 'routing_key' is incorrect");
  });

  it('nobody listening: transient, the key nowhere', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v2/enqueue`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(notifier(ROUTING_KEY, url).send(failed()));
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('check: a key PagerDuty takes is confirmed without paging anyone (a resolve of an unused key); a bad one says the fix', async () => {
    expect(await checkPagerDuty('pagerduty', { routingKey: ROUTING_KEY, eventsUrl })).toEqual({ ok: true, text: expect.stringContaining('✓ PagerDuty: routing key accepted') });
    expect(pagerduty.events).toEqual([{ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'rpa-notify:check' }]);
    const bad = await checkPagerDuty('oncall', { routingKey: 'wrong-key-wrong-key', eventsUrl });
    expect(bad.ok).toBe(false);
    expect(bad.text).toMatch(/^✗ PagerDuty channel "oncall": PagerDuty refused the event .*Integration Key of an Events API v2 integration/);
    expect(bad.text).not.toContain('wrong-key-wrong-key');
  });
});

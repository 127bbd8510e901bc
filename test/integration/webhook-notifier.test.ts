import { NotifyError } from '../../src/notify/notify-error';
import { checkWebhook } from '../../src/notify/webhook/webhook-check';
import { createWebhookNotifier } from '../../src/notify/webhook/webhook-notifier';
import { postWebhook, webhookTarget } from '../../src/notify/webhook/post-webhook';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { rejectionOf } from '../helpers/rejection';
import { FakeWebhookServer } from '../helpers/webhook-server';

const SECRET = 'whsec-integration-42';

describe('webhook notifier against a receiver that verifies signatures', () => {
  let receiver: FakeWebhookServer;
  let url: string;
  beforeEach(async () => {
    receiver = new FakeWebhookServer(SECRET);
    url = await receiver.start();
  });
  afterEach(() => receiver.stop());

  const notifier = (options: { url?: string; secret?: string; timeoutMs?: number; headers?: Record<string, string> } = {}) =>
    createWebhookNotifier(webhookTarget({ url: options.url ?? url, secret: 'secret' in options ? options.secret : SECRET, timeoutMs: options.timeoutMs ?? 10_000, headers: options.headers }), {
      name: 'ops-hook',
      language: 'en',
      displayTimeZone: 'Asia/Shanghai',
    });

  it('posts JSON the receiver verifies, with the delivery id in a header and the body', async () => {
    await notifier().send(transitionOf(sampleFailed));
    const [delivery] = receiver.deliveries;
    expect(delivery!.status).toBe(204);
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['x-rpa-notify-timestamp']).toMatch(/^\d{10}$/);
    expect(delivery!.headers['x-rpa-notify-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const body = delivery!.json as { event: string; delivery_id: string; execution: { id: string } };
    expect(body.event).toBe('execution.failed');
    expect(body.execution.id).toBe(sampleFailed.id);
    expect(delivery!.headers['x-rpa-notify-delivery']).toBe(body.delivery_id);
    expect(receiver.refused).toEqual([]);
  });

  it('a retry of the same alert carries the same delivery id, freshly signed', async () => {
    receiver.replies.push({ status: 503 });
    const failure = await rejectionOf<NotifyError>(notifier().send(transitionOf(sampleFailed)));
    expect(failure.permanent).toBe(false);
    await notifier().send(transitionOf(sampleFailed));
    const [first, second] = receiver.deliveries;
    expect(second!.status).toBe(204);
    expect(second!.headers['x-rpa-notify-delivery']).toBe(first!.headers['x-rpa-notify-delivery']);
  });

  it('a wrong secret: the receiver answers 401, and the failure is permanent and names the secret as the cause', async () => {
    const failure = await rejectionOf<NotifyError>(notifier({ secret: 'whsec-wrong-1' }).send(transitionOf(sampleFailed)));
    expect(receiver.refused).toEqual(['signature mismatch']);
    expect(failure).toBeInstanceOf(NotifyError);
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(/HTTP 401.*secret/);
    expect(failure.message).not.toContain('whsec-wrong-1');
  });

  it('no secret: no signature, and a receiver that requires one refuses', async () => {
    const failure = await rejectionOf<NotifyError>(notifier({ secret: undefined }).send(transitionOf(sampleFailed)));
    expect(receiver.deliveries[0]!.headers['x-rpa-notify-signature']).toBeUndefined();
    expect(receiver.refused).toEqual(['missing X-RPA-Notify-Signature']);
    expect(failure.permanent).toBe(true);
  });

  it('a timestamp outside the receiver’s 5-minute window is refused', async () => {
    const target = webhookTarget({ url, secret: SECRET, timeoutMs: 10_000 });
    const failure = await rejectionOf<NotifyError>(postWebhook(target, '{}', 'id-1', () => Date.now() - 6 * 60_000));
    expect(receiver.refused).toEqual(['stale timestamp']);
    expect(failure.permanent).toBe(true);
  });

  it('429 with Retry-After as an HTTP date is retried after that pause', async () => {
    receiver.replies.push({ status: 429, headers: { 'retry-after': new Date(Date.now() + 120_000).toUTCString() } });
    const failure = await rejectionOf<NotifyError>(notifier().send(transitionOf(sampleFailed)));
    expect(failure.permanent).toBe(false);
    expect(failure.reason).toBe('rate_limited');
    // The date has a one-second resolution and the answer took a moment: about two minutes.
    expect(failure.retryAfterMs).toBeGreaterThan(100_000);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('a redirect is not followed (the signed POST would go elsewhere as a GET): permanent, saying where to point url', async () => {
    receiver.replies.push({ status: 301, headers: { location: 'https://elsewhere.example/hooks' } });
    const failure = await rejectionOf<NotifyError>(notifier().send(transitionOf(sampleFailed)));
    expect(failure.permanent).toBe(true);
    expect(failure.message).toMatch(/redirect \(HTTP 301\): set url to the address it redirects to/);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('a receiver that never answers is a timeout, retried', async () => {
    receiver.replies.push('hang');
    const target = webhookTarget({ url, secret: SECRET, timeoutMs: 300 });
    const failure = await rejectionOf<NotifyError>(postWebhook(target, '{}', 'id-1'));
    expect(failure.permanent).toBe(false);
    expect(failure.reason).toBe('timeout');
  });

  it('a receiver that is down is a network failure, retried, and the URL’s token is nowhere in it', async () => {
    const downUrl = `${receiver.baseUrl()}/hooks?token=tok-down-777`;
    await receiver.stop();
    const failure = await rejectionOf<NotifyError>(notifier({ url: downUrl }).send(transitionOf(sampleFailed)));
    expect(failure.permanent).toBe(false);
    expect(failure.reason).toBe('network');
    expect(failure.message).toContain('ECONNREFUSED');
    expect(JSON.stringify({ message: failure.message, stack: failure.stack })).not.toContain('tok-down-777');
  });

  it('user:password in the URL becomes Basic auth (fetch refuses URLs with credentials); static headers are sent', async () => {
    const withUser = url.replace('http://', 'http://rpa:p%40ss-31337@');
    await notifier({ url: withUser, headers: { 'X-Api-Key': 'key-9000' } }).send(transitionOf(sampleFailed));
    const [delivery] = receiver.deliveries;
    expect(delivery!.headers.authorization).toBe(`Basic ${Buffer.from('rpa:p@ss-31337').toString('base64')}`);
    expect(delivery!.headers['x-api-key']).toBe('key-9000');
    expect(delivery!.path).toBe('/hooks/rpa');
  });

  it('check posts a signed ping; a wrong secret is reported with the fix', async () => {
    const good = await checkWebhook('ops-hook', webhookTarget({ url, secret: SECRET, timeoutMs: 10_000 }));
    expect(good).toEqual({ ok: true, text: '✓ webhook channel "ops-hook": the receiver accepted a signed ping' });
    expect((receiver.deliveries[0]!.json as { event: string }).event).toBe('ping');
    const bad = await checkWebhook('ops-hook', webhookTarget({ url, secret: 'whsec-wrong-2', timeoutMs: 10_000 }));
    expect(bad.ok).toBe(false);
    expect(bad.text).toMatch(/✗ webhook channel "ops-hook": .*HTTP 401.*check the channel's secret/);
    expect(bad.text).not.toContain('whsec-wrong-2');
  });
});

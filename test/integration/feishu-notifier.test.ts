import { serializeError } from '../../src/logging/logger';
import { feishuChannelKind } from '../../src/notify/feishu/feishu-channel-kind';
import { createFeishuNotifier } from '../../src/notify/feishu/feishu-notifier';
import { NotifyError } from '../../src/notify/notify-error';
import { loadConfig } from '../../src/config/config';
import { FakeFeishuServer } from '../helpers/feishu-server';
import { sampleFailed, transitionOf } from '../fixtures/executions';

const TOKEN = 'hook-token-feishu-4815162342';
const SECRET = 'feishu-secret-integration-99';
const HOUR = 3_600_000;

let server: FakeFeishuServer;
afterEach(() => server.stop());

async function serve(options: { secret?: string; now?: () => number } = {}): Promise<string> {
  server = new FakeFeishuServer(TOKEN, options);
  return server.start();
}
const notifier = (url: string, secret?: string) => createFeishuNotifier({ url, secret }, { name: 'ops-feishu', displayTimeZone: 'Asia/Shanghai', language: 'zh-CN' });
let n = 0;
const alert = () => transitionOf({ ...sampleFailed, id: `feishu-${n++}-${sampleFailed.id}` });
const refusal = async (send: Promise<unknown>): Promise<NotifyError> => {
  const error = await send.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NotifyError);
  const failure = error as NotifyError;
  for (const secret of [TOKEN, SECRET]) expect(JSON.stringify(serializeError(failure))).not.toContain(secret);
  return failure;
};

describe('Feishu notifier against the stand-in', () => {
  it('a signed card reaches a bot with signing on: timestamp in seconds and the sign in the body', async () => {
    const url = await serve({ secret: SECRET });
    await notifier(url, SECRET).send(alert());
    expect(server.posts).toHaveLength(1);
    const body = server.posts[0]!.body;
    expect(body.msg_type).toBe('interactive');
    expect(body.timestamp).toMatch(/^\d{10}$/);
    expect(body.card?.header.template).toBe('red');
    expect(FakeFeishuServer.textOf(server.posts[0]!)).toContain('失败');
  });

  it('an unsigned card reaches a bot with signing off', async () => {
    const url = await serve();
    await notifier(url).send(alert());
    expect(server.posts[0]!.body.sign).toBeUndefined();
  });

  it.each([
    ['a wrong secret', { secret: SECRET }, 'wrong-secret'],
    ['no secret on a bot with signing on', { secret: SECRET }, undefined],
    ['a secret on a bot with signing off', {}, SECRET],
    ['a timestamp over an hour old (Feishu’s clock an hour and a bit ahead)', { secret: SECRET, now: () => Date.now() + HOUR + 60_000 }, SECRET],
  ])('%s: Feishu answers 19021, permanent', async (_what, bot, secret) => {
    const url = await serve(bot);
    const error = await refusal(notifier(url, secret).send(alert()));
    expect(error).toMatchObject({ permanent: true, reason: 'code_19021' });
    expect(server.codes).toEqual([19021]);
    expect(server.posts).toHaveLength(0);
  });

  it('a timestamp within the hour is accepted (Feishu’s clock 50 minutes off)', async () => {
    const url = await serve({ secret: SECRET, now: () => Date.now() - 50 * 60_000 });
    await notifier(url, SECRET).send(alert());
    expect(server.posts).toHaveLength(1);
  });

  it('a hook with a wrong token: 19001, permanent, neither token in the error', async () => {
    await serve();
    const error = await refusal(notifier(server.urlFor('not-the-token'), undefined).send(alert()));
    expect(error).toMatchObject({ permanent: true, reason: 'code_19001' });
  });

  it('a burst past 5 a second: the sixth is "too fast", retried later, not permanent', async () => {
    // The stand-in's clock stands still: the whole burst falls in one second, however slow this machine is.
    const url = await serve({ now: () => 1_000_000 });
    const sender = notifier(url);
    for (let i = 0; i < 5; i++) await sender.send(alert());
    const error = await refusal(sender.send(alert()));
    expect(error).toMatchObject({ permanent: false, reason: 'too_fast' });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(server.codes).toEqual([0, 0, 0, 0, 0, 11232]);
  });

  it('an answer that is not JSON, and a 200 with a non-zero code, are failures', async () => {
    const url = await serve();
    server.replies.push({ raw: 'upstream says hi' }, { body: { code: 19024, data: {}, msg: 'Key Words Not Found' } });
    expect(await refusal(notifier(url).send(alert()))).toMatchObject({ permanent: false, reason: 'not_json' });
    expect(await refusal(notifier(url).send(alert()))).toMatchObject({ permanent: true, reason: 'code_19024' });
  });

  it('the older success shape ({"StatusCode":0}) is a delivery', async () => {
    const url = await serve();
    server.replies.push({ body: { StatusCode: 0, StatusMessage: 'success' } });
    await notifier(url).send(alert());
  });

  it('no answer in time: a timeout, worth a retry', async () => {
    const url = await serve();
    server.replies.push('hang');
    const hanging = createFeishuNotifier({ url }, { name: 'f', displayTimeZone: 'UTC', language: 'zh-CN', timeoutMs: 300 });
    expect(await refusal(hanging.send(alert()))).toMatchObject({ permanent: false, reason: 'timeout' });
  });
});

describe('rpa-notify check for a feishu channel', () => {
  const config = () => {
    const loaded = loadConfig({ IFLYRPA_API_KEY: 'sk-check' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    return loaded.config;
  };

  it('a good hook and secret pass, posting nothing', async () => {
    const url = await serve({ secret: SECRET });
    const line = await feishuChannelKind.check('ops-feishu', { url, secret: SECRET }, config());
    expect(line).toEqual({ ok: true, text: '✓ Feishu channel "ops-feishu": hook and signature accepted (an empty request, nothing posted)' });
    expect(server.posts).toHaveLength(0);
  });

  it('a wrong secret or token is reported with the fix, never showing them', async () => {
    const url = await serve({ secret: SECRET });
    const wrongSecret = await feishuChannelKind.check('feishu', { url, secret: 'nope-secret' }, config());
    expect(wrongSecret.ok).toBe(false);
    expect(wrongSecret.text).toMatch(/^✗ Feishu: .*signature was refused.*19021/);
    const wrongToken = await feishuChannelKind.check('feishu', { url: server.urlFor('zzz-wrong-token'), secret: SECRET }, config());
    expect(wrongToken.text).toMatch(/copy the webhook URL/);
    for (const line of [wrongSecret, wrongToken]) for (const secret of [TOKEN, SECRET, url]) expect(line.text).not.toContain(secret);
  });
});

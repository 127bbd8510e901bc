import { classifyDingTalkAnswer } from '../../src/notify/dingtalk/classify-dingtalk-answer';
import { checkDingTalk } from '../../src/notify/dingtalk/dingtalk-check';
import type { DingTalkChannelOptions } from '../../src/notify/dingtalk/dingtalk-channel-options';
import { createDingTalkNotifier } from '../../src/notify/dingtalk/dingtalk-notifier';
import { dingTalkSignature } from '../../src/notify/dingtalk/dingtalk-sign';
import { NotifyError } from '../../src/notify/notify-error';
import { DINGTALK_ANSWERS, FakeDingTalkServer } from '../helpers/dingtalk-server';
import { sampleFailed, transitionOf } from '../fixtures/executions';

const TOKEN = 'dt-unit-token-7a8b9c0d1e2f';
const SECRET = 'SECunit1234567890abcdef1234567890abcdef';
const HOUR = 3_600_000;

let next = 0;
const alert = () => transitionOf({ ...sampleFailed, id: `dt-${next++}-${sampleFailed.id}` });

async function failureOf(send: Promise<unknown>): Promise<NotifyError> {
  const error = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NotifyError);
  return error as NotifyError;
}

describe('DingTalk sender against the stand-in', () => {
  let server: FakeDingTalkServer;
  let url: string;
  const notifier = (options: Partial<DingTalkChannelOptions> = {}, timeoutMs?: number) =>
    createDingTalkNotifier({ url, secret: SECRET, atMobiles: [], atAll: false, ...options }, { name: 'dt', displayTimeZone: 'Asia/Shanghai', language: 'zh-CN', timeoutMs });
  const start = async (secret: string | undefined = SECRET, now?: () => number) => {
    server = new FakeDingTalkServer(TOKEN, secret, now);
    url = await server.start();
  };
  afterEach(() => server.stop());

  it('a signed alert is taken: timestamp and sign in the query, verified as DingTalk does', async () => {
    await start();
    await notifier().send(alert());
    expect(server.posts).toHaveLength(1);
    const { query, message } = server.posts[0]!;
    expect(query.sign).toBe(dingTalkSignature(SECRET, Number(query.timestamp)));
    expect(message.markdown!.text).toContain('失败');
  });

  it('a wrong secret is refused with 310000: permanent, and the error names neither secret nor token', async () => {
    await start();
    const error = await failureOf(notifier({ secret: 'SECwrong000000000000' }).send(alert()));
    expect(server.answers).toEqual([{ errcode: 310000, status: 200 }]);
    expect(error).toMatchObject({ permanent: true, reason: 'sign_keyword_or_ip' });
    expect(error.message).toContain('sign not match');
    for (const secret of [SECRET, 'SECwrong000000000000', TOKEN, url]) expect(error.message).not.toContain(secret);
  });

  it('a signature over an hour old is refused (the host clock is off): permanent', async () => {
    await start(SECRET, () => Date.now() + HOUR + 60_000);
    const error = await failureOf(notifier().send(alert()));
    expect(error).toMatchObject({ permanent: true, reason: 'sign_keyword_or_ip' });
    expect(error.message).toContain('invalid timestamp');
  });

  it('no secret on a robot that signs: refused like a wrong one', async () => {
    await start();
    const error = await failureOf(notifier({ secret: undefined }).send(alert()));
    expect(error.permanent).toBe(true);
  });

  it('the stand-in, like DingTalk, refuses a sign left without URL encoding', async () => {
    await start();
    // A timestamp whose sign holds "+": sent raw, the query reads it back as a space.
    let timestamp = Date.now();
    while (!dingTalkSignature(SECRET, timestamp).includes('+')) timestamp++;
    const response = await fetch(`${url}&timestamp=${timestamp}&sign=${dingTalkSignature(SECRET, timestamp)}`, { method: 'POST', body: JSON.stringify({ msgtype: 'markdown', markdown: { title: 't', text: 't' } }) });
    expect(await response.json()).toEqual(DINGTALK_ANSWERS.signMismatch);
  });

  it('a wrong access_token is permanent', async () => {
    await start();
    url = server.urlWith('dt-unknown-token-000');
    const error = await failureOf(notifier().send(alert()));
    expect(error).toMatchObject({ permanent: true, reason: 'bad_token' });
    expect(error.message).not.toContain('dt-unknown-token-000');
  });

  it('the 21st message within a minute is "too fast" (130101): retried after 60 s, not permanent', async () => {
    await start();
    for (let i = 0; i < 20; i++) await notifier().send(alert());
    const error = await failureOf(notifier().send(alert()));
    expect(error).toMatchObject({ permanent: false, reason: 'too_fast', retryAfterMs: 60_000 });
    expect(server.posts).toHaveLength(20);
  });

  it('no answer within the timeout is a passing fault', async () => {
    await start();
    server.replies.push('hang');
    const error = await failureOf(notifier({}, 200).send(alert()));
    expect(error).toMatchObject({ permanent: false, reason: 'timeout' });
  });

  it('nobody listening is a passing fault that names no URL', async () => {
    await start();
    await server.stop();
    const error = await failureOf(notifier().send(alert()));
    expect(error).toMatchObject({ permanent: false, reason: 'network' });
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('classifyDingTalkAnswer', () => {
  const answer = (body: unknown, status = 200, retryAfter: string | null = null) => classifyDingTalkAnswer({ status, body: typeof body === 'string' ? body : JSON.stringify(body), retryAfter });
  it.each([
    ['errcode 0', answer({ errcode: 0, errmsg: 'ok' }), undefined],
    ['130101 too fast', answer(DINGTALK_ANSWERS.tooFast), { permanent: false, reason: 'too_fast', retryAfterMs: 60_000 }],
    ['410100 too fast (newer code)', answer({ errcode: 410100, errmsg: '发送速度太快而限流' }), { permanent: false, reason: 'too_fast', retryAfterMs: 60_000 }],
    ['310000 keywords', answer(DINGTALK_ANSWERS.keywordMissing), { permanent: true, reason: 'sign_keyword_or_ip' }],
    ['300001 token', answer(DINGTALK_ANSWERS.badToken), { permanent: true, reason: 'bad_token' }],
    ['400102 robot disabled', answer({ errcode: 400102, errmsg: '机器人已停用' }), { permanent: true, reason: 'robot_disabled' }],
    ['430102 content refused', answer({ errcode: 430102, errmsg: '含有不合适的文本' }), { permanent: true, reason: 'errcode_430102' }],
    ['-1 system busy', answer(DINGTALK_ANSWERS.busy), { permanent: false, reason: 'errcode_-1' }],
    ['an errcode nobody listed', answer({ errcode: 999999, errmsg: 'new' }), { permanent: false, reason: 'errcode_999999' }],
    ['errcode as text', answer({ errcode: '130101' }), { permanent: false, reason: 'too_fast' }],
    ['200 without errcode', answer({ hello: 1 }), { permanent: false, reason: 'no_errcode' }],
    ['200 that is not JSON', answer('<html>gateway</html>'), { permanent: false, reason: 'not_json' }],
    ['HTTP 502', answer('bad gateway', 502), { permanent: false, reason: 'http_502' }],
    ['HTTP 404 (a wrong path)', answer('not found', 404), { permanent: true, reason: 'http_404' }],
    ['HTTP 429 with Retry-After', answer('', 429, '7'), { permanent: false, reason: 'rate_limited', retryAfterMs: 7000 }],
    ['HTTP 429 without Retry-After', answer('', 429), { permanent: false, reason: 'rate_limited', retryAfterMs: 60_000 }],
  ])('%s', (_what, error, expected) => {
    if (expected === undefined) expect(error).toBeUndefined();
    else expect(error).toMatchObject(expected);
  });
});

describe('checkDingTalk', () => {
  let server: FakeDingTalkServer;
  afterEach(() => server.stop());
  const check = async (robotSecret: string | undefined, options: { secret?: string; token?: string }) => {
    server = new FakeDingTalkServer(TOKEN, robotSecret);
    await server.start();
    const line = await checkDingTalk('ops-dt', { url: server.urlWith(options.token ?? TOKEN), secret: options.secret });
    expect(line.text).not.toContain(TOKEN);
    if (options.secret) expect(line.text).not.toContain(options.secret);
    expect(server.posts).toHaveLength(0);
    return line;
  };

  it('credentials that hold: ✓, nothing posted', async () => {
    expect(await check(SECRET, { secret: SECRET })).toEqual({ ok: true, text: '✓ DingTalk channel "ops-dt": token and signature accepted (nothing was posted)' });
  });

  it('a wrong secret: ✗ with the fix', async () => {
    const line = await check(SECRET, { secret: 'SECwrong000000000000' });
    expect(line.ok).toBe(false);
    expect(line.text).toContain('fix: copy the secret (SEC…) again');
  });

  it('a robot that signs, no secret given: ✗ saying to set one', async () => {
    const line = await check(SECRET, {});
    expect(line).toMatchObject({ ok: false, text: expect.stringContaining('set secret: (or DINGTALK_SECRET)') });
  });

  it('a wrong token: ✗', async () => {
    const line = await check(undefined, { token: 'dt-unknown-token-000' });
    expect(line).toMatchObject({ ok: false, text: expect.stringContaining('access_token does not exist') });
    expect(line.text).not.toContain('dt-unknown-token-000');
  });
});

describe('checkDingTalk on a keyword robot', () => {
  let server: FakeDingTalkServer;
  afterEach(() => server.stop());
  it('a refusal for want of a keyword says the token holds and what to do', async () => {
    server = new FakeDingTalkServer(TOKEN);
    await server.start();
    server.replies.push({ body: DINGTALK_ANSWERS.keywordMissing });
    const line = await checkDingTalk('kw', { url: server.urlWith(TOKEN) });
    expect(line).toMatchObject({ ok: true, text: expect.stringContaining('the robot checks keywords') });
  });
});

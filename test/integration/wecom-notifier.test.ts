import { loadConfig } from '../../src/config/config';
import { parseConfigFile } from '../../src/config/config-file';
import { serializeError } from '../../src/logging/logger';
import { buildChannels, defaultChannelNames } from '../../src/notify/build-channels';
import { channelKinds } from '../../src/notify/channel-registry';
import { NotifyError } from '../../src/notify/notify-error';
import { wecomChannelKind } from '../../src/notify/wecom/wecom-channel-kind';
import { createWecomNotifier } from '../../src/notify/wecom/wecom-notifier';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { FakeWecomServer } from '../helpers/wecom-server';

const KEY = '5f2a8c41-0d3e-4b7a-9e61-2c8f4d7b9a10';
const create = (url: string, timeoutMs?: number) =>
  createWecomNotifier({ url, mention: ['zhangsan'] }, { name: 'ops-wecom', displayTimeZone: 'Asia/Shanghai', language: 'zh-CN', timeoutMs });

let next = 0;
const failed = () => transitionOf({ ...sampleFailed, id: `wecom-${Date.now()}-${next++}` });
const failureOf = async (send: Promise<unknown>): Promise<NotifyError> => {
  const error = await send.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(NotifyError);
  const failure = error as NotifyError;
  // Neither the key nor the URL that holds it ever appears in what is logged of a failure.
  expect(JSON.stringify(serializeError(failure))).not.toContain(KEY);
  expect(JSON.stringify(serializeError(failure))).not.toContain('/cgi-bin/webhook');
  return failure;
};

describe('WeCom notifier against the stand-in robot', () => {
  let wecom: FakeWecomServer;
  let url: string;
  beforeEach(async () => {
    wecom = new FakeWecomServer(KEY);
    url = await wecom.start();
  });
  afterEach(() => wecom.stop());

  it('delivers markdown with the key checked exactly, mentions at the end', async () => {
    await create(url).send(failed());
    expect(wecom.posts).toHaveLength(1);
    expect(wecom.posts[0]!.content).toMatch(/^### ❌ <font color="warning">失败<\/font>[\s\S]*<@zhangsan>$/);
  });

  it.each([
    ['a wrong key', KEY.replace(/^5/, '6')],
    ['the key with a character more', `${KEY}0`],
    ['no key at all', ''],
  ])('%s is refused with 93000: permanent, and says how to fix it', async (_what, key) => {
    const failure = await failureOf(create(wecom.urlWithKey(key)).send(failed()));
    expect(failure).toMatchObject({ permanent: true, reason: 'bad_key' });
    expect(failure.message).toContain('copy the webhook URL again');
    expect(wecom.answers).toEqual([93000]);
  });

  it('a burst past 20 messages a minute gets 45009: not permanent, retried after a minute', async () => {
    const notifier = create(url);
    for (let i = 0; i < 20; i++) await notifier.send(failed());
    const failure = await failureOf(notifier.send(failed()));
    expect(failure).toMatchObject({ permanent: false, reason: 'rate_limited', retryAfterMs: 60_000 });
    expect(wecom.posts).toHaveLength(20);
    expect(wecom.answers.at(-1)).toBe(45009);
  });

  it.each<[string, { status?: number; body: unknown }, Partial<NotifyError>]>([
    ['a busy system (errcode -1)', { body: { errcode: -1, errmsg: 'system error' } }, { permanent: false, reason: 'errcode_-1' }],
    ['an HTTP 502 from a proxy', { status: 502, body: '<html>bad gateway</html>' }, { permanent: false, reason: 'http_502' }],
    ['HTTP 429', { status: 429, body: '' }, { permanent: false, retryAfterMs: 60_000 }],
    ['an HTTP 404: not a robot URL', { status: 404, body: 'not found' }, { permanent: true, reason: 'http_404' }],
    ['a 200 that is not JSON', { body: '<html>login portal</html>' }, { permanent: true, reason: 'not_wecom' }],
    ['a 200 with JSON but no errcode', { body: { ok: true } }, { permanent: true, reason: 'not_wecom' }],
    ['content refused as too long (40058)', { body: { errcode: 40058, errmsg: 'markdown.content exceed max length 4096. invalid Request Parameter, hint: [1]' } }, { permanent: true, reason: 'content_too_long' }],
  ])('%s is classified by its code', async (_what, reply, expected) => {
    wecom.replies.push(reply);
    expect(await failureOf(create(url).send(failed()))).toMatchObject(expected);
  });

  it('an unknown errcode is retried, its errmsg shown without anything secret in it', async () => {
    wecom.replies.push({ body: { errcode: 93017, errmsg: `robot ${KEY} is paused, hint: [123], from ip: 127.0.0.1` } });
    const failure = await failureOf(create(url).send(failed()));
    expect(failure).toMatchObject({ permanent: false, reason: 'errcode_93017' });
    expect(failure.message).toBe('WeCom refused the message (errcode 93017: robot [redacted] is paused)');
  });

  it('no answer in time, or nobody listening: not permanent, and no URL in the message', async () => {
    wecom.replies.push('hang');
    expect(await failureOf(create(url, 300).send(failed()))).toMatchObject({ permanent: false, reason: 'timeout' });
    await wecom.stop();
    const refused = await failureOf(create(url).send(failed()));
    expect(refused).toMatchObject({ permanent: false, reason: 'network', message: 'WeCom could not be reached (ECONNREFUSED)' });
  });

  it('check: a good key is accepted without posting anything; a wrong one is reported with the fix and no key', async () => {
    const good = await wecomChannelKind.check('ops-wecom', { url }, undefined as never);
    expect(good).toEqual({ ok: true, text: '✓ WeCom channel "ops-wecom": robot key accepted (nothing was posted)' });
    const wrongUrl = wecom.urlWithKey('00000000-0000-0000-0000-000000000000');
    const bad = await wecomChannelKind.check('wecom', { url: wrongUrl }, undefined as never);
    expect(bad.ok).toBe(false);
    expect(bad.text).toMatch(/^✗ WeCom: WeCom refused the robot key \(errcode 93000\).*copy the webhook URL again/);
    expect(bad.text).not.toContain('00000000-0000');
    expect(wecom.posts).toHaveLength(0);
  });
});

describe('WeCom channel options', () => {
  const parse = (yaml: string) => parseConfigFile(yaml, {}, { channelTypes: channelKinds });
  const problems = (yaml: string) => {
    const result = parse(yaml);
    return result.ok ? [] : result.problems;
  };

  it('reads url and mention, defaults to Chinese, and declares the URL and the key as secrets', () => {
    const result = parse(`channels:\n  ops: { type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}", mention: [zhangsan, li.si] }\n`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.secrets).toEqual(expect.arrayContaining([KEY, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`]));
    expect(wecomChannelKind.defaultLanguage).toBe('zh-CN');
  });

  it.each([
    ['a URL without its key', 'url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"', /channels\.ops\.url: must be the robot's webhook URL with its key/],
    ['a URL that is not http(s)', 'url: "ftp://qyapi.weixin.qq.com/send?key=abc"', /channels\.ops\.url: must be a URL starting with http:\/\/ or https:\/\//],
    ['no url', 'mention: [a]', /channels\.ops\.url: required/],
    ['a mention that could open a tag', `url: "https://x.example/send?key=${KEY}", mention: ["a><@all"]`, /channels\.ops\.mention\[0\]: must be a WeCom user id/],
    ['an unknown option', `url: "https://x.example/send?key=${KEY}", at_all: true`, /unknown option for a wecom channel \(known: url, mention, type, statuses, language\)/],
  ])('refuses %s with one line', (_what, options, line) => {
    const found = problems(`channels:\n  ops: { type: wecom, ${options} }\n`);
    expect(found).toEqual([expect.stringMatching(line)]);
    expect(found.join('\n')).not.toContain(KEY);
  });

  it('WECOM_WEBHOOK_URL makes a channel named wecom that joins default; a URL without key is one line without its value', () => {
    const loaded = loadConfig({ IFLYRPA_API_KEY: 'k', WECOM_WEBHOOK_URL: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(defaultChannelNames(loaded.config)).toEqual(['wecom']);
    const [channel] = buildChannels(loaded.config, [], { displayTimeZone: 'UTC', workflowLabel: (id) => id });
    expect(channel).toMatchObject({ name: 'wecom', type: 'wecom', immediate: true });
    const bad = loadConfig({ IFLYRPA_API_KEY: 'k', WECOM_WEBHOOK_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?token=secret-ish' });
    expect(bad).toEqual({ ok: false, problems: ["WECOM_WEBHOOK_URL must be the robot's webhook URL with its key (…/cgi-bin/webhook/send?key=…)"] });
  });
});

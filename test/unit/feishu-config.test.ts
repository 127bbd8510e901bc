import os from 'node:os';
import { loadConfig } from '../../src/config/config';
import { parseConfigFile } from '../../src/config/config-file';
import { environmentChannelSecrets, loadSetup } from '../../src/config/load-setup';
import { defaultChannelNames } from '../../src/notify/build-channels';
import { channelKinds } from '../../src/notify/channel-registry';

const HOOK = 'https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-feishu-token';
const base = { IFLYRPA_API_KEY: 'sk-feishu-config' };

describe('feishu in the environment', () => {
  it('FEISHU_WEBHOOK_URL (and FEISHU_SECRET) make a `feishu` channel that joins default; its URL, token and secret are scrubbed', () => {
    const loaded = loadConfig({ ...base, FEISHU_WEBHOOK_URL: HOOK, FEISHU_SECRET: 'env-feishu-secret' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.config.feishu).toEqual({ url: HOOK, secret: 'env-feishu-secret' });
    expect(defaultChannelNames(loaded.config)).toContain('feishu');
    expect(environmentChannelSecrets(loaded.config)).toEqual(expect.arrayContaining([HOOK, '0a1b2c3d-feishu-token', 'env-feishu-secret']));
  });

  it('the secrets the logger scrubs include the environment’s Feishu URL, token and secret', () => {
    const loaded = loadSetup({ ...base, FEISHU_WEBHOOK_URL: HOOK, FEISHU_SECRET: 'env-feishu-secret' }, os.tmpdir());
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.setup.secrets).toEqual(expect.arrayContaining([HOOK, '0a1b2c3d-feishu-token', 'env-feishu-secret']));
  });

  it.each([
    ['a URL that is not http(s)', { FEISHU_WEBHOOK_URL: 'ftp://open.feishu.cn/open-apis/bot/v2/hook/x' }, 'FEISHU_WEBHOOK_URL must be a URL starting with http:// or https://'],
    ['not a URL at all', { FEISHU_WEBHOOK_URL: 'open.feishu.cn hook' }, 'FEISHU_WEBHOOK_URL must be a URL starting with http:// or https://'],
    ['a URL that is no hook', { FEISHU_WEBHOOK_URL: 'https://open.feishu.cn/open-apis/bot/v2/' }, 'FEISHU_WEBHOOK_URL must be the bot’s webhook URL, ending in /open-apis/bot/v2/hook/<token>'],
    ['a secret with no URL', { FEISHU_SECRET: 's' }, 'FEISHU_WEBHOOK_URL is required when FEISHU_SECRET is set'],
  ])('%s is one clear line, never showing the value', (_what, env, problem) => {
    const loaded = loadConfig({ ...base, ...env });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems).toEqual([problem]);
  });

  it('unset: no feishu channel', () => {
    const loaded = loadConfig(base);
    expect(loaded.ok && loaded.config.feishu).toBe(undefined);
  });
});

describe('feishu in the config file', () => {
  const parse = (channel: string) => parseConfigFile(`channels:\n  ops-feishu: ${channel}\n`, {}, { channelTypes: channelKinds });

  it('url and secret; zh-CN by default; the URL, its token and the secret are secrets', () => {
    const result = parse(`{ type: feishu, url: "${HOOK}", secret: file-secret-1 }`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.file.channels['ops-feishu']).toMatchObject({ name: 'ops-feishu', type: 'feishu', language: 'zh-CN', options: { url: HOOK, secret: 'file-secret-1' } });
    expect(result.secrets).toEqual(expect.arrayContaining([HOOK, '0a1b2c3d-feishu-token', 'file-secret-1']));
  });

  it.each([
    ['no url', '{ type: feishu }', 'channels.ops-feishu.url: required'],
    ['a URL that is no hook', '{ type: feishu, url: "https://open.feishu.cn/" }', 'channels.ops-feishu.url: must be the bot’s webhook URL, ending in /open-apis/bot/v2/hook/<token>'],
    ['an unknown option', `{ type: feishu, url: "${HOOK}", mention: all }`, 'channels.ops-feishu.mention: unknown option for a feishu channel (known: url, secret, type, statuses, language)'],
  ])('%s', (_what, channel, problem) => {
    const result = parse(channel);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([problem]);
  });
});

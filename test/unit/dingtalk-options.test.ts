import { loadConfig } from '../../src/config/config';
import { parseConfigFile } from '../../src/config/config-file';
import { loadSetup } from '../../src/config/load-setup';
import { channelKinds } from '../../src/notify/channel-registry';

const URL_ = 'https://oapi.dingtalk.com/robot/send?access_token=dt0123456789abcdef';
const parse = (channel: string) => parseConfigFile(`channels:\n  dt: ${channel}\n`, {}, { channelTypes: channelKinds });
const problems = (channel: string) => {
  const result = parse(channel);
  return result.ok ? [] : result.problems;
};

describe('a dingtalk channel in the config file', () => {
  it('reads url, secret, at_mobiles and at_all; zh-CN by default; url, token and secret are secrets', () => {
    const result = parse(`{ type: dingtalk, url: "${URL_}", secret: SECabc123, at_mobiles: [13800001111, "+86-13900002222"], at_all: true }`);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.file.channels.dt).toMatchObject({ name: 'dt', type: 'dingtalk', language: 'zh-CN', options: { url: URL_, secret: 'SECabc123', atMobiles: ['13800001111', '+86-13900002222'], atAll: true } });
    expect(result.secrets).toEqual(expect.arrayContaining([URL_, 'dt0123456789abcdef', 'SECabc123']));
  });

  it.each([
    ['no url', '{ type: dingtalk }', 'channels.dt.url: required'],
    ['a url that is not http(s)', '{ type: dingtalk, url: "ftp://oapi.dingtalk.com/robot/send?access_token=x" }', 'channels.dt.url: must be a URL starting with http:// or https://'],
    ['a url without access_token', '{ type: dingtalk, url: "https://oapi.dingtalk.com/robot/send" }', 'channels.dt.url: must be the robot webhook with its access_token, like https://oapi.dingtalk.com/robot/send?access_token=…'],
    ['at_all that is not a boolean', `{ type: dingtalk, url: "${URL_}", at_all: "yes" }`, 'channels.dt.at_all: expected true or false, got "yes"'],
    ['a mobile that is not one', `{ type: dingtalk, url: "${URL_}", at_mobiles: [boss] }`, 'channels.dt.at_mobiles[0]: must be a mobile number like 13800001111'],
    ['an unknown option', `{ type: dingtalk, url: "${URL_}", mention: x }`, 'channels.dt.mention: unknown option for a dingtalk channel (known: url, secret, at_mobiles, at_all, type, statuses, language)'],
  ])('%s: one clear line', (_what, channel, problem) => {
    expect(problems(channel)).toEqual([problem]);
  });

  it('an unparsable url is reported once', () => {
    expect(problems('{ type: dingtalk, url: "not a url" }')).toEqual(['channels.dt.url: must be a URL starting with http:// or https://']);
  });
});

describe('DINGTALK_WEBHOOK_URL / DINGTALK_SECRET', () => {
  const base = { IFLYRPA_API_KEY: 'sk-test-key' };
  it('configure the environment\'s robot', () => {
    const loaded = loadConfig({ ...base, DINGTALK_WEBHOOK_URL: URL_, DINGTALK_SECRET: 'SECenv' });
    expect(loaded.ok && loaded.config.dingtalk).toEqual({ url: URL_, secret: 'SECenv' });
  });

  it.each([
    ['a URL without access_token', { DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?token=abc' }, 'DINGTALK_WEBHOOK_URL must be the robot webhook with its access_token, like https://oapi.dingtalk.com/robot/send?access_token=…'],
    ['a secret without a URL', { DINGTALK_SECRET: 'SEClonely' }, 'DINGTALK_WEBHOOK_URL is required when DINGTALK_SECRET is set'],
  ])('%s: refused, naming the variable and not its value', (_what, env, problem) => {
    const loaded = loadConfig({ ...base, ...env });
    expect(loaded).toEqual({ ok: false, problems: [problem] });
  });

  it('their URL, token and secret are secrets of the setup, so logs scrub them', () => {
    const result = loadSetup({ ...base, DINGTALK_WEBHOOK_URL: URL_, DINGTALK_SECRET: 'SECenv-secret', RPA_NOTIFY_CONFIG: '' }, '/nonexistent-dir');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.setup.secrets).toEqual(expect.arrayContaining([URL_, 'dt0123456789abcdef', 'SECenv-secret']));
  });
});

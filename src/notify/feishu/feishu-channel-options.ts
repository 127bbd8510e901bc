import { mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface FeishuChannelOptions {
  /** The bot's webhook, `https://open.feishu.cn/open-apis/bot/v2/hook/<token>`: a secret, as the token is in it. */
  url: string;
  /** Set when the bot has signing on (签名校验). */
  secret?: string;
}

/** The token at the end of a Feishu hook URL, or undefined when the URL is not one. */
export function feishuHookToken(url: string): string | undefined {
  try {
    return /\/hook\/([^/]+)\/?$/.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}

const shape = {
  url: urlText(['http:', 'https:']).refine((url) => feishuHookToken(url) !== undefined, 'must be the bot’s webhook URL, ending in /open-apis/bot/v2/hook/<token>'),
  secret: text().optional(),
};

export const feishuChannelOptions: ChannelType<FeishuChannelOptions> = {
  name: 'feishu',
  optionsSchema: mapping(shape, 'option for a feishu channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): FeishuChannelOptions => ({ url: o.url, secret: o.secret }),
  ),
  defaultLanguage: 'zh-CN',
  secretsOf: (options) => [options.url, feishuHookToken(options.url), options.secret].filter((s): s is string => s !== undefined),
  problemsWith: () => [],
};

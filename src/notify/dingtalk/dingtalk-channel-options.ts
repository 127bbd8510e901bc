import { z } from 'zod';
import { describeValue, mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface DingTalkChannelOptions {
  /** The robot's webhook, `https://oapi.dingtalk.com/robot/send?access_token=…`: a secret, the token is in it. */
  url: string;
  /** The robot's signing secret (`SEC…`), when its security setting is "加签". */
  secret?: string;
  /** Mobiles @-mentioned on FAILED and STUCK. */
  atMobiles: string[];
  /** @所有人 on FAILED and STUCK. */
  atAll: boolean;
}

const NO_TOKEN = 'must be the robot webhook with its access_token, like https://oapi.dingtalk.com/robot/send?access_token=…';

/** The access_token inside a webhook URL, or undefined. */
export function accessTokenOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('access_token') || undefined;
  } catch {
    return undefined;
  }
}

// `at_mobiles: ${ONCALL_MOBILES}` brings a comma-separated text.
const mobiles = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
  z.array(text().pipe(z.string().regex(/^\+?[\d-]{5,20}$/, 'must be a mobile number like 13800001111')), {
    error: (issue) => `expected a list of mobile numbers, got ${describeValue(issue.input)}`,
  }),
);

const shape = {
  // An unparsable URL is already reported by urlText: one problem, not two.
  url: urlText(['http:', 'https:']).refine((url) => !URL.canParse(url) || accessTokenOf(url) !== undefined, NO_TOKEN),
  secret: text().optional(),
  at_mobiles: mobiles.default([]),
  at_all: z.boolean({ error: (issue) => `expected true or false, got ${describeValue(issue.input)}` }).default(false),
};

export const dingTalkChannelOptions: ChannelType<DingTalkChannelOptions> = {
  name: 'dingtalk',
  optionsSchema: mapping(shape, 'option for a dingtalk channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): DingTalkChannelOptions => ({ url: o.url, secret: o.secret, atMobiles: o.at_mobiles, atAll: o.at_all }),
  ),
  defaultLanguage: 'zh-CN',
  // The URL carries the access_token: whoever has either can post to the group.
  secretsOf: (options) => [options.url, accessTokenOf(options.url), options.secret].filter((s): s is string => Boolean(s)),
  problemsWith: () => [],
};

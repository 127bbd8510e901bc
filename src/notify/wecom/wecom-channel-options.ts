import { z } from 'zod';
import { mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';
import { wecomKeyOf } from './wecom-key';
import { WECOM_LIMITS } from './wecom-limits';

export interface WecomChannelOptions {
  /** The robot's webhook URL, `…/cgi-bin/webhook/send?key=…`: the key is the robot's only credential. */
  url: string;
  /** WeCom user ids mentioned (`<@userid>`) in FAILED and STUCK alerts. */
  mention?: string[];
}

export const wecomUrl = urlText(['http:', 'https:']).refine(
  (url) => wecomKeyOf(url) !== undefined,
  'must be the robot\'s webhook URL with its key, like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (copy it from the group\'s robot settings)',
);

// WeCom's userid alphabet: letters, digits, "_", "-", "@", "."; nothing that could close or open a tag.
const userId = text().pipe(z.string().regex(/^[A-Za-z0-9@][A-Za-z0-9_.@-]{0,63}$/, 'must be a WeCom user id (letters, digits, _ - @ ., at most 64)'));

const shape = {
  url: wecomUrl,
  mention: z
    .preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(userId, { error: 'expected a list of WeCom user ids' }))
    .refine((ids) => ids.length <= WECOM_LIMITS.mentions, `at most ${WECOM_LIMITS.mentions} user ids`)
    .optional(),
};

export const wecomChannelOptions: ChannelType<WecomChannelOptions> = {
  name: 'wecom',
  optionsSchema: mapping(shape, 'option for a wecom channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): WecomChannelOptions => ({ url: o.url, mention: o.mention }),
  ),
  defaultLanguage: 'zh-CN',
  secretsOf: (options) => {
    const key = wecomKeyOf(options.url);
    return key ? [options.url, key] : [options.url];
  },
  problemsWith: () => [],
};

import { z } from 'zod';
import { mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface SlackChannelOptions {
  /** Channel id (C0123ABCD) or name. */
  channel: string;
  /** Another workspace or app; else SLACK_BOT_TOKEN. */
  token?: string;
  /** Raw Slack syntax (`<!here>`, `<!subteam^S0123>`) opening FAILED and STUCK alerts. */
  mention?: string;
  apiUrl?: string;
  /** Each failing streak in one thread; else SLACK_THREADS. */
  threads?: boolean;
}

const shape = {
  channel: text('required: the Slack channel id or name, e.g. C0123ABCD'),
  token: text().optional(),
  mention: text().optional(),
  api_url: urlText(['http:', 'https:']).optional(),
  threads: z.boolean('expected true or false').optional(),
};

export const slackChannelOptions: ChannelType<SlackChannelOptions> = {
  name: 'slack',
  optionsSchema: mapping(shape, 'option for a slack channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): SlackChannelOptions => ({ channel: o.channel, token: o.token, mention: o.mention, apiUrl: o.api_url, threads: o.threads }),
  ),
  defaultLanguage: 'en',
  secretsOf: (options) => (options.token ? [options.token] : []),
  problemsWith: (options, env) =>
    options.token || env.SLACK_BOT_TOKEN ? [] : [{ key: 'token', message: 'a slack channel needs token: or SLACK_BOT_TOKEN in the environment' }],
};

import type { Config } from '../../config/config';
import type { ChannelKind } from '../channel-kind';
import { type SlackChannelOptions, slackChannelOptions } from './slack-channel-options';
import { checkSlack } from './slack-check';
import { SLACK_LIMITS } from './slack-limits';
import { createSlackNotifier } from './slack-notifier';

const resolve = (options: SlackChannelOptions, config: Config) => ({
  channel: options.channel,
  // The file may leave the token out: the environment's SLACK_BOT_TOKEN is then used.
  token: options.token ?? config.slack?.token ?? '',
  apiUrl: options.apiUrl ?? config.slackApiUrl,
  failureMention: options.mention,
  threads: options.threads ?? config.slackThreads,
});

export const slackChannelKind: ChannelKind<SlackChannelOptions> = {
  ...slackChannelOptions,
  displayName: 'Slack',
  envVariables: ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL'],
  fromEnv: (config) => (config.slack ? { channel: config.slack.channel, token: config.slack.token, mention: config.slack.failureMention, apiUrl: config.slack.apiUrl } : undefined),
  create: (name, options, context) => {
    const resolved = resolve(options, context.config);
    // Clicks are answered with SLACK_BOT_TOKEN: a channel of another workspace or app gets no buttons.
    const actions = context.config.slackActions && resolved.token === context.config.slack?.token ? { account: 'default' } : undefined;
    return {
      notifier: createSlackNotifier(resolved, context.displayTimeZone, { name, workflowLabel: context.workflowLabel, language: context.language, actions }),
      immediate: true,
    };
  },
  check: (name, options, config) => checkSlack(name, resolve(options, config)),
  limits: { messagesPerSecond: 1, maxTextChars: SLACK_LIMITS.text },
};

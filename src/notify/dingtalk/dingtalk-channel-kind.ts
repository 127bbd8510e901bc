import type { ChannelKind } from '../channel-kind';
import { type DingTalkChannelOptions, dingTalkChannelOptions } from './dingtalk-channel-options';
import { checkDingTalk } from './dingtalk-check';
import { DINGTALK_LIMITS } from './dingtalk-message';
import { createDingTalkNotifier } from './dingtalk-notifier';

export const dingTalkChannelKind: ChannelKind<DingTalkChannelOptions> = {
  ...dingTalkChannelOptions,
  displayName: 'DingTalk',
  envVariables: ['DINGTALK_WEBHOOK_URL', 'DINGTALK_SECRET'],
  fromEnv: (config) => (config.dingtalk ? { url: config.dingtalk.url, secret: config.dingtalk.secret, atMobiles: [], atAll: false } : undefined),
  create: (name, options, context) => ({
    notifier: createDingTalkNotifier(options, { name, displayTimeZone: context.displayTimeZone, language: context.language, workflowLabel: context.workflowLabel }),
    immediate: true,
  }),
  check: (name, options) => checkDingTalk(name, options),
  // The pace keeps any minute within the robot's 20, the first message's token included: 1 + 19 a minute.
  limits: { messagesPerSecond: DINGTALK_LIMITS.perMinute / 60, maxTextChars: DINGTALK_LIMITS.text, floodRate: { ratePerSec: (DINGTALK_LIMITS.perMinute - 1) / 60, burst: 1 } },
};

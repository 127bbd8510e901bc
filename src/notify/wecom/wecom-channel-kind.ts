import type { ChannelKind } from '../channel-kind';
import { type WecomChannelOptions, wecomChannelOptions } from './wecom-channel-options';
import { checkWecom } from './wecom-check';
import { WECOM_LIMITS } from './wecom-limits';
import { createWecomNotifier } from './wecom-notifier';

export const wecomChannelKind: ChannelKind<WecomChannelOptions> = {
  ...wecomChannelOptions,
  displayName: 'WeCom',
  envVariables: ['WECOM_WEBHOOK_URL'],
  fromEnv: (config) => (config.wecom ? { url: config.wecom.url } : undefined),
  create: (name, options, context) => ({
    notifier: createWecomNotifier(options, { name, displayTimeZone: context.displayTimeZone, language: context.language, workflowLabel: context.workflowLabel }),
    immediate: true,
  }),
  check: (name, options) => checkWecom(name, options),
  // The limit is 4,096 bytes of UTF-8, which also bounds the characters; the builder measures bytes.
  // The pace keeps any minute within the robot's 20, the first message's token included: 1 + 19 a minute.
  limits: { messagesPerSecond: WECOM_LIMITS.messagesPerMinute / 60, maxTextChars: WECOM_LIMITS.contentBytes, floodRate: { ratePerSec: (WECOM_LIMITS.messagesPerMinute - 1) / 60, burst: 1 } },
};

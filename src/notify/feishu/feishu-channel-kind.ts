import type { ChannelKind } from '../channel-kind';
import { type FeishuChannelOptions, feishuChannelOptions } from './feishu-channel-options';
import { checkFeishu } from './feishu-check';
import { FEISHU_LIMITS } from './feishu-message';
import { createFeishuNotifier } from './feishu-notifier';

export const feishuChannelKind: ChannelKind<FeishuChannelOptions> = {
  ...feishuChannelOptions,
  displayName: 'Feishu',
  envVariables: ['FEISHU_WEBHOOK_URL', 'FEISHU_SECRET'],
  fromEnv: (config) => (config.feishu ? { url: config.feishu.url, secret: config.feishu.secret } : undefined),
  create: (name, options, context) => ({
    notifier: createFeishuNotifier(options, { name, displayTimeZone: context.displayTimeZone, language: context.language, workflowLabel: context.workflowLabel }),
    immediate: true,
  }),
  check: (name, options) => checkFeishu(name, options),
  // The whole JSON body is what Feishu measures, so it is the "text" held to the limit.
  limits: { messagesPerSecond: 5, maxTextChars: FEISHU_LIMITS.bodyBytes },
};

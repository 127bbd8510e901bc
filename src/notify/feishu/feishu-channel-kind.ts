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
  // Feishu allows 5/s and 100/min: a burst of 3 then 1.5/s keeps any second under 5 (3 + 1.5) and any minute under 100 (3 + 90).
  limits: { messagesPerSecond: 5, maxTextChars: FEISHU_LIMITS.bodyBytes, floodRate: { ratePerSec: 1.5, burst: 3 } },
};

import type { ChannelKind } from '../channel-kind';
import { checkWebhook } from './webhook-check';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, type WebhookChannelOptions, webhookChannelOptions } from './webhook-channel-options';
import { createWebhookNotifier } from './webhook-notifier';
import { webhookTarget } from './post-webhook';

const target = (options: WebhookChannelOptions) => webhookTarget({ ...options, timeoutMs: options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS });

export const webhookChannelKind: ChannelKind<WebhookChannelOptions> = {
  ...webhookChannelOptions,
  displayName: 'webhook',
  envVariables: ['WEBHOOK_URL', 'WEBHOOK_SECRET'],
  fromEnv: (config) => (config.webhook ? { url: config.webhook.url, secret: config.webhook.secret } : undefined),
  create: (name, options, context) => ({
    notifier: createWebhookNotifier(target(options), { name, language: context.language, displayTimeZone: context.displayTimeZone, workflowLabel: context.workflowLabel }),
    immediate: true,
  }),
  check: (name, options) => checkWebhook(name, target(options)),
  limits: {},
};

import type { Language } from '../../i18n/messages';
import type { Notifier } from '../notifier';
import { buildWebhookNoticePayload, buildWebhookPayload, type WebhookPayload } from './webhook-payload';
import { postWebhook, type WebhookTarget } from './post-webhook';

export interface WebhookNotifierOptions {
  name: string;
  language: Language;
  displayTimeZone: string;
  workflowLabel?: (projectId: string) => string;
}

/** Posts each alert and notice as signed JSON; postWebhook throws the NotifyError its classifier chose. */
export function createWebhookNotifier(target: WebhookTarget, options: WebhookNotifierOptions): Notifier {
  const context = { channel: options.name, language: options.language, timeZone: options.displayTimeZone, workflowLabel: options.workflowLabel };
  const deliver = (payload: WebhookPayload) => postWebhook(target, JSON.stringify(payload), payload.delivery_id);
  return {
    channel: options.name,
    send: (transition, sendOptions = {}) => deliver(buildWebhookPayload(transition, context, { test: sendOptions.test })),
    sendNotice: (notice) => deliver(buildWebhookNoticePayload(notice, context)),
  };
}

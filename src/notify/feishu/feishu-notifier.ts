import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import { buildGroupFacts } from '../group-facts';
import type { Notifier } from '../notifier';
import { describeNotice } from '../notice-text';
import type { FeishuChannelOptions } from './feishu-channel-options';
import { classifyFeishuAnswer } from './feishu-classify';
import { buildFeishuGroupCard } from './feishu-group-card';
import { buildFeishuCard, buildFeishuNotice } from './feishu-message';
import { feishuSignature } from './feishu-sign';

export interface FeishuNotifierContext {
  name: string;
  displayTimeZone: string;
  language: Language;
  workflowLabel?: (projectId: string) => string;
  timeoutMs?: number;
}

/**
 * POSTs `body` to the hook, signed when the channel has a secret; throws the classified NotifyError unless
 * Feishu accepted it. The URL never reaches an error: it holds the token.
 */
export async function postToFeishu(options: FeishuChannelOptions, body: object, timeoutMs = 15_000): Promise<void> {
  const signed = options.secret ? { ...body, ...feishuSignature(options.secret, Date.now()) } : body;
  let failure;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(signed),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    failure = classifyFeishuAnswer({ status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') });
  } catch (error) {
    failure = classifyFeishuAnswer({ error });
  }
  if (failure) throw failure;
}

export function createFeishuNotifier(options: FeishuChannelOptions, context: FeishuNotifierContext): Notifier {
  return {
    channel: context.name,
    async send(transition: Transition, sendOptions = {}) {
      const facts = buildAlertFacts(transition, context.displayTimeZone, { test: sendOptions.test, workflowLabel: context.workflowLabel, language: context.language });
      await postToFeishu(options, buildFeishuCard(facts), context.timeoutMs);
    },
    async sendNotice(notice) {
      await postToFeishu(options, buildFeishuNotice(describeNotice(notice, context.displayTimeZone), notice.kind, context.language), context.timeoutMs);
    },
    async sendGroup(transitions, groupContext) {
      const facts = buildGroupFacts(transitions, { timeZone: context.displayTimeZone, workflowLabel: context.workflowLabel, language: context.language, remaining: groupContext.remaining });
      await postToFeishu(options, buildFeishuGroupCard(facts), context.timeoutMs);
    },
  };
}

import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import { buildGroupFacts } from '../group-facts';
import type { Notifier } from '../notifier';
import { describeNotice } from '../notice-text';
import { classifyWecomAnswer } from './classify-wecom-answer';
import type { WecomChannelOptions } from './wecom-channel-options';
import { wecomChannelOptions } from './wecom-channel-options';
import { buildWecomGroupMessage, wecomGroupCapacity } from './wecom-group-message';
import { buildWecomMessage, buildWecomNotice } from './wecom-message';

export interface WecomNotifierOptions {
  name: string;
  displayTimeZone: string;
  language: Language;
  workflowLabel?: (projectId: string) => string;
  timeoutMs?: number;
}

/** POSTs one markdown message to the robot; throws the classifier's NotifyError unless WeCom said errcode 0. */
export async function postToWecom(url: string, payload: unknown, timeoutMs: number): Promise<{ status: number; body: string } | { error: unknown }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error };
  }
}

export function createWecomNotifier(channel: WecomChannelOptions, options: WecomNotifierOptions): Notifier {
  const secrets = wecomChannelOptions.secretsOf(channel);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deliver = async (payload: unknown) => {
    const result = await postToWecom(channel.url, payload, timeoutMs);
    const failure = classifyWecomAnswer('error' in result ? { kind: 'unreachable', error: result.error } : { kind: 'answer', ...result }, secrets);
    if (failure) throw failure;
  };
  return {
    channel: options.name,
    async send(transition: Transition, sendOptions = {}) {
      const facts = buildAlertFacts(transition, options.displayTimeZone, { test: sendOptions.test, workflowLabel: options.workflowLabel, language: options.language });
      await deliver(buildWecomMessage(facts, { mention: channel.mention }));
    },
    async sendNotice(notice) {
      const text = describeNotice(notice, options.displayTimeZone, options.language);
      await deliver(buildWecomNotice(text, { language: options.language, colour: notice.kind === 'unreachable' ? 'warning' : 'info' }));
    },
    groupMax: wecomGroupCapacity(channel.mention),
    async sendGroup(transitions, context) {
      const facts = buildGroupFacts(transitions, { timeZone: options.displayTimeZone, workflowLabel: options.workflowLabel, language: options.language, remaining: context.remaining });
      await deliver(buildWecomGroupMessage(facts, { mention: channel.mention }));
    },
  };
}

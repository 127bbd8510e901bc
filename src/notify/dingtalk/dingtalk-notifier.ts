import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import { buildGroupFacts } from '../group-facts';
import type { Notifier } from '../notifier';
import { describeNotice } from '../notice-text';
import { classifyDingTalkAnswer, type DingTalkAnswer } from './classify-dingtalk-answer';
import type { DingTalkChannelOptions } from './dingtalk-channel-options';
import { buildDingTalkGroupMessage, dingTalkGroupCapacity } from './dingtalk-group-message';
import { buildDingTalkMessage, buildDingTalkNotice } from './dingtalk-message';
import { signedDingTalkUrl } from './dingtalk-sign';

export interface DingTalkNotifierContext {
  name: string;
  displayTimeZone: string;
  language: Language;
  workflowLabel?: (projectId: string) => string;
  timeoutMs?: number;
}

/** One POST to the robot, signed at the moment it leaves; what came back, never thrown. */
export async function postToDingTalk(options: Pick<DingTalkChannelOptions, 'url' | 'secret'>, body: unknown, timeoutMs = 15_000): Promise<DingTalkAnswer> {
  try {
    const response = await fetch(signedDingTalkUrl(options.url, options.secret, Date.now()), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
  } catch (failure) {
    return { failure };
  }
}

/** Markdown alerts to a DingTalk custom robot; FAILED and STUCK @ the configured people. */
export function createDingTalkNotifier(options: DingTalkChannelOptions, context: DingTalkNotifierContext): Notifier {
  const send = async (message: unknown) => {
    const failure = classifyDingTalkAnswer(await postToDingTalk(options, message, context.timeoutMs));
    if (failure) throw failure;
  };
  return {
    channel: context.name,
    async send(transition: Transition, sendOptions = {}) {
      const facts = buildAlertFacts(transition, context.displayTimeZone, { test: sendOptions.test, workflowLabel: context.workflowLabel, language: context.language });
      await send(buildDingTalkMessage(facts, options));
    },
    async sendNotice(notice) {
      const text = describeNotice(notice, context.displayTimeZone, context.language);
      await send(buildDingTalkNotice(text, context.language, { ...options, alarming: notice.kind === 'unreachable' }));
    },
    groupMax: dingTalkGroupCapacity(options),
    async sendGroup(transitions, groupContext) {
      const facts = buildGroupFacts(transitions, { timeZone: context.displayTimeZone, workflowLabel: context.workflowLabel, language: context.language, remaining: groupContext.remaining });
      await send(buildDingTalkGroupMessage(facts, options));
    },
  };
}

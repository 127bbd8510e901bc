import type { Language } from '../../i18n/messages';
import { formatDurationIn, t } from '../../i18n/messages';
import type { RootView } from '../../oncall/streak-thread-plan';
import type { AlertFacts } from '../alert-facts';
import { clock, formatRunning } from '../oncall-lines';
import { fitMrkdwn, truncate } from '../text';
import type { SlackMessage } from './slack-message';
import { SLACK_LIMITS } from './slack-limits';

/** `35m`, `2h 03m`: minutes are what matters for a streak; under a minute in seconds. */
const streakDuration = (language: Language, ms: number): string => (ms < 60_000 ? formatDurationIn(language, Math.max(0, ms)) : formatRunning(language, ms));

/** The root's first line: `❌ 发票下载 failing: 5 failed runs since 09:12, latest 09:47`, or that it recovered. */
export function describeRootView(view: RootView, workflow: string, timeZone: string, language: Language): string {
  if (view.kind === 'failing') {
    const key = view.count === 1 ? 'thread.failing_one' : 'thread.failing';
    return t(language, key, { icon: '❌', workflow, count: view.count, since: clock(view.since, view.latestAt, timeZone), latest: clock(view.latestAt, view.latestAt, timeZone) });
  }
  const key = view.failures === 1 ? 'thread.root_recovered_one' : 'thread.root_recovered';
  return t(language, key, { icon: '✅', workflow, at: clock(view.at, view.at, timeZone), failures: view.failures, since: clock(view.since, view.at, timeZone), duration: streakDuration(language, view.durationMs) });
}

/** The reply that ends a streak, on top of the COMPLETED alert: `✅ 发票下载 recovered after 5 failed runs (35m)`. */
export function describeRecoveryReply(failures: number, durationMs: number, workflow: string, language: Language): string {
  return t(language, failures === 1 ? 'thread.recovered_one' : 'thread.recovered', { icon: '✅', workflow, failures, duration: streakDuration(language, durationMs) });
}

/**
 * An alert (as buildSlackMessage made it) with `headline` in place of its header: the root once edited
 * (the streak's count, then its recovery, above the first failure's details) and the recovery reply.
 * The fallback text (notifications, screen readers) is the headline too, unless `text` is given.
 */
export function withHeadline(alert: SlackMessage, headline: string, language: Language, options: { note?: string; text?: string; mrkdwnNote?: string } = {}): SlackMessage {
  const header = { type: 'header' as const, text: { type: 'plain_text' as const, text: truncate(headline, SLACK_LIMITS.headerText, language), emoji: false } };
  // mrkdwn, so that a user mention (`<@U0123>`) shows as a name; the text is the bot's own.
  const marked = options.mrkdwnNote ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: options.mrkdwnNote }] }] : [];
  const note = [...marked, ...(options.note ? [{ type: 'context' as const, elements: [{ type: 'plain_text' as const, text: options.note, emoji: false }] }] : [])];
  const rest = alert.blocks[0]?.type === 'header' ? alert.blocks.slice(1) : alert.blocks;
  return { text: fitMrkdwn(options.text ?? headline, SLACK_LIMITS.text, language), blocks: [header, ...note, ...rest].slice(0, SLACK_LIMITS.blocks) };
}

/** The reply that ends a streak: the recovery on top; its fallback text (the broadcast's notification) names the execution too. */
export function buildSlackRecoveryReply(facts: AlertFacts, alert: SlackMessage, failures: number, durationMs: number): SlackMessage {
  const headline = describeRecoveryReply(failures, durationMs, facts.workflow, facts.language);
  return withHeadline(alert, headline, facts.language, { text: t(facts.language, 'thread.recovered_text', { headline, execution: facts.executionId }) });
}

/** The root of a streak (`alert`: its first failure), edited to say `view`; its text no longer holds the @-mention: the first post paged already. */
export function buildSlackRoot(facts: AlertFacts, alert: SlackMessage, view: RootView, timeZone: string): SlackMessage {
  const acked = view.kind === 'failing' && view.ackedBy ? t(facts.language, 'action.acked', { user: `<@${view.ackedBy}>` }) : undefined;
  return withHeadline(alert, describeRootView(view, facts.workflow, timeZone, facts.language), facts.language, { note: t(facts.language, 'thread.root_first'), mrkdwnNote: acked });
}

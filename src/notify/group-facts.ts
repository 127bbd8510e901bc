import { type AlertGroup, groupAlerts, type WaitingAlert } from '../domain/group-alerts';
import { errorFingerprint } from '../domain/error-fingerprint';
import type { Transition } from '../domain/transition';
import { type Language, statusText, t } from '../i18n/messages';
import { buildAlertFacts } from './alert-facts';
import { truncate } from './text';

/** The first line of an error or result a grouped message shows per execution, at most this long. */
const SUMMARY_CHARS = 160;

/** One execution of a grouped message, in the words people read. */
export interface GroupLine {
  icon: string;
  status: string;
  statusText: string;
  workflow: string;
  executionId: string;
  shortId: string;
  /** First line of the error (or of the result), cut; empty when there is none. */
  summary: string;
}

/** Everything a grouped message says, whatever the channel. */
export interface GroupFacts {
  language: Language;
  icon: string;
  /** `47 failed, 3 completed`. */
  statuses: string;
  count: number;
  /** More alerts still waiting for a later message. */
  remaining: number;
  failures: boolean;
  lines: GroupLine[];
  byWorkflow: { workflow: string; counts: string }[];
  byError: { text: string }[];
}

/**
 * A batch of alerts as one grouped message's facts: groupAlerts orders them (failures first) and counts
 * them per workflow and per error fingerprint; each alert becomes one line. Pure: every builder (Slack,
 * email) turns these into its format and limits.
 */
export function buildGroupFacts(transitions: readonly Transition[], options: { timeZone: string; language?: Language; workflowLabel?: (projectId: string) => string; remaining: number }): GroupFacts {
  const language = options.language ?? 'en';
  const byKey = new Map<string, GroupLine>();
  const waiting: WaitingAlert[] = transitions.map((transition) => {
    const facts = buildAlertFacts(transition, options.timeZone, { workflowLabel: options.workflowLabel, language });
    const detail = facts.error ?? facts.result?.msg ?? facts.result?.other ?? '';
    const summary = truncate(firstLine(detail), SUMMARY_CHARS, language);
    byKey.set(`${facts.executionId}|${facts.status}`, { icon: facts.icon, status: facts.status, statusText: facts.statusText, workflow: facts.workflow, executionId: facts.executionId, shortId: facts.shortId, summary });
    const error = transition.execution.status === 'FAILED' ? transition.execution.error : null;
    const fingerprint = error ? (transition.sameError?.fingerprint ?? errorFingerprint(error).fingerprint) : undefined;
    return { workflow: facts.workflow, executionId: facts.executionId, status: facts.status, summary, fingerprint, detectedAt: transition.detectedAt };
  });
  // One batch is at most one group (the drain takes no more), so everything lands in the first.
  const group: AlertGroup | undefined = groupAlerts(waiting, Math.max(1, waiting.length))[0];
  const alerts = group?.alerts ?? [];
  const separator = t(language, 'group.separator');
  const statusCounts = new Map<string, number>();
  for (const alert of alerts) statusCounts.set(alert.status, (statusCounts.get(alert.status) ?? 0) + 1);
  const countsOf = (counts: Iterable<[string, number]>) => [...counts].map(([status, count]) => t(language, 'group.status_count', { count, status: statusText(language, status).toLowerCase() })).join(separator);
  const failures = alerts.some((a) => a.status !== 'COMPLETED');
  return {
    language,
    icon: failures ? '🚨' : '✅',
    statuses: countsOf(statusCounts),
    count: alerts.length,
    remaining: options.remaining,
    failures,
    lines: alerts.map((a) => byKey.get(`${a.executionId}|${a.status}`)!),
    byWorkflow: (group?.byWorkflow ?? []).map((w) => ({ workflow: w.workflow, counts: countsOf(Object.entries(w.byStatus)) })),
    byError: (group?.byFingerprint ?? [])
      .filter((f) => f.count > 1)
      .map((f) => ({ text: t(language, f.workflows > 1 ? 'group.error_line' : 'group.error_line_one', { count: f.count, workflows: f.workflows, summary: f.summary }) })),
  };
}

function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
}

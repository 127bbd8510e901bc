import { formatInstant } from '../../domain/api-time';
import type { Digest, DigestWorkflow } from '../../domain/build-digest';
import type { Transition } from '../../domain/transition';
import { formatDurationIn, type Language, type MessageKey, t } from '../../i18n/messages';
import { renderValue } from '../alert-facts';
import { oneLine } from '../text';
import type { EntryKind, FittedDigest } from './digest-fit';

/** What renders a digest: its language, zone, period and what fitted in the mail. */
export interface DigestRender {
  language: Language;
  zone: string;
  period: string;
  fitted: FittedDigest;
  detail: (t: Transition, kind: EntryKind) => string;
  /** `[muted by …] ` for a muted run, else empty. */
  muted: (t: Transition) => string;
  /** The group of a failure whose error other failures of its workflow share; undefined for an error seen once. */
  failureGroup: (t: Transition) => FailureGroupView | undefined;
  note: string | undefined;
}

/** What a digest shows of a group of failures with one fingerprint: `14 × <first line>`, then the full error once. */
export interface FailureGroupView {
  fingerprint: string;
  count: number;
  headline: string;
  /** The oldest run's whole error (cut), when it says more than its first line. */
  body: string | undefined;
}

/**
 * Walks a section's runs in order and tells, for each, whether it opens a group of same-error failures
 * (its heading goes before it) and whether it is shown in the grouped (short) form.
 */
export function eachEntry(list: readonly Transition[], kind: EntryKind, r: Pick<DigestRender, 'failureGroup'>, visit: (t: Transition, group: FailureGroupView | undefined, opens: boolean) => void): void {
  let previous: string | undefined;
  for (const t of list) {
    const group = kind === 'failures' ? r.failureGroup(t) : undefined;
    visit(t, group, group !== undefined && group.fingerprint !== previous);
    previous = group?.fingerprint;
  }
}

export type Say = (key: MessageKey, params?: Record<string, string | number>) => string;
export const sayIn = (language: Language): Say => (key, params) => t(language, key, params);

/** `2026-11-25 14:00–15:00`, or both dates when the period spans midnight; seconds when a bound is not a whole minute. */
export function formatPeriod(start: number, end: number, timeZone: string): string {
  const a = formatInstant(start, timeZone);
  const b = formatInstant(end, timeZone);
  const width = start % 60_000 === 0 && end % 60_000 === 0 ? 5 : 8;
  const [dateA, timeA] = [a.slice(0, 10), a.slice(11, 11 + width)];
  const [dateB, timeB] = [b.slice(0, 10), b.slice(11, 11 + width)];
  const midnight = /^00:00(:00)?$/;
  if (dateA === dateB || (midnight.test(timeB) && end - start <= 86_400_000 && !midnight.test(timeA))) return `${dateA} ${timeA}–${timeB}`;
  return `${dateA} ${timeA} – ${dateB} ${timeB}`;
}

/** `3 failed, 5 completed, 1 other` (the other count only when there are any). */
export function countsLine(digest: Pick<Digest, 'failed' | 'completed' | 'other'>, say: Say): string {
  const counts = [say('digest.count_failed', { count: digest.failed }), say('digest.count_completed', { count: digest.completed })];
  if (digest.other > 0) counts.push(say('digest.count_other', { count: digest.other }));
  return counts.join(say('digest.list_separator'));
}

export function digestSubject(digest: Digest, timeZone: string, options: { reduced?: boolean; language?: Language } = {}): string {
  const say = sayIn(options.language ?? 'en');
  const what = digest.failed + digest.completed + digest.other === 0 ? say('digest.nothing') : countsLine(digest, say);
  return oneLine(say('digest.subject', { period: formatPeriod(digest.periodStart, digest.periodEnd, timeZone), reduced: options.reduced ? say('digest.subject_reduced') : '', what }));
}

export const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
export const dur = (ms: number | null, language: Language) => (ms === null ? '—' : formatDurationIn(language, ms));
export const runTime = (t: Transition, language: Language) =>
  t.execution.startMs !== null && t.execution.endMs !== null && t.execution.endMs >= t.execution.startMs ? formatDurationIn(language, t.execution.endMs - t.execution.startMs) : '—';
export const endedAt = (t: Transition, zone: string) => formatInstant(t.execution.endMs ?? t.detectedAt, zone).slice(0, 19);
export const resultLine = (t: Transition): string => {
  const r = t.execution.result;
  if (r === null) return '';
  if (typeof r === 'object' && !Array.isArray(r)) {
    const parts = [r.msg === undefined || r.msg === null ? '' : renderValue(r.msg), r.data === undefined || r.data === null ? '' : renderValue(r.data)].filter(Boolean);
    return parts.join(' · ');
  }
  return renderValue(r);
};

const n = (count: number) => count.toLocaleString('en-US');

/** `… and 3,912 more failures not listed here …`, or undefined when everything is listed. */
export function notListedLine(fitted: FittedDigest, say: Say): string | undefined {
  const parts = [
    fitted.notListed.failures > 0 ? say('digest.more_failures', { count: n(fitted.notListed.failures) }) : '',
    fitted.notListed.completions > 0 ? say('digest.more_completions', { count: n(fitted.notListed.completions) }) : '',
    fitted.notListed.others > 0 ? say('digest.more_others', { count: n(fitted.notListed.others) }) : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const workflows = fitted.workflowsNotListed > 0 ? say('digest.workflows_without_row', { count: n(fitted.workflowsNotListed) }) : '';
  return say('digest.not_listed', { parts: parts.join(say('digest.list_separator')), workflows });
}

export const moreWorkflowsLine = (fitted: FittedDigest, say: Say) => say('digest.more_workflows', { count: n(fitted.workflowsNotListed) });

export const textSummaryRow = (w: DigestWorkflow, language: Language) =>
  `${w.workflow} | ${w.failed} | ${w.completed} | ${pct(w.failureRate)} | ${dur(w.totalRunMs, language)} | ${dur(w.medianRunMs, language)}`;
export const textEntry = (t: Transition, detail: string, zone: string, language: Language) =>
  `${endedAt(t, zone)}  ${t.execution.id}  (${runTime(t, language)})\n    ${detail.replace(/\n/g, '\n    ')}`;
/** A run of a same-error group: its error is in the group's heading, so one line (and the mute mark). */
export const textGroupedEntry = (t: Transition, muted: string, zone: string, language: Language) =>
  `${endedAt(t, zone)}  ${t.execution.id}  (${runTime(t, language)})${muted ? `  ${muted.trim()}` : ''}`;
export const textGroupHead = (group: FailureGroupView) => `${group.headline}${group.body ? `\n    ${group.body.replace(/\n/g, '\n    ')}` : ''}`;

export const SECTIONS: { id: string; kind: EntryKind; title: MessageKey; color: string; notShown: (w: DigestWorkflow) => number }[] = [
  { id: 'failures', kind: 'failures', title: 'digest.section.failures', color: '#b42318', notShown: (w) => w.failuresNotShown },
  { id: 'completions', kind: 'completions', title: 'digest.section.completions', color: '#067647', notShown: (w) => w.completionsNotShown },
  { id: 'others', kind: 'others', title: 'digest.section.others', color: '#475467', notShown: (w) => w.othersNotShown },
];

/** The plain-text part of the digest mail. */
export function renderDigestText(full: Digest, r: DigestRender): string {
  const say = sayIn(r.language);
  const digest = r.fitted.digest;
  const lines = [say('digest.text_title', { period: r.period, zone: r.zone }), countsLine(full, say), ''];
  if (r.note) lines.push(r.note, '');
  if (full.workflows.length === 0) {
    lines.push(say('digest.empty'));
    return lines.join('\n');
  }
  lines.push(say('digest.text_table_head'));
  for (const w of digest.workflows) lines.push(textSummaryRow(w, r.language));
  if (r.fitted.workflowsNotListed > 0) lines.push(moreWorkflowsLine(r.fitted, say));
  for (const { kind, title, notShown } of SECTIONS) {
    const groups = digest.workflows.filter((w) => w[kind].length > 0);
    if (groups.length === 0) continue;
    lines.push('', `== ${say(title)} ==`);
    for (const w of groups) {
      lines.push('', say('digest.text_group', { workflow: w.workflow }));
      eachEntry(w[kind], kind, r, (t, group, opens) => {
        if (opens && group) lines.push(textGroupHead(group));
        lines.push(group ? textGroupedEntry(t, r.muted(t), r.zone, r.language) : textEntry(t, r.detail(t, kind), r.zone, r.language));
      });
      if (notShown(w) > 0) lines.push(say('digest.not_shown', { count: notShown(w) }));
    }
  }
  const more = notListedLine(r.fitted, say);
  if (more) lines.push('', more);
  lines.push('', say('digest.footer', { zone: r.zone }));
  return lines.join('\n');
}

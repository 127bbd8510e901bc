import { type Digest, type DigestWorkflow, failureFingerprint } from '../../domain/build-digest';
import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { escapeHtml, truncate } from '../text';
import { type DigestBudget, type DigestCosts, type EntryKind, fitDigest } from './digest-fit';
import {
  type DigestRender,
  digestSubject,
  dur,
  eachEntry,
  endedAt,
  type FailureGroupView,
  formatPeriod,
  moreWorkflowsLine,
  notListedLine,
  pct,
  renderDigestText,
  resultLine,
  runTime,
  type Say,
  SECTIONS,
  sayIn,
  textEntry,
  textGroupedEntry,
  textGroupHead,
  textSummaryRow,
} from './digest-text';
import type { EmailMessage } from './email-message';

export { digestSubject, formatPeriod } from './digest-text';

/**
 * The whole mail stays under 1 MB as the SMTP server receives it: HTML and text together get 600 kB,
 * which leaves room for the transfer encoding (base64 adds a third) and the headers.
 */
export const DIGEST_BUDGET: DigestBudget = { bytes: 600_000, list: ['failures', 'completions', 'others'] };
/** After a permanent refusal of the full digest: counts and failures only, small. */
export const REDUCED_DIGEST_BUDGET: DigestBudget = { bytes: 100_000, list: ['failures'] };
const MAX_ERROR_CHARS = 500;
const MAX_REDUCED_ERROR_CHARS = 200;
const MAX_RESULT_CHARS = 300;
const MAX_HEADLINE_CHARS = 200;

export interface DigestMessageOptions {
  /** The reply code of the server's refusal of the full digest: builds the reduced form, with counts and failures only. */
  refusedWith?: string;
  /** The language of the email channel the digest goes to (default en). */
  language?: Language;
}

/**
 * The digest mail: a summary table per workflow, then failures (with errors), then completions; HTML and
 * text. What it lists is bounded (DIGEST_BUDGET), the rest counted, so the mail stays under 1 MB.
 */
export function buildDigestMessage(digest: Digest, timeZone: string, options: DigestMessageOptions = {}): EmailMessage {
  const language = options.language ?? 'en';
  const say = sayIn(language);
  const reduced = options.refusedWith !== undefined;
  const errorChars = reduced ? MAX_REDUCED_ERROR_CHARS : MAX_ERROR_CHARS;
  const muted = (t: Transition) => (t.muted ? `${t.muted.kind === 'maintenance' ? say('digest.muted_maintenance', { window: t.muted.id }) : say('digest.muted', { id: t.muted.id })} ` : '');
  const detail = (t: Transition, kind: EntryKind) =>
    muted(t) +
    (kind === 'failures'
      ? truncate(t.execution.error ?? say('digest.no_error_text'), errorChars, language)
      : kind === 'completions'
        ? truncate(resultLine(t) || say('digest.no_result'), MAX_RESULT_CHARS, language)
        : t.execution.status);
  const failureGroup = failureGroupsOf(digest, (group) => {
    const headline = say('digest.same_error', { count: group.count, error: truncate(group.firstLine || say('digest.no_error_text'), MAX_HEADLINE_CHARS, language) });
    const error = group.first.execution.error ?? '';
    return { headline, body: error.trim() === group.firstLine ? undefined : truncate(error, errorChars, language) };
  });
  const bytes = (text: string) => Buffer.byteLength(text);
  const costs: DigestCosts = {
    // Head, footer, section titles and the closing notes, in both parts: far below this.
    fixed: 10_000,
    summaryRow: (w) => bytes(textSummaryRow(w, language)) + bytes(htmlSummaryRow(w, language)) + 2,
    group: (w) => 600 + 2 * bytes(escapeHtml(w.workflow)),
    entry: (t, kind, previous) => {
      const group = kind === 'failures' ? failureGroup(t) : undefined;
      if (!group) return bytes(textEntry(t, detail(t, kind), timeZone, language)) + bytes(htmlEntry(t, detail(t, kind), timeZone, say, language)) + 2;
      const opens = previous === undefined || failureGroup(previous)?.fingerprint !== group.fingerprint;
      const head = opens ? bytes(textGroupHead(group)) + bytes(htmlGroupHead(group)) + 2 : 0;
      return head + bytes(textGroupedEntry(t, muted(t), timeZone, language)) + bytes(htmlGroupedEntry(t, muted(t), timeZone, say, language)) + 2;
    },
  };
  const fitted = fitDigest(digest, reduced ? REDUCED_DIGEST_BUDGET : DIGEST_BUDGET, costs);
  const note = reduced ? say('digest.reduced_note', { code: options.refusedWith ?? '' }) : undefined;
  const render: DigestRender = { language, zone: timeZone, period: formatPeriod(digest.periodStart, digest.periodEnd, timeZone), fitted, detail, muted, failureGroup, note };
  return { subject: digestSubject(digest, timeZone, { reduced, language }), text: renderDigestText(digest, render), html: renderHtml(digest, render) };
}

/** Each failure that shares its error with others of its workflow -> its group's view (built once per group). */
function failureGroupsOf(digest: Digest, view: (group: { count: number; firstLine: string; first: Transition }) => Pick<FailureGroupView, 'headline' | 'body'>): (t: Transition) => FailureGroupView | undefined {
  const byRun = new Map<Transition, FailureGroupView>();
  for (const w of digest.workflows) {
    const groups = new Map(w.failureGroups.filter((g) => g.count > 1).map((g) => [g.fingerprint, g]));
    const views = new Map<string, FailureGroupView>();
    for (const t of w.failures) {
      const fingerprint = failureFingerprint(t);
      const group = groups.get(fingerprint);
      if (!group) continue;
      let shown = views.get(fingerprint);
      if (!shown) {
        shown = { fingerprint, count: group.count, ...view({ count: group.count, firstLine: group.firstLine, first: t }) };
        views.set(fingerprint, shown);
      }
      byRun.set(t, shown);
    }
  }
  return (t) => byRun.get(t);
}

const css = {
  body: 'margin:0;padding:24px;background:#f2f4f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;',
  card: 'max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #eaecf0;border-radius:8px;padding:24px;',
  th: 'text-align:left;padding:6px 10px;border-bottom:2px solid #d0d5dd;font-size:12px;color:#475467;text-transform:uppercase;',
  td: 'padding:6px 10px;border-bottom:1px solid #eaecf0;vertical-align:top;',
  num: 'padding:6px 10px;border-bottom:1px solid #eaecf0;text-align:right;',
  pre: 'margin:4px 0 0;padding:8px;background:#f9fafb;border:1px solid #eaecf0;white-space:pre-wrap;word-break:break-word;font-family:Consolas,Menlo,monospace;font-size:12px;',
};

const htmlSummaryRow = (w: DigestWorkflow, language: Language) =>
  `<tr><td style="${css.td}">${escapeHtml(w.workflow)}</td><td style="${css.num}${w.failed ? 'color:#b42318;font-weight:600;' : ''}">${w.failed}</td><td style="${css.num}">${w.completed}</td><td style="${css.num}">${pct(w.failureRate)}</td><td style="${css.num}">${dur(w.totalRunMs, language)}</td><td style="${css.num}">${dur(w.medianRunMs, language)}</td></tr>`;
const htmlEntry = (t: Transition, detail: string, zone: string, say: Say, language: Language) =>
  `<tr><td style="${css.td}white-space:nowrap;color:#475467;">${escapeHtml(endedAt(t, zone))}<br><span style="font-family:Consolas,Menlo,monospace;font-size:12px;">${escapeHtml(t.execution.id)}</span><br>${escapeHtml(say('digest.took', { duration: runTime(t, language) }))}</td><td style="${css.td}width:100%;"><pre style="${css.pre}">${escapeHtml(detail)}</pre></td></tr>`;

const htmlGroupHead = (group: FailureGroupView) =>
  `<tr><td colspan="2" style="${css.td}padding-top:12px;"><strong style="color:#b42318;">${escapeHtml(group.headline)}</strong>${group.body ? `<pre style="${css.pre}">${escapeHtml(group.body)}</pre>` : ''}</td></tr>`;
const htmlGroupedEntry = (t: Transition, muted: string, zone: string, say: Say, language: Language) =>
  `<tr><td style="${css.td}white-space:nowrap;color:#475467;padding-left:24px;">${escapeHtml(endedAt(t, zone))}</td><td style="${css.td}width:100%;color:#475467;"><span style="font-family:Consolas,Menlo,monospace;font-size:12px;">${escapeHtml(t.execution.id)}</span> · ${escapeHtml(say('digest.took', { duration: runTime(t, language) }))}${muted ? ` <strong>${escapeHtml(muted.trim())}</strong>` : ''}</td></tr>`;

function renderHtml(full: Digest, r: DigestRender): string {
  const { language, zone } = r;
  const say = sayIn(language);
  const digest = r.fitted.digest;
  const badge = (label: string, color: string) =>
    `<td style="padding:0 16px 0 0;"><span style="display:inline-block;padding:6px 12px;border-radius:16px;background:${color};color:#ffffff;font-weight:600;">${escapeHtml(label)}</span></td>`;
  const head = `<h1 style="margin:0 0 4px;font-size:20px;">${escapeHtml(say('digest.title'))}</h1><p style="margin:0 0 16px;color:#475467;">${escapeHtml(r.period)} (${escapeHtml(zone)})</p>
<table role="presentation" style="border-collapse:collapse;margin-bottom:20px;"><tr>${badge(say('digest.count_failed', { count: full.failed }), '#b42318')}${badge(say('digest.count_completed', { count: full.completed }), '#067647')}${full.other ? badge(say('digest.count_other', { count: full.other }), '#475467') : ''}</tr></table>${r.note ? `\n<p id="reduced" style="padding:8px 12px;background:#fffaeb;border:1px solid #fedf89;border-radius:6px;">${escapeHtml(r.note)}</p>` : ''}`;
  if (full.workflows.length === 0) {
    return page(`${head}<p>${escapeHtml(say('digest.empty'))}</p>`, r);
  }
  const th = (key: Parameters<Say>[0], align = 'text-align:right;') => `<th style="${css.th}${align}">${escapeHtml(say(key))}</th>`;
  const summary = `<h2 style="font-size:16px;margin:0 0 8px;">${escapeHtml(say('digest.by_workflow'))}</h2>
<table id="summary" style="border-collapse:collapse;width:100%;margin-bottom:24px;">
<tr>${th('digest.col_workflow', '')}${th('digest.col_failed')}${th('digest.col_completed')}${th('digest.col_failure_rate')}${th('digest.col_total')}${th('digest.col_median')}</tr>
${digest.workflows.map((w) => htmlSummaryRow(w, language)).join('\n')}
</table>${r.fitted.workflowsNotListed > 0 ? `<p style="color:#475467;margin:4px 0;">${escapeHtml(moreWorkflowsLine(r.fitted, say))}</p>` : ''}`;
  const sections = SECTIONS.map(({ id, title, color, kind, notShown }) => {
    const groups = digest.workflows.filter((w) => w[kind].length > 0);
    if (groups.length === 0) return '';
    return `<h2 id="${id}" style="font-size:16px;margin:24px 0 8px;color:${color};">${escapeHtml(say(title))}</h2>
${groups
  .map(
    (w) => `<h3 style="font-size:14px;margin:16px 0 4px;">${escapeHtml(say('digest.group', { workflow: w.workflow }))}</h3>
<table style="border-collapse:collapse;width:100%;">
${htmlEntries(w[kind], kind, r, say)}
</table>${notShown(w) > 0 ? `<p style="color:#475467;margin:4px 0;">${escapeHtml(say('digest.not_shown', { count: notShown(w) }))}</p>` : ''}`,
  )
  .join('\n')}`;
  });
  const more = notListedLine(r.fitted, say);
  const body = [head, summary, ...sections, more ? `<p id="not-listed" style="color:#475467;">${escapeHtml(more)}</p>` : ''].join('\n');
  return page(body, r);
}

function htmlEntries(list: readonly Transition[], kind: EntryKind, r: DigestRender, say: Say): string {
  const rows: string[] = [];
  eachEntry(list, kind, r, (t, group, opens) => {
    if (opens && group) rows.push(htmlGroupHead(group));
    rows.push(group ? htmlGroupedEntry(t, r.muted(t), r.zone, say, r.language) : htmlEntry(t, r.detail(t, kind), r.zone, say, r.language));
  });
  return rows.join('\n');
}

function page(content: string, r: DigestRender): string {
  const say = sayIn(r.language);
  return `<!doctype html><html lang="${r.language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(say('digest.title'))}</title></head><body style="${css.body}"><div style="${css.card}">
${content}
<p style="margin-top:24px;color:#667085;font-size:12px;">${escapeHtml(say('digest.footer', { zone: r.zone }))}</p>
</div></body></html>`;
}

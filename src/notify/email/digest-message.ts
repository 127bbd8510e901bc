import { formatDuration } from '../../config/duration';
import { formatInstant } from '../../domain/api-time';
import type { Digest, DigestWorkflow } from '../../domain/build-digest';
import type { Transition } from '../../domain/transition';
import { renderValue } from '../alert-facts';
import { escapeHtml, oneLine, truncate } from '../text';
import { type DigestBudget, type DigestCosts, type EntryKind, fitDigest, type FittedDigest } from './digest-fit';
import type { EmailMessage } from './email-message';

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

export function digestSubject(digest: Digest, timeZone: string, options: { reduced?: boolean } = {}): string {
  const counts = [`${digest.failed} failed`, `${digest.completed} completed`];
  if (digest.other > 0) counts.push(`${digest.other} other`);
  const what = digest.failed + digest.completed + digest.other === 0 ? 'nothing failed or completed' : counts.join(', ');
  return oneLine(`[RPA] Digest ${formatPeriod(digest.periodStart, digest.periodEnd, timeZone)}${options.reduced ? ' (reduced)' : ''}: ${what}`);
}

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
const dur = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
const runTime = (t: Transition) => (t.execution.startMs !== null && t.execution.endMs !== null && t.execution.endMs >= t.execution.startMs ? formatDuration(t.execution.endMs - t.execution.startMs) : '—');
const endedAt = (t: Transition, zone: string) => formatInstant(t.execution.endMs ?? t.detectedAt, zone).slice(0, 19);
const resultLine = (t: Transition): string => {
  const r = t.execution.result;
  if (r === null) return '';
  if (typeof r === 'object' && !Array.isArray(r)) {
    const parts = [r.msg === undefined || r.msg === null ? '' : renderValue(r.msg), r.data === undefined || r.data === null ? '' : renderValue(r.data)].filter(Boolean);
    return parts.join(' · ');
  }
  return renderValue(r);
};

export interface DigestMessageOptions {
  /** The reply code of the server's refusal of the full digest: builds the reduced form, with counts and failures only. */
  refusedWith?: string;
}

interface Render {
  zone: string;
  period: string;
  fitted: FittedDigest;
  detail: (t: Transition, kind: EntryKind) => string;
  note: string | undefined;
}

/**
 * The digest mail: a summary table per workflow, then failures (with errors), then completions; HTML and
 * text. What it lists is bounded (DIGEST_BUDGET), the rest counted, so the mail stays under 1 MB.
 */
export function buildDigestMessage(digest: Digest, timeZone: string, options: DigestMessageOptions = {}): EmailMessage {
  const reduced = options.refusedWith !== undefined;
  const errorChars = reduced ? MAX_REDUCED_ERROR_CHARS : MAX_ERROR_CHARS;
  const detail = (t: Transition, kind: EntryKind) =>
    kind === 'failures' ? truncate(t.execution.error ?? '(no error text)', errorChars) : kind === 'completions' ? truncate(resultLine(t) || '(no result)', MAX_RESULT_CHARS) : t.execution.status;
  const bytes = (text: string) => Buffer.byteLength(text);
  const costs: DigestCosts = {
    // Head, footer, section titles and the closing notes, in both parts: far below this.
    fixed: 10_000,
    summaryRow: (w) => bytes(textSummaryRow(w)) + bytes(htmlSummaryRow(w)) + 2,
    group: (w) => 600 + 2 * bytes(escapeHtml(w.workflow)),
    entry: (t, kind) => bytes(textEntry(t, detail(t, kind), timeZone)) + bytes(htmlEntry(t, detail(t, kind), timeZone)) + 2,
  };
  const fitted = fitDigest(digest, reduced ? REDUCED_DIGEST_BUDGET : DIGEST_BUDGET, costs);
  const note = reduced ? `The mail server refused the full digest (${options.refusedWith}); this reduced form has the counts and the failures only.` : undefined;
  const render: Render = { zone: timeZone, period: formatPeriod(digest.periodStart, digest.periodEnd, timeZone), fitted, detail, note };
  return { subject: digestSubject(digest, timeZone, { reduced }), text: renderText(digest, render), html: renderHtml(digest, render) };
}

/** `… and 3,912 more failures not listed here …`, or undefined when everything is listed. */
function notListedLine(fitted: FittedDigest): string | undefined {
  const n = (count: number) => count.toLocaleString('en-US');
  const parts = [
    fitted.notListed.failures > 0 ? `${n(fitted.notListed.failures)} more failures` : '',
    fitted.notListed.completions > 0 ? `${n(fitted.notListed.completions)} more completions` : '',
    fitted.notListed.others > 0 ? `${n(fitted.notListed.others)} more runs with other statuses` : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const workflows = fitted.workflowsNotListed > 0 ? ` (${n(fitted.workflowsNotListed)} workflows have no row in the table)` : '';
  return `… and ${parts.join(', ')} not listed here, to keep this mail small${workflows}. Each one is in the bot's log (a line "execution <id> is <status>") and in iFlyRPA's own list of executions.`;
}

const textSummaryRow = (w: DigestWorkflow) => `${w.workflow} | ${w.failed} | ${w.completed} | ${pct(w.failureRate)} | ${dur(w.totalRunMs)} | ${dur(w.medianRunMs)}`;
const textEntry = (t: Transition, detail: string, zone: string) => `${endedAt(t, zone)}  ${t.execution.id}  (${runTime(t)})\n    ${detail.replace(/\n/g, '\n    ')}`;

function renderText(full: Digest, r: Render): string {
  const digest = r.fitted.digest;
  const lines = [`RPA digest ${r.period} (${r.zone})`, `${full.failed} failed, ${full.completed} completed${full.other ? `, ${full.other} other` : ''}`, ''];
  if (r.note) lines.push(r.note, '');
  if (full.workflows.length === 0) {
    lines.push('No execution failed or completed in this period.');
    return lines.join('\n');
  }
  lines.push('Workflow | failed | completed | failure rate | total run time | median run time');
  for (const w of digest.workflows) lines.push(textSummaryRow(w));
  if (r.fitted.workflowsNotListed > 0) lines.push(`… and ${r.fitted.workflowsNotListed.toLocaleString('en-US')} more workflows`);
  const section = (title: string, kind: EntryKind, notShown: (w: DigestWorkflow) => number) => {
    const groups = digest.workflows.filter((w) => w[kind].length > 0);
    if (groups.length === 0) return;
    lines.push('', `== ${title} ==`);
    for (const w of groups) {
      lines.push('', `-- workflow ${w.workflow} --`);
      for (const t of w[kind]) lines.push(textEntry(t, r.detail(t, kind), r.zone));
      if (notShown(w) > 0) lines.push(`… and ${notShown(w)} more not shown`);
    }
  };
  section('Failures', 'failures', (w) => w.failuresNotShown);
  section('Completions', 'completions', (w) => w.completionsNotShown);
  section('Other statuses', 'others', (w) => w.othersNotShown);
  const more = notListedLine(r.fitted);
  if (more) lines.push('', more);
  lines.push('', `Times in ${r.zone}. Sent by rpa-notify.`);
  return lines.join('\n');
}

const css = {
  body: 'margin:0;padding:24px;background:#f2f4f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;',
  card: 'max-width:760px;margin:0 auto;background:#ffffff;border:1px solid #eaecf0;border-radius:8px;padding:24px;',
  th: 'text-align:left;padding:6px 10px;border-bottom:2px solid #d0d5dd;font-size:12px;color:#475467;text-transform:uppercase;',
  td: 'padding:6px 10px;border-bottom:1px solid #eaecf0;vertical-align:top;',
  num: 'padding:6px 10px;border-bottom:1px solid #eaecf0;text-align:right;',
  pre: 'margin:4px 0 0;padding:8px;background:#f9fafb;border:1px solid #eaecf0;white-space:pre-wrap;word-break:break-word;font-family:Consolas,Menlo,monospace;font-size:12px;',
};

const htmlSummaryRow = (w: DigestWorkflow) =>
  `<tr><td style="${css.td}">${escapeHtml(w.workflow)}</td><td style="${css.num}${w.failed ? 'color:#b42318;font-weight:600;' : ''}">${w.failed}</td><td style="${css.num}">${w.completed}</td><td style="${css.num}">${pct(w.failureRate)}</td><td style="${css.num}">${dur(w.totalRunMs)}</td><td style="${css.num}">${dur(w.medianRunMs)}</td></tr>`;
const htmlEntry = (t: Transition, detail: string, zone: string) =>
  `<tr><td style="${css.td}white-space:nowrap;color:#475467;">${escapeHtml(endedAt(t, zone))}<br><span style="font-family:Consolas,Menlo,monospace;font-size:12px;">${escapeHtml(t.execution.id)}</span><br>took ${escapeHtml(runTime(t))}</td><td style="${css.td}width:100%;"><pre style="${css.pre}">${escapeHtml(detail)}</pre></td></tr>`;

function renderHtml(full: Digest, r: Render): string {
  const digest = r.fitted.digest;
  const zone = r.zone;
  const badge = (count: number, label: string, color: string) =>
    `<td style="padding:0 16px 0 0;"><span style="display:inline-block;padding:6px 12px;border-radius:16px;background:${color};color:#ffffff;font-weight:600;">${count} ${label}</span></td>`;
  const head = `<h1 style="margin:0 0 4px;font-size:20px;">RPA digest</h1><p style="margin:0 0 16px;color:#475467;">${escapeHtml(r.period)} (${escapeHtml(zone)})</p>
<table role="presentation" style="border-collapse:collapse;margin-bottom:20px;"><tr>${badge(full.failed, 'failed', '#b42318')}${badge(full.completed, 'completed', '#067647')}${full.other ? badge(full.other, 'other', '#475467') : ''}</tr></table>${r.note ? `\n<p id="reduced" style="padding:8px 12px;background:#fffaeb;border:1px solid #fedf89;border-radius:6px;">${escapeHtml(r.note)}</p>` : ''}`;
  if (full.workflows.length === 0) {
    return page(`${head}<p>No execution failed or completed in this period.</p>`, zone);
  }
  const summary = `<h2 style="font-size:16px;margin:0 0 8px;">By workflow</h2>
<table id="summary" style="border-collapse:collapse;width:100%;margin-bottom:24px;">
<tr><th style="${css.th}">Workflow</th><th style="${css.th}text-align:right;">Failed</th><th style="${css.th}text-align:right;">Completed</th><th style="${css.th}text-align:right;">Failure rate</th><th style="${css.th}text-align:right;">Total run time</th><th style="${css.th}text-align:right;">Median run time</th></tr>
${digest.workflows.map(htmlSummaryRow).join('\n')}
</table>${r.fitted.workflowsNotListed > 0 ? `<p style="color:#475467;margin:4px 0;">… and ${r.fitted.workflowsNotListed.toLocaleString('en-US')} more workflows</p>` : ''}`;
  const section = (id: string, title: string, color: string, kind: EntryKind, notShown: (w: DigestWorkflow) => number) => {
    const groups = digest.workflows.filter((w) => w[kind].length > 0);
    if (groups.length === 0) return '';
    return `<h2 id="${id}" style="font-size:16px;margin:24px 0 8px;color:${color};">${title}</h2>
${groups
  .map(
    (w) => `<h3 style="font-size:14px;margin:16px 0 4px;">Workflow ${escapeHtml(w.workflow)}</h3>
<table style="border-collapse:collapse;width:100%;">
${w[kind].map((t) => htmlEntry(t, r.detail(t, kind), zone)).join('\n')}
</table>${notShown(w) > 0 ? `<p style="color:#475467;margin:4px 0;">… and ${notShown(w)} more not shown</p>` : ''}`,
  )
  .join('\n')}`;
  };
  const more = notListedLine(r.fitted);
  const body = [
    head,
    summary,
    section('failures', 'Failures', '#b42318', 'failures', (w) => w.failuresNotShown),
    section('completions', 'Completions', '#067647', 'completions', (w) => w.completionsNotShown),
    section('others', 'Other statuses', '#475467', 'others', (w) => w.othersNotShown),
    more ? `<p id="not-listed" style="color:#475467;">${escapeHtml(more)}</p>` : '',
  ].join('\n');
  return page(body, zone);
}

function page(content: string, zone: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>RPA digest</title></head><body style="${css.body}"><div style="${css.card}">
${content}
<p style="margin-top:24px;color:#667085;font-size:12px;">Times in ${escapeHtml(zone)}. Sent by rpa-notify.</p>
</div></body></html>`;
}

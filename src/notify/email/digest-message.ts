import { formatDuration } from '../../config/duration';
import { formatInstant } from '../../domain/api-time';
import type { Digest, DigestWorkflow } from '../../domain/build-digest';
import type { Transition } from '../../domain/transition';
import { renderValue } from '../alert-facts';
import { escapeHtml, oneLine, truncate } from '../text';
import type { EmailMessage } from './email-message';

const MAX_ERROR_CHARS = 1500;
const MAX_RESULT_CHARS = 500;

/** `2026-11-25 14:00–15:00`, or both dates when the period spans midnight in the zone. */
export function formatPeriod(start: number, end: number, timeZone: string): string {
  const a = formatInstant(start, timeZone);
  const b = formatInstant(end, timeZone);
  const [dateA, timeA] = [a.slice(0, 10), a.slice(11, 16)];
  const [dateB, timeB] = [b.slice(0, 10), b.slice(11, 16)];
  if (dateA === dateB || (timeB === '00:00' && end - start <= 86_400_000 && timeA !== '00:00')) return `${dateA} ${timeA}–${timeB}`;
  return `${dateA} ${timeA} – ${dateB} ${timeB}`;
}

export function digestSubject(digest: Digest, timeZone: string): string {
  const counts = [`${digest.failed} failed`, `${digest.completed} completed`];
  if (digest.other > 0) counts.push(`${digest.other} other`);
  const what = digest.failed + digest.completed + digest.other === 0 ? 'nothing failed or completed' : counts.join(', ');
  return oneLine(`[RPA] Digest ${formatPeriod(digest.periodStart, digest.periodEnd, timeZone)}: ${what}`);
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

/** The digest mail: a summary table per workflow, then failures (with errors), then completions; HTML and text. */
export function buildDigestMessage(digest: Digest, timeZone: string): EmailMessage {
  const period = formatPeriod(digest.periodStart, digest.periodEnd, timeZone);
  return { subject: digestSubject(digest, timeZone), text: renderText(digest, period, timeZone), html: renderHtml(digest, period, timeZone) };
}

function renderText(digest: Digest, period: string, zone: string): string {
  const lines = [`RPA digest ${period} (${zone})`, `${digest.failed} failed, ${digest.completed} completed${digest.other ? `, ${digest.other} other` : ''}`, ''];
  if (digest.workflows.length === 0) {
    lines.push('No execution failed or completed in this period.');
    return lines.join('\n');
  }
  lines.push('Workflow | failed | completed | failure rate | total run time | median run time');
  for (const w of digest.workflows) lines.push(`${w.workflow} | ${w.failed} | ${w.completed} | ${pct(w.failureRate)} | ${dur(w.totalRunMs)} | ${dur(w.medianRunMs)}`);
  const section = (title: string, pick: (w: DigestWorkflow) => [Transition[], number], detail: (t: Transition) => string) => {
    const groups = digest.workflows.filter((w) => pick(w)[0].length > 0);
    if (groups.length === 0) return;
    lines.push('', `== ${title} ==`);
    for (const w of groups) {
      const [shown, notShown] = pick(w);
      lines.push('', `-- workflow ${w.workflow} --`);
      for (const t of shown) lines.push(`${endedAt(t, zone)}  ${t.execution.id}  (${runTime(t)})`, `    ${detail(t).replace(/\n/g, '\n    ')}`);
      if (notShown > 0) lines.push(`… and ${notShown} more not shown`);
    }
  };
  section('Failures', (w) => [w.failures, w.failuresNotShown], (t) => truncate(t.execution.error ?? '(no error text)', MAX_ERROR_CHARS));
  section('Completions', (w) => [w.completions, w.completionsNotShown], (t) => truncate(resultLine(t) || '(no result)', MAX_RESULT_CHARS));
  section('Other statuses', (w) => [w.others, w.othersNotShown], (t) => t.execution.status);
  if (digest.truncated) lines.push('', 'Some executions are counted but not listed, to keep this mail small.');
  lines.push('', `Times in ${zone}. Sent by rpa-notify.`);
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

function renderHtml(digest: Digest, period: string, zone: string): string {
  const badge = (count: number, label: string, color: string) =>
    `<td style="padding:0 16px 0 0;"><span style="display:inline-block;padding:6px 12px;border-radius:16px;background:${color};color:#ffffff;font-weight:600;">${count} ${label}</span></td>`;
  const head = `<h1 style="margin:0 0 4px;font-size:20px;">RPA digest</h1><p style="margin:0 0 16px;color:#475467;">${escapeHtml(period)} (${escapeHtml(zone)})</p>
<table role="presentation" style="border-collapse:collapse;margin-bottom:20px;"><tr>${badge(digest.failed, 'failed', '#b42318')}${badge(digest.completed, 'completed', '#067647')}${digest.other ? badge(digest.other, 'other', '#475467') : ''}</tr></table>`;
  if (digest.workflows.length === 0) {
    return page(`${head}<p>No execution failed or completed in this period.</p>`, zone);
  }
  const summary = `<h2 style="font-size:16px;margin:0 0 8px;">By workflow</h2>
<table id="summary" style="border-collapse:collapse;width:100%;margin-bottom:24px;">
<tr><th style="${css.th}">Workflow</th><th style="${css.th}text-align:right;">Failed</th><th style="${css.th}text-align:right;">Completed</th><th style="${css.th}text-align:right;">Failure rate</th><th style="${css.th}text-align:right;">Total run time</th><th style="${css.th}text-align:right;">Median run time</th></tr>
${digest.workflows
  .map(
    (w) =>
      `<tr><td style="${css.td}">${escapeHtml(w.workflow)}</td><td style="${css.num}${w.failed ? 'color:#b42318;font-weight:600;' : ''}">${w.failed}</td><td style="${css.num}">${w.completed}</td><td style="${css.num}">${pct(w.failureRate)}</td><td style="${css.num}">${dur(w.totalRunMs)}</td><td style="${css.num}">${dur(w.medianRunMs)}</td></tr>`,
  )
  .join('\n')}
</table>`;
  const section = (id: string, title: string, color: string, pick: (w: DigestWorkflow) => [Transition[], number], detail: (t: Transition) => string) => {
    const groups = digest.workflows.filter((w) => pick(w)[0].length > 0);
    if (groups.length === 0) return '';
    return `<h2 id="${id}" style="font-size:16px;margin:24px 0 8px;color:${color};">${title}</h2>
${groups
  .map((w) => {
    const [shown, notShown] = pick(w);
    return `<h3 style="font-size:14px;margin:16px 0 4px;">Workflow ${escapeHtml(w.workflow)}</h3>
<table style="border-collapse:collapse;width:100%;">
${shown
  .map(
    (t) =>
      `<tr><td style="${css.td}white-space:nowrap;color:#475467;">${escapeHtml(endedAt(t, zone))}<br><span style="font-family:Consolas,Menlo,monospace;font-size:12px;">${escapeHtml(t.execution.id)}</span><br>took ${escapeHtml(runTime(t))}</td><td style="${css.td}width:100%;"><pre style="${css.pre}">${escapeHtml(detail(t))}</pre></td></tr>`,
  )
  .join('\n')}
</table>${notShown > 0 ? `<p style="color:#475467;margin:4px 0;">… and ${notShown} more not shown</p>` : ''}`;
  })
  .join('\n')}`;
  };
  const body = [
    head,
    summary,
    section('failures', 'Failures', '#b42318', (w) => [w.failures, w.failuresNotShown], (t) => truncate(t.execution.error ?? '(no error text)', MAX_ERROR_CHARS)),
    section('completions', 'Completions', '#067647', (w) => [w.completions, w.completionsNotShown], (t) => truncate(resultLine(t) || '(no result)', MAX_RESULT_CHARS)),
    section('others', 'Other statuses', '#475467', (w) => [w.others, w.othersNotShown], (t) => t.execution.status),
    digest.truncated ? '<p style="color:#475467;">Some executions are counted but not listed, to keep this mail small.</p>' : '',
  ].join('\n');
  return page(body, zone);
}

function page(content: string, zone: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>RPA digest</title></head><body style="${css.body}"><div style="${css.card}">
${content}
<p style="margin-top:24px;color:#667085;font-size:12px;">Times in ${escapeHtml(zone)}. Sent by rpa-notify.</p>
</div></body></html>`;
}

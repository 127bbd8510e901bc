import { t } from '../../i18n/messages';
import type { GroupFacts } from '../group-facts';
import { escapeHtml, oneLine, truncate } from '../text';
import type { EmailMessage } from './email-message';

/**
 * A grouped alert mail (flood control): one per batch per recipient list. Counts by status in the
 * subject; per workflow and per error at the top; then a table with one row per execution (full id,
 * workflow, status, first line of the error or result), failures first.
 */
export function buildEmailGroupMessage(facts: GroupFacts): EmailMessage {
  const { language } = facts;
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(language, key, params);
  const subject = oneLine(truncate(say('group.email_subject', { count: facts.count, statuses: facts.statuses }), 200, language));
  const headline = say('group.headline', { icon: facts.icon, count: facts.count, statuses: facts.statuses });
  const about = [say('group.why'), ...(facts.remaining > 0 ? [say('group.more', { count: facts.remaining })] : [])];
  const footer = say('group.footer', { count: facts.count });
  const lineText = (l: GroupFacts['lines'][number]) => `${l.icon} ${l.executionId} · ${l.workflow} · ${l.statusText}${l.summary ? ` — ${l.summary}` : ''}`;

  const text = [
    headline,
    '',
    ...about,
    '',
    `${say('group.by_workflow')}:`,
    ...facts.byWorkflow.map((w) => `  ${w.workflow}: ${w.counts}`),
    ...(facts.byError.length > 0 ? ['', `${say('group.by_error')}:`, ...facts.byError.map((e) => `  ${e.text}`)] : []),
    '',
    `${say('group.executions')}:`,
    ...facts.lines.map((l) => `  ${lineText(l)}`),
    '',
    footer,
  ].join('\n');

  const cell = 'padding:3px 12px 3px 0;vertical-align:top;';
  const list = (items: string[]) => `<ul style="margin:4px 0 12px;padding-left:20px;">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  const html = `<!doctype html><html lang="${language}"><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;">
<h2 style="margin:0 0 8px;color:${facts.failures ? '#b42318' : '#067647'};">${escapeHtml(headline)}</h2>
${about.map((line) => `<p style="margin:0 0 4px;color:#475467;">${escapeHtml(line)}</p>`).join('\n')}
<h3 style="margin:12px 0 0;font-size:14px;">${escapeHtml(say('group.by_workflow'))}</h3>
${list(facts.byWorkflow.map((w) => `${w.workflow}: ${w.counts}`))}
${facts.byError.length > 0 ? `<h3 style="margin:12px 0 0;font-size:14px;">${escapeHtml(say('group.by_error'))}</h3>\n${list(facts.byError.map((e) => e.text))}` : ''}
<h3 style="margin:12px 0 4px;font-size:14px;">${escapeHtml(say('group.executions'))}</h3>
<table style="border-collapse:collapse;">
${facts.lines
  .map(
    (l) =>
      `<tr><td style="${cell}">${escapeHtml(l.icon)}</td><td style="${cell}font-family:Consolas,monospace;">${escapeHtml(l.executionId)}</td><td style="${cell}">${escapeHtml(l.workflow)}</td><td style="${cell}">${escapeHtml(l.statusText)}</td><td style="${cell}color:#475467;">${escapeHtml(l.summary)}</td></tr>`,
  )
  .join('\n')}
</table>
<p style="margin-top:16px;color:#667085;font-size:12px;">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

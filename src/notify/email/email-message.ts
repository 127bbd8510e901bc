import type { AlertFacts } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { escapeHtml, oneLine, truncate } from '../text';

/** Keeps a single alert mail well under what mail servers accept, whatever the API sent. */
const MAX_FIELD_CHARS = 100_000;

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export function buildEmailMessage(facts: AlertFacts): EmailMessage {
  const testMark = facts.test ? '[TEST] ' : '';
  const subject = oneLine(truncate(`[RPA] ${testMark}${facts.status} ${facts.workflow} (${facts.shortId})`, 200));
  const rows: [string, string][] = [
    ['Status', facts.status],
    ['Workflow', facts.workflow],
    ['Execution', facts.executionId],
    ['Version', facts.version],
    ['Start', facts.start],
    ['End', facts.end],
    ['Duration', facts.duration],
    ['Exec position', facts.execPosition],
  ];
  const details: [string, string][] = [];
  if (facts.error !== null) details.push(['Error', facts.error]);
  if (facts.result) {
    if (facts.result.msg !== null) details.push(['Result message', facts.result.msg]);
    if (facts.result.data !== null) details.push(['Result data', facts.result.data]);
    if (facts.result.videoPath !== null) details.push(['Video', facts.result.videoPath]);
    if (facts.result.other !== null) details.push(['Result', facts.result.other]);
  }
  if (facts.parameters !== null) details.push(['Parameters', facts.parameters]);
  const cut = (text: string) => truncate(text, MAX_FIELD_CHARS);

  const text = [
    `${facts.icon} ${testMark}${facts.status}: workflow ${facts.workflow}`,
    '',
    ...rows.map(([label, value]) => `${label}: ${cut(value)}`),
    ...details.flatMap(([label, value]) => ['', `${label}:`, cut(value)]),
    '',
    `Execution ${facts.executionId} ${facts.why}. Sent by rpa-notify.`,
  ].join('\n');

  const color = facts.status === 'FAILED' ? '#b42318' : facts.status === 'COMPLETED' ? '#067647' : '#475467';
  const cell = 'padding:4px 12px 4px 0;vertical-align:top;';
  const html = `<!doctype html><html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;">
<h2 style="margin:0 0 12px;color:${color};">${escapeHtml(`${facts.icon} ${testMark}${facts.status}`)} · workflow ${escapeHtml(facts.workflow)}</h2>
<table style="border-collapse:collapse;">
${rows.map(([label, value]) => `<tr><th align="left" style="${cell}color:#475467;">${escapeHtml(label)}</th><td style="${cell}">${escapeHtml(cut(value))}</td></tr>`).join('\n')}
</table>
${details
  .map(
    ([label, value]) =>
      `<h3 style="margin:16px 0 4px;font-size:14px;">${escapeHtml(label)}</h3><pre style="margin:0;padding:8px;background:#f2f4f7;white-space:pre-wrap;word-break:break-word;font-family:Consolas,monospace;">${escapeHtml(cut(value))}</pre>`,
  )
  .join('\n')}
<p style="margin-top:16px;color:#667085;font-size:12px;">Execution ${escapeHtml(facts.executionId)} ${escapeHtml(facts.why)}. Sent by rpa-notify.</p>
</body></html>`;
  return { subject, text, html };
}

export function buildEmailNotice(notice: NoticeText): EmailMessage {
  const subject = oneLine(truncate(`[RPA] ${notice.title}`, 200));
  const text = `${notice.icon} ${notice.title}\n\n${notice.body}\n\nSent by rpa-notify, about itself.`;
  const html = `<!doctype html><html><body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;">
<h2 style="margin:0 0 12px;">${escapeHtml(`${notice.icon} ${notice.title}`)}</h2>
<p>${escapeHtml(notice.body)}</p>
<p style="margin-top:16px;color:#667085;font-size:12px;">Sent by rpa-notify, about itself.</p>
</body></html>`;
  return { subject, text, html };
}

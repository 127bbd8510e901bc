import { type Language, type MessageKey, t } from '../../i18n/messages';
import { type AlertFacts, oncallLines } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { escapeHtml, oneLine, truncate } from '../text';

/** Keeps a single alert mail well under what mail servers accept, whatever the API sent. */
const MAX_FIELD_CHARS = 100_000;

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Chinese text needs a CJK font: Chromium and mail clients pick one by the page's language. */
const htmlOpen = (language: Language) => `<!doctype html><html lang="${language}">`;

/** The alert mail in the facts' language, HTML and text. */
export function buildEmailMessage(facts: AlertFacts): EmailMessage {
  const language = facts.language;
  const say = (key: MessageKey, params?: Record<string, string>) => t(language, key, params);
  const test = facts.test ? say('alert.test_mark') : '';
  const status = facts.statusText;
  const subject = oneLine(truncate(say('email.subject', { test, status, workflow: facts.workflow, shortId: facts.shortId }), 200, language));
  const rows: [string, string][] = [
    [say('label.status'), status],
    ...oncallLines(facts).map((line): [string, string] => [say('label.oncall'), line]),
    [say('label.workflow'), facts.workflow],
    [say('label.execution'), facts.executionId],
    [say('label.version'), facts.version],
    [say('label.start'), facts.start],
    [say('label.end'), facts.end],
    [say('label.duration'), facts.duration],
    [say('label.exec_position'), facts.execPosition],
  ];
  const details: [string, string][] = [];
  if (facts.error !== null) details.push([say('label.error'), facts.error]);
  if (facts.result) {
    if (facts.result.msg !== null) details.push([say('email.result_message'), facts.result.msg]);
    if (facts.result.data !== null) details.push([say('email.result_data'), facts.result.data]);
    if (facts.result.videoPath !== null) details.push([say('label.video'), facts.result.videoPath]);
    if (facts.result.other !== null) details.push([say('label.result'), facts.result.other]);
  }
  if (facts.parameters !== null) details.push([say('label.parameters'), facts.parameters]);
  const cut = (text: string) => truncate(text, MAX_FIELD_CHARS, language);
  const footer = say('email.footer', { execution: facts.executionId, why: facts.why });

  const text = [
    say('email.text_headline', { icon: facts.icon, test, status, workflow: facts.workflow }),
    '',
    ...rows.map(([label, value]) => say('email.row', { label, value: cut(value) })),
    ...details.flatMap(([label, value]) => ['', say('email.detail_heading', { label }), cut(value)]),
    '',
    footer,
  ].join('\n');

  const color = facts.status === 'FAILED' ? '#b42318' : facts.status === 'COMPLETED' ? '#067647' : '#475467';
  const cell = 'padding:4px 12px 4px 0;vertical-align:top;';
  const html = `${htmlOpen(language)}<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;">
<h2 style="margin:0 0 12px;color:${color};">${escapeHtml(say('alert.headline', { icon: facts.icon, test, status, workflow: facts.workflow }))}</h2>
<table style="border-collapse:collapse;">
${rows.map(([label, value]) => `<tr><th align="left" style="${cell}color:#475467;">${escapeHtml(label)}</th><td style="${cell}">${escapeHtml(cut(value))}</td></tr>`).join('\n')}
</table>
${details
  .map(
    ([label, value]) =>
      `<h3 style="margin:16px 0 4px;font-size:14px;">${escapeHtml(label)}</h3><pre style="margin:0;padding:8px;background:#f2f4f7;white-space:pre-wrap;word-break:break-word;font-family:Consolas,monospace;">${escapeHtml(cut(value))}</pre>`,
  )
  .join('\n')}
<p style="margin-top:16px;color:#667085;font-size:12px;">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

/** A notice about the bot itself, in the notice's language. */
export function buildEmailNotice(notice: NoticeText): EmailMessage {
  const language = notice.language ?? 'en';
  const subject = oneLine(truncate(t(language, 'email.notice_subject', { title: notice.title }), 200, language));
  const headline = t(language, 'notice.icon_text', { icon: notice.icon, title: notice.title });
  const footer = t(language, 'email.notice_footer');
  const text = `${headline}\n\n${notice.body}\n\n${footer}`;
  const html = `${htmlOpen(language)}<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#101828;font-size:14px;">
<h2 style="margin:0 0 12px;">${escapeHtml(headline)}</h2>
<p>${escapeHtml(notice.body)}</p>
<p style="margin-top:16px;color:#667085;font-size:12px;">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject, text, html };
}

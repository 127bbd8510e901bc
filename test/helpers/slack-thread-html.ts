import type { SlackPost } from './slack-server';

/** Slack draws emoji as its own images; this machine has no emoji font, so the two a streak uses are drawn with CSS. */
const EMOJI: Record<string, string> = { '❌': '<span class="emoji cross">✕</span>', '✅': '<span class="emoji check">✓</span>' };
const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[❌✅]/gu, (e) => EMOJI[e] ?? e);
/** Slack's mrkdwn as Slack shows it: its own escapes read back, `*bold*`, line breaks. */
const mrkdwn = (text: string) =>
  html(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
const textOf = (t: { type: string; text: string }) => (t.type === 'mrkdwn' ? mrkdwn(t.text) : html(t.text).replace(/\n/g, '<br>'));

function blocksHtml(post: Pick<SlackPost, 'blocks'>): string {
  return post.blocks
    .map((b) => {
      if (b.type === 'header' && b.text) return `<div class="header">${textOf(b.text)}</div>`;
      if (b.type === 'context') return `<div class="context">${(b.elements ?? []).map((e) => textOf(e as { type: string; text: string })).join(' ')}</div>`;
      if (b.type === 'divider') return '<hr>';
      const fields = b.fields ? `<div class="fields">${b.fields.map((f) => `<div>${textOf(f as { type: string; text: string })}</div>`).join('')}</div>` : '';
      return `${b.text ? `<div class="section">${textOf(b.text)}</div>` : ''}${fields}`;
    })
    .join('');
}

export interface DrawnMessage {
  post: Pick<SlackPost, 'blocks'>;
  time: string;
  /** Under a root: `5 replies`; on a broadcast reply: `replied to a thread`. */
  note?: string;
}

function message(m: DrawnMessage): string {
  return `<div class="msg"><div class="avatar">R</div><div class="body"><div class="who"><b>rpa-notify</b> <span class="app">APP</span> <span class="time">${html(m.time)}</span></div>${blocksHtml(m.post)}${m.note ? `<div class="note">${html(m.note)}</div>` : ''}</div></div>`;
}

/**
 * An approximation of Slack's desktop client for a screenshot: the channel on the left, the open thread
 * on the right, Block Kit drawn plainly (header, fields in two columns, context in grey). Not Slack's renderer.
 */
export function slackThreadHtml(view: { channel: string; channelTitle: string; threadTitle: string; channelMessages: DrawnMessage[]; thread: DrawnMessage[] }): string {
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:#fff;font:14px/1.45 -apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;color:#1d1c1d}
.wrap{display:flex;width:1180px;border:1px solid #ddd}
.pane{width:50%;box-sizing:border-box}.pane+.pane{border-left:1px solid #ddd;background:#fcfcfc}
.title{font-weight:700;font-size:15px;padding:10px 16px;border-bottom:1px solid #ddd}
.msg{display:flex;padding:8px 16px}.avatar{width:36px;height:36px;border-radius:6px;background:#4a154b;color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center;flex:none;margin-right:8px}
.body{flex:1;min-width:0}.app{font-size:10px;background:#eee;color:#555;padding:0 3px;border-radius:2px}.time{color:#616061;font-size:12px}
.header{font-weight:700;font-size:16px;margin:4px 0}.context{color:#616061;font-size:12px;margin:4px 0}.section{margin:4px 0;word-break:break-word}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 12px;margin:4px 0}.fields div{word-break:break-word}
.emoji{display:inline-block;width:1.1em;height:1.1em;line-height:1.1em;text-align:center;border-radius:3px;font-weight:900;font-family:"DejaVu Sans",sans-serif}
.cross{color:#dd2e44}.check{color:#fff;background:#2eb67d;font-size:.9em}
.note{color:#1264a3;font-size:13px;margin-top:4px}.divider{color:#616061;font-size:12px;padding:4px 16px;border-bottom:1px solid #eee}
</style><div class="wrap"><div class="pane" id="channel"><div class="title"># ${html(view.channel)} <span class="time">${html(view.channelTitle)}</span></div>${view.channelMessages.map(message).join('')}</div>
<div class="pane" id="thread"><div class="title">Thread <span class="time"># ${html(view.channel)} · ${html(view.threadTitle)}</span></div>${view.thread.map((m, i) => (i === 1 ? `<div class="divider">${view.thread.length - 1} replies</div>` : '') + message(m)).join('')}</div></div>`;
}

import type { FeishuCardMessage, FeishuElement } from '../../src/notify/feishu/feishu-message';

const COLOURS: Record<string, string> = { red: '#f54a45', green: '#34c724', orange: '#ff8800', grey: '#8f959e' };
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An approximation of how Feishu draws a card, for a screenshot: lark_md's `**bold**` and line breaks, its numeric
 * entities shown as characters (HTML reads them the same way), raw `<` shown as text. Not Feishu's renderer.
 */
function larkMd(content: string): string {
  return content
    .split(/(&#\d+;)/)
    .map((part) => (/^&#\d+;$/.test(part) ? part : html(part)))
    .join('')
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');
}

function element(e: FeishuElement): string {
  if (e.tag === 'hr') return '<hr>';
  if (e.tag === 'note') return `<div class="note">${e.elements.map((p) => html(p.content)).join(' ')}</div>`;
  const fields = e.fields ? `<div class="fields">${e.fields.map((f) => `<div class="${f.is_short ? 'short' : 'long'}">${larkMd(f.text.content)}</div>`).join('')}</div>` : '';
  return `${e.text ? `<div class="text">${larkMd(e.text.content)}</div>` : ''}${fields}`;
}

export function feishuCardHtml(message: FeishuCardMessage): string {
  const { header, elements } = message.card;
  return `<!doctype html><meta charset="utf-8"><style>
body{background:#f2f3f5;font:14px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;padding:24px}
.card{width:560px;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12);overflow:hidden}
.header{color:#fff;padding:12px 16px;font-size:16px;font-weight:600;background:${COLOURS[header.template] ?? COLOURS.grey}}
.body{padding:12px 16px}.fields{display:flex;flex-wrap:wrap}.short{width:50%;margin-bottom:8px}.long{width:100%}
.text{margin:8px 0;white-space:normal;word-break:break-all}hr{border:0;border-top:1px solid #dee0e3}.note{color:#8f959e;font-size:12px}
</style><div class="card"><div class="header" id="header">${html(header.title.content)}</div><div class="body">${elements.map(element).join('')}</div></div>`;
}

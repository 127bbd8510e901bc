import type { SlackBlock, SlackMessage, SlackText } from '../../src/notify/slack/slack-message';

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Slack mrkdwn as Slack shows it, enough for a picture: `&lt;` and friends back to characters, `*bold*`,
 * `` `code` ``, and `<...>` (a mention or link, which API text must never produce) drawn in blue so it
 * would show. Zero-width spaces around escaped markup characters keep them literal, as in Slack.
 */
function mrkdwn(text: string): string {
  const html = escapeHtml(text.replace(/&lt;/g, '\uE001').replace(/&gt;/g, '\uE002').replace(/&amp;/g, '\uE003'));
  return html
    .replace(/&lt;([^&]*?)&gt;/g, '<span class="link">$1</span>')
    .replace(/(^|[\s(])\*([^*\n\u200B]+)\*/g, '$1<b>$2</b>')
    .replace(/`([^`\n\u200B]+)`/g, '<code>$1</code>')
    .replace(/\uE001/g, '&lt;')
    .replace(/\uE002/g, '&gt;')
    .replace(/\uE003/g, '&amp;')
    .replace(/\n/g, '<br>');
}

/** This machine has no emoji font: Slack's emoji images are drawn as coloured stand-ins that DejaVu has. */
const EMOJI: Record<string, string> = {
  '❌': '<span class="emoji" style="color:#e01e5a">✖</span>',
  '✅': '<span class="emoji" style="color:#2eb67d">✔</span>',
  '🚨': '<span class="emoji" style="color:#e01e5a">⚠</span>',
  '⏳': '<span class="emoji" style="color:#ecb22e">⧗</span>',
};
const emoji = (html: string) => html.replace(/❌|✅|🚨|⏳/gu, (e) => EMOJI[e]!);

const textHtml = (text: SlackText) => emoji(text.type === 'mrkdwn' ? mrkdwn(text.text) : escapeHtml(text.text).replace(/\n/g, '<br>'));

function blockHtml(block: SlackBlock): string {
  switch (block.type) {
    case 'header':
      return `<div class="header">${textHtml(block.text)}</div>`;
    case 'context':
      return `<div class="context">${block.elements.map(textHtml).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
    case 'section':
      return `<div class="section">${block.text ? textHtml(block.text) : ''}${block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${textHtml(f)}</div>`).join('')}</div>` : ''}</div>`;
    default:
      // Buttons (Slack actions) are drawn as plain outlined labels.
      return 'elements' in block ? `<div class="context">${(block.elements as { text?: SlackText }[]).map((e) => (e.text ? `<span style="border:1px solid #ccc;border-radius:4px;padding:2px 8px">${textHtml(e.text)}</span>` : '')).join(' ')}</div>` : '';
  }
}

/** A Slack message drawn like Slack's desktop client draws it (an approximation), for screenshots. */
export function slackMessageHtml(message: SlackMessage, options: { app?: string; time?: string } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { margin: 0; background: #fff; font: 15px/1.46668 Lato, 'DejaVu Sans', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif; color: #1d1c1d; }
.message { display: flex; gap: 8px; padding: 12px 20px; width: 980px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; flex: none; }
.who b { font-weight: 900; } .who .tag { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin: 0 4px; } .who .time { color: #616061; font-size: 12px; }
.header { font-size: 18px; font-weight: 900; margin: 4px 0; }
.context { color: #616061; font-size: 13px; margin: 4px 0; }
.section { margin: 6px 0; }
hr { border: none; border-top: 1px solid #ddd; margin: 10px 0; }
code { font: 12px Monaco, Menlo, Consolas, monospace; color: #e01e5a; background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; }
.link { color: #1264a3; background: #e8f5fa; }
.emoji { font-family: 'DejaVu Sans'; font-weight: 700; }
</style></head><body><div class="message"><div class="avatar">RN</div><div class="body">
<div class="who"><b>${escapeHtml(options.app ?? 'rpa-notify')}</b><span class="tag">APP</span><span class="time">${escapeHtml(options.time ?? '09:47')}</span></div>
${message.blocks.map(blockHtml).join('\n')}
</div></div></body></html>`;
}

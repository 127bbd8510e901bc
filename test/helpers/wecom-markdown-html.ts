import { escapeHtml } from '../../src/notify/text';

const COLOURS: Record<string, string> = { warning: '#f5a623', info: '#2ba245', comment: '#a0a0a0' };

/**
 * An approximation of how a WeCom client shows robot markdown: headers, quotes, bold, links,
 * `<font color>` and `<@userid>` mentions are markup; everything else is text. Good enough to look at,
 * and to count what markup a message really produces.
 */
export function wecomMarkdownToHtml(content: string): string {
  const inline = (line: string) =>
    escapeHtml(line)
      .replace(/&lt;font color=&quot;(warning|info|comment)&quot;&gt;/g, (_m, colour: string) => `<span class="font" style="color:${COLOURS[colour]}">`)
      .replace(/&lt;\/font&gt;/g, '</span>')
      .replace(/&lt;@([A-Za-z0-9_.@-]+)&gt;/g, '<span class="mention">@$1</span>')
      .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
  const body = content
    .split('\n')
    .map((line) => {
      const header = /^(#{1,6}) (.*)$/.exec(line);
      if (header) return `<h${header[1]!.length}>${inline(header[2]!)}</h${header[1]!.length}>`;
      if (line.startsWith('>')) return `<div class="quote">${inline(line.replace(/^>\s?/, ''))}</div>`;
      return line === '' ? '<div class="gap"></div>' : `<div>${inline(line)}</div>`;
    })
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><style>
body { font: 14px/1.6 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f2f3f5; margin: 0; padding: 24px; }
.bubble { background: #fff; border-radius: 6px; padding: 12px 16px; max-width: 560px; box-shadow: 0 1px 2px rgba(0,0,0,.08); word-break: break-all; }
h1,h2,h3,h4,h5,h6 { font-size: 16px; margin: 0 0 4px; }
.quote { color: #666; border-left: 3px solid #ddd; padding-left: 8px; }
.gap { height: 8px; }
.mention { color: #2a6ad0; }
a { color: #2a6ad0; }
</style><div class="bubble">${body}</div>`;
}

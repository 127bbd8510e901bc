const ZWSP = '\u200B';

/**
 * WeCom markdown knows `<font>`, `<@userid>` mentions, links, bold, quotes and headers, and no escape
 * syntax. So API text is made inert: `<` and `>` become their full-width forms (no tag, mention or
 * quote can open), `&` is followed by a zero-width space (no entity can form into a `<`), `]` too
 * (no `[x](url)` link), emphasis marks are fenced by zero-width spaces, and every line starts with
 * one (no header, list or quote can start there).
 */
const ESCAPES: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '&': `&${ZWSP}`,
  ']': `]${ZWSP}`,
  '\n': `\n${ZWSP}`,
  '\r': '',
};

export const escapeWecomChar = (char: string): string => ESCAPES[char] ?? (/^[*_~`]$/.test(char) ? `${ZWSP}${char}${ZWSP}` : char);

export function escapeWecom(text: string): string {
  return Array.from(text, escapeWecomChar).join('');
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * `text` escaped for WeCom markdown and cut so that the result, `marker` included, is at most `maxBytes`
 * bytes of UTF-8. The cut falls between two characters of `text`, so never inside a multi-byte character
 * nor inside an escape; `marker(count)` says how many characters were cut.
 */
export function fitWecomBytes(text: string, maxBytes: number, marker: (count: number) => string): string {
  const chars = Array.from(text);
  const pieces = chars.map(escapeWecomChar);
  const sizes = pieces.map(utf8Bytes);
  if (sizes.reduce((sum, size) => sum + size, 0) <= maxBytes) return pieces.join('');
  // The marker's size depends on the number it shows; reserve for the widest case.
  const room = maxBytes - utf8Bytes(marker(chars.length));
  let used = 0;
  let kept = 0;
  while (kept < pieces.length && used + sizes[kept]! <= room) used += sizes[kept++]!;
  return `${pieces.slice(0, kept).join('')}${marker(chars.length - kept)}`;
}

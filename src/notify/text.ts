import { type Language, t } from '../i18n/messages';

const marker = (more: number, language: Language) => t(language, 'text.truncated', { count: more });

/**
 * Cuts `text` so that, once each character went through `escape`, the result holds at most `max`
 * characters, ending with a visible marker that says how many characters of `text` were cut.
 * Lengths are UTF-16 units (an emoji counts 2), the strictest way a limit may count; the cut falls
 * between two characters of `text`, so never inside a surrogate pair nor an escape like `&amp;`.
 */
export function fitText(text: string, max: number, escape: (char: string) => string = (char) => char, language: Language = 'en'): string {
  const chars = Array.from(text);
  const pieces = chars.map(escape);
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  if (length <= max) return pieces.join('');
  // The marker's own length depends on the number it shows; reserve for the widest case.
  const room = max - marker(chars.length, language).length;
  let used = 0;
  let kept = 0;
  while (kept < pieces.length && used + pieces[kept]!.length <= room) used += pieces[kept++]!.length;
  return `${pieces.slice(0, kept).join('')}${marker(chars.length - kept, language)}`;
}

/** Cuts `text` to at most `max` characters, ending with a visible marker that says how much was cut. */
export function truncate(text: string, max: number, language: Language = 'en'): string {
  return fitText(text, max, undefined, language);
}

const MRKDWN_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeMrkdwnChar = (char: string): string => MRKDWN_ENTITIES[char] ?? (/^[*_~`]$/.test(char) ? `\u200B${char}\u200B` : char);

/** Slack mrkdwn: no mentions, links or formatting can come from API text. */
export function escapeMrkdwn(text: string): string {
  return Array.from(text, escapeMrkdwnChar).join('');
}

/** Escaped for Slack mrkdwn and cut so that the escaped text, marker included, fits `max`. */
export function fitMrkdwn(text: string, max: number, language: Language = 'en'): string {
  return fitText(text, max, escapeMrkdwnChar, language);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** For anything placed in a mail header: one line, no control characters. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return text.replace(/[\r\n\t\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

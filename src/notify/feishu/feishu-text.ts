import type { Language } from '../../i18n/messages';
import { t } from '../../i18n/messages';

/**
 * Characters lark_md gives a meaning to: tags (`<at id=all>`, `<font>`), links (`[x](…)`), emphasis, emoji
 * shortcodes, and the entities themselves. Each becomes a numeric entity, which Feishu shows as the character.
 */
const LARK_MD_SPECIAL = /^[&<>*_~[\]()#:`|\\!+\-{}"']$/;

export const escapeLarkMdChar = (char: string): string => (LARK_MD_SPECIAL.test(char) ? `&#${char.codePointAt(0)};` : char);

/** lark_md that shows `text` as written: no mention, link, tag or formatting can come from it; line breaks stay. */
export function escapeLarkMd(text: string): string {
  return Array.from(text.replace(/\r\n?/g, '\n'), escapeLarkMdChar).join('');
}

/** What a piece of text costs inside the JSON body, in UTF-8 bytes (`"` and `\n` are escaped there too). */
export const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;

/**
 * `text` escaped for lark_md and cut so that the escaped result, visible marker included, costs at most
 * `maxBytes` in the JSON body. The cut falls between two characters of `text`, never inside an entity.
 */
export function fitLarkMdBytes(text: string, maxBytes: number, language: Language): string {
  const pieces = Array.from(text.replace(/\r\n?/g, '\n'), escapeLarkMdChar);
  const cost = pieces.map(jsonBytes);
  const total = cost.reduce((sum, c) => sum + c, 0);
  if (total <= maxBytes) return pieces.join('');
  // The marker's cost depends on the number it shows; reserve for the widest case.
  const room = maxBytes - jsonBytes(escapeLarkMd(t(language, 'text.truncated', { count: pieces.length })));
  let used = 0;
  let kept = 0;
  while (kept < pieces.length && used + cost[kept]! <= room) used += cost[kept++]!;
  return `${pieces.slice(0, kept).join('')}${escapeLarkMd(t(language, 'text.truncated', { count: pieces.length - kept }))}`;
}

/**
 * The largest per-field budget `cap` such that every field cut to `cap` bytes, plus `fixed`, fits `max`:
 * the longest fields are cut first, and short ones are left whole.
 */
export function fieldCap(costs: readonly number[], fixed: number, max: number): number {
  const fits = (cap: number) => fixed + costs.reduce((sum, c) => sum + Math.min(c, cap), 0) <= max;
  let low = 0;
  let high = Math.max(0, ...costs);
  if (fits(high)) return high;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

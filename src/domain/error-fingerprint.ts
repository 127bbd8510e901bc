import { createHash } from 'node:crypto';

/** Longest normalised text hashed: long tracebacks keep their head and tail, where the frames and the exception are. */
export const MAX_NORMALISED_CHARS = 1000;
/** Raw text looked at, so a megabyte of error costs no more than a long traceback. */
const MAX_RAW_CHARS = 64_000;
const FINGERPRINT_HEX_CHARS = 12;

/**
 * Quoted values first: what sits between quotes is data (a path, a key, a file name), and numbers
 * inside it must not survive as text. An ASCII `'` opens a quote only where no letter or digit
 * precedes it, so `can't` and `Robots'` stay words; CJK text before it is fine (`打开'x'失败`).
 * One line at most, so an unpaired quote cannot swallow a traceback.
 */
const QUOTED: RegExp[] = [/"[^"\n]*"/g, /“[^”\n]*”/g, /「[^」\n]*」/g, /『[^』\n]*』/g, /‘[^’\n]*’/g, /(?<![A-Za-z0-9])'[^'\n]*'/g];
// Lookarounds rather than \b: `run_<uuid>` has no word boundary before the uuid.
const UUID = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;
const HEX_LITERAL = /(?<![A-Za-z0-9])0x[0-9a-f]+/gi;
const DATE_TIME = /\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const CJK_DATE = /\d{4}年\d{1,2}月\d{1,2}日/g;
const CLOCK = /\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?/g;
const TOKEN = /[A-Za-z0-9]+/g;

/**
 * Two failures are "the same error" when their messages differ only in the values of one run: ids,
 * numbers, times, quoted paths. The fingerprint is a short stable hash of the message with those
 * values replaced by placeholders (`<n>`, `<id>`, `<hex>`, `<uuid>`, `<time>`, `<str>`) and its
 * whitespace collapsed; the normalised text is returned too, so a digest can show what was grouped.
 */
export function errorFingerprint(error: string): { fingerprint: string; normalised: string } {
  const normalised = capMiddle(normaliseError(capMiddle(error, MAX_RAW_CHARS)), MAX_NORMALISED_CHARS);
  const fingerprint = createHash('sha1').update(normalised, 'utf8').digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
  return { fingerprint, normalised };
}

function normaliseError(text: string): string {
  let out = text;
  for (const quoted of QUOTED) out = out.replace(quoted, '<str>');
  return out
    .replace(UUID, '<uuid>')
    .replace(HEX_LITERAL, '<hex>')
    .replace(DATE_TIME, '<time>')
    .replace(CJK_DATE, '<time>')
    .replace(CLOCK, '<time>')
    .replace(TOKEN, normaliseToken)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One run of ASCII letters and digits. Pure digits are a number; a hex string of 8+ with a digit is
 * a hash or object id; a long mixed token, or one that keeps switching between letters and digits
 * (`8f3k2j9`), is a generated id. Anything else keeps its letters (`HTTP404` → `HTTP<n>`,
 * `python3` → `python<n>`), so words that merely end in a number still tell errors apart.
 */
function normaliseToken(token: string): string {
  if (/^\d+$/.test(token)) return '<n>';
  if (!/\d/.test(token)) return token;
  if (token.length >= 8 && /^[0-9a-f]+$/i.test(token)) return '<hex>';
  if (token.length >= 8 || switches(token) >= 3) return '<id>';
  return token.replace(/\d+/g, '<n>');
}

function switches(token: string): number {
  let count = 0;
  for (let i = 1; i < token.length; i++) if (/\d/.test(token[i]!) !== /\d/.test(token[i - 1]!)) count++;
  return count;
}

/** Keeps the head and the tail: a Python traceback's last line is the exception itself. */
function capMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half)} … ${text.slice(text.length - half)}`;
}

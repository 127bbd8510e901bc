import type { JsonValue } from './execution';

/** Deeper than this, JSON.stringify (in BullMQ, Redis, messages) may run out of stack; the parser stops here too. */
export const MAX_JSON_DEPTH = 64;
/** One field of one record; the response itself may be 20 MB, and every page job carries its records. */
export const MAX_JSON_CHARS = 1_000_000;

export const TOO_DEEP = '… (nested too deep, cut)';
const NOT_SERIALISABLE = '… (not serialisable, cut)';
const tooLarge = `… (larger than ${MAX_JSON_CHARS} characters, cut)`;

export interface BoundedJson {
  value: JsonValue;
  /** Why something was cut (one reason, the first met), or null when the value is kept whole. */
  cut: string | null;
}

class TooLarge extends Error {}

/**
 * A copy of `value` the rest of the bot can trust: at most MAX_JSON_DEPTH levels (deeper containers
 * become a visible marker), only JSON values, and about MAX_JSON_CHARS characters at most (a longer
 * string keeps its head, a larger structure becomes a marker). Recursion is bounded by the depth, so
 * the walk itself cannot run out of stack; the size budget also ends shared or cyclic references.
 */
export function boundJson(value: unknown): BoundedJson {
  if (typeof value === 'string') {
    if (value.length <= MAX_JSON_CHARS) return { value, cut: null };
    // Never split a surrogate pair: half an emoji is not valid text.
    const keep = /[\uD800-\uDBFF]/.test(value[MAX_JSON_CHARS - 1]!) ? MAX_JSON_CHARS - 1 : MAX_JSON_CHARS;
    const more = value.length - keep;
    return { value: `${value.slice(0, keep)}… (too large, ${more} more characters cut)`, cut: `larger than ${MAX_JSON_CHARS} characters` };
  }
  const reasons = new Set<string>();
  let budget = MAX_JSON_CHARS;
  const spend = (chars: number) => {
    budget -= chars;
    if (budget < 0) throw new TooLarge();
  };

  const walk = (v: unknown, depth: number): JsonValue => {
    spend(1);
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') {
      spend(v.length + 2);
      return v;
    }
    if (typeof v === 'boolean') return v;
    // JSON has no Infinity or NaN; JSON.stringify would write null, so say so here.
    if (typeof v === 'number') return Number.isFinite(v) ? v : null;
    if (typeof v !== 'object') {
      reasons.add('not serialisable');
      return NOT_SERIALISABLE;
    }
    if (depth > MAX_JSON_DEPTH) {
      reasons.add(`nested deeper than ${MAX_JSON_DEPTH} levels`);
      return TOO_DEEP;
    }
    if (Array.isArray(v)) return v.map((item: unknown) => walk(item, depth + 1));
    // fromEntries defines own properties, so a key named __proto__ stays data, as JSON.parse made it.
    return Object.fromEntries(
      Object.keys(v).map((key) => {
        spend(key.length + 3);
        return [key, walk((v as Record<string, unknown>)[key], depth + 1)];
      }),
    );
  };

  try {
    const bounded = walk(value, 1);
    return { value: bounded, cut: reasons.size ? [...reasons].join(', ') : null };
  } catch (error) {
    if (error instanceof TooLarge) return { value: tooLarge, cut: `larger than ${MAX_JSON_CHARS} characters` };
    throw error;
  }
}

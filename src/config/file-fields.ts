import { z } from 'zod';
import { validateCron } from '../domain/digest-schedule';
import { parseDuration } from './duration';

/** Field schemas shared by the sections of the config file; each failure says what would have been right. */

export const describeValue = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : typeof value === 'string' ? `"${value}"` : String(value);

const missingOr = (otherwise: (input: unknown) => string, required = 'required') => (issue: { input?: unknown }) =>
  issue.input === undefined ? required : otherwise(issue.input);

export const text = (required = 'required') =>
  z.string({ error: missingOr((input) => `expected text, got ${describeValue(input)}`, required) }).min(1, 'must not be empty');

/**
 * A mapping whose unknown keys are each reported on their own line with the keys that would have been known.
 * `what` names a key in that message: "unknown match key (known: workflows, statuses, accounts)".
 */
export function mapping<S extends z.ZodRawShape>(shape: S, what: string, known: readonly string[] = Object.keys(shape)) {
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown ${what} (known: ${known.join(', ')})`;
      if (issue.code === 'invalid_type') return missingOr((input) => `expected a mapping (key: value), got ${describeValue(input)}`)(issue);
      return undefined;
    },
  });
}

/** A list of text; a single text is read as a list of one, so `to: default` and `to: [default]` mean the same. */
export const textList = (listRequired = 'required') =>
  z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(text(), { error: missingOr((input) => `expected a list, got ${describeValue(input)}`, listRequired) }),
  );

/** Statuses as NOTIFY_STATUSES reads them: case does not matter. */
export const statusList = textList().transform((list) => list.map((s) => s.trim().toUpperCase()));

export const duration = (min: number, example: string) =>
  z.string({ error: missingOr(() => `expected a duration like ${example}`) }).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < min) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration of at least ${min / 1000}s, like ${example}` });
      return z.NEVER;
    }
    return ms;
  });

/** A duration, or `off` (null): a setting that can also be turned off. */
export const durationOrOff = (min: number, example: string) =>
  z.string({ error: missingOr(() => `expected a duration like ${example}, or off`) }).transform((value, ctx) => {
    if (value === 'off') return null;
    const ms = parseDuration(value);
    if (ms === undefined || ms < min) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration of at least ${min / 1000}s, like ${example}, nor off` });
      return z.NEVER;
    }
    return ms;
  });

export const urlText = (protocols: readonly string[]) =>
  text().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

export const timeZone = text().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai or UTC');

export const cronText = text().refine((expression) => {
  try {
    validateCron(expression, 'UTC');
    return true;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 9 * * 1-5" (minute hour day month weekday)');

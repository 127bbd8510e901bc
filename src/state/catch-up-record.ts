import { z } from 'zod';
import type { CatchUpCursor } from '../domain/plan-catch-up';

const cursorSchema = z.object({
  nextPosition: z.number().int().nonnegative(),
  topId: z.string(),
  lastId: z.string(),
  lastStartMs: z.number().nullable(),
});
const statsSchema = z.object({
  startedAt: z.number(),
  polls: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
});
const stackSchema = statsSchema.extend({ cursors: z.array(cursorSchema).min(1) });
/** What versions before the stack wrote: one cursor and its stats, side by side. */
const singleSchema = statsSchema.merge(cursorSchema);

/**
 * The unfinished catch-ups as kept in Redis: the cursors, newest first (see walkCatchUps), and what the
 * log tells about them (since when, over how many polls, how many runs fetched).
 */
export interface CatchUpState {
  cursors: CatchUpCursor[];
  startedAt: number;
  polls: number;
  records: number;
}

/** Reads what Redis holds, in either format; null when it cannot be read. */
export function parseCatchUpState(json: string): CatchUpState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const stack = stackSchema.safeParse(value);
  if (stack.success) return stack.data;
  const single = singleSchema.safeParse(value);
  if (!single.success) return null;
  const { startedAt, polls, records, ...cursor } = single.data;
  return { cursors: [cursor], startedAt, polls, records };
}

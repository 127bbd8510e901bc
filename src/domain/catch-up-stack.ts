import { type CatchUpCursor, type CatchUpEnd, frontierIn, pageOf, topPages, walkCatchUp } from './plan-catch-up';
import type { PollProgress } from './plan-pages';

/**
 * How many unfinished catch-ups are kept. Each new backlog that arrives while one is under way (an
 * API that keeps dropping out) stacks a catch-up on top; past this many the oldest is dropped, with a warning.
 */
export const MAX_CATCH_UPS = 10;

export type CatchUpOutcome =
  | { kind: 'none' }
  | { kind: 'started'; cursor: CatchUpCursor }
  /**
   * More new runs than one poll may fetch arrived again during a catch-up: a new one starts from the newest,
   * and the unfinished ones (`older`, newest first) wait until it reaches them. `dropped`: beyond MAX_CATCH_UPS.
   */
  | { kind: 'overtaken'; cursor: CatchUpCursor; older: CatchUpCursor[]; dropped: CatchUpCursor[] }
  /** `resumed`: how many catch-ups this poll finished, each time taking up the older one where it stopped. */
  | { kind: 'continues'; cursor: CatchUpCursor; older: CatchUpCursor[]; resumed: number }
  | { kind: 'ended'; reason: CatchUpEnd; position: number; resumed: number };

export type StackWalk =
  | { kind: 'continue'; position: number; cursor: CatchUpCursor; older: CatchUpCursor[]; resumed: number }
  | { kind: 'ended'; reason: CatchUpEnd; position: number; resumed: number };

/**
 * Follows the catch-ups newest first. One that reaches runs known from before its gap has reached the
 * newest runs of the older one: that one goes on, in the same poll, from where it stopped. One that
 * reaches the end of the list or history ends every older one too (the list runs newest first).
 */
export function walkCatchUps(progress: PollProgress): StackWalk | null {
  const first = progress.catchUp;
  if (!first) return null;
  const stack = [first, ...(progress.olderCatchUps ?? [])];
  let cursor = first;
  for (let i = 0; ; i++) {
    const walk = walkCatchUp(progress, cursor);
    if (walk.kind === 'continue') return { kind: 'continue', position: walk.position, cursor, older: stack.slice(i + 1), resumed: i };
    const next = stack[i + 1];
    if (walk.reason !== 'knownRuns' || !next) return { kind: 'ended', reason: walk.reason, position: walk.position, resumed: i };
    cursor = resumeAt(progress, next, walk.position);
  }
}

/**
 * A waiting catch-up in this poll's positions. Its own are those of the poll that saved it, and an unknown
 * number of runs arrived since (that is what overtook it). Its last run or its newest run, when a fetched
 * page holds one, give the spot exactly; else `anchor`, where the newer catch-up met runs known from
 * before, stands for its newest run. A guess too deep is stepped back by walkCatchUp; one too short only
 * fetches again runs it had recorded.
 */
export function resumeAt(progress: PollProgress, cursor: CatchUpCursor, anchor: number): CatchUpCursor {
  const positionOf = (id: string): number | null => {
    for (const page of progress.pages) {
      const index = page.ids.indexOf(id);
      if (index >= 0) return (page.pageNo - 1) * progress.pageSize + index;
    }
    return null;
  };
  const last = positionOf(cursor.lastId);
  const nextPosition = last !== null ? last + 1 : (positionOf(cursor.topId) ?? anchor) + cursor.nextPosition;
  return { ...cursor, nextPosition, topId: progress.pages[0]?.ids[0] ?? cursor.topId };
}

/** What this poll leaves for the next ones: a catch-up to start, stack, continue or end. */
export function catchUpAfterPoll(progress: PollProgress, baselinePoll: boolean): CatchUpOutcome {
  const { pageSize } = progress;
  const top = topPages(progress.pages);
  const topLast = top[top.length - 1];
  if (!topLast) return { kind: 'none' };
  const previous = progress.catchUp ?? null;
  const frontierReached = frontierIn(top, previous);
  const topId = top[0]!.ids[0] ?? previous?.topId ?? '';

  if (!frontierReached && topLast.recordCount >= pageSize) {
    // The first poll records history as deep as it may; anything deeper is history too.
    if (baselinePoll) return { kind: 'none' };
    const cursor: CatchUpCursor = {
      nextPosition: topLast.pageNo * pageSize,
      topId,
      lastId: topLast.ids[topLast.ids.length - 1] ?? '',
      lastStartMs: topLast.startMs[topLast.startMs.length - 1] ?? null,
    };
    if (!previous) return { kind: 'started', cursor };
    const waiting = [previous, ...(progress.olderCatchUps ?? [])];
    return { kind: 'overtaken', cursor, older: waiting.slice(0, MAX_CATCH_UPS - 1), dropped: waiting.slice(MAX_CATCH_UPS - 1) };
  }
  if (!previous) return { kind: 'none' };
  if (!frontierReached) return { kind: 'ended', reason: 'listEnd', position: (topLast.pageNo - 1) * pageSize + topLast.recordCount, resumed: 0 };

  const walk = walkCatchUps(progress)!;
  if (walk.kind === 'ended') return walk;
  const { cursor, older, resumed } = walk;
  const above = walk.position - 1;
  const page = progress.pages.find((p) => p.pageNo === pageOf(above, pageSize));
  const index = above - (pageOf(above, pageSize) - 1) * pageSize;
  const lastId = page?.ids[index];
  if (lastId === undefined) return { kind: 'continues', cursor: { ...cursor, nextPosition: walk.position, topId }, older, resumed };
  // Never newer than before: when the position was guessed short, the runs re-fetched above the old
  // cursor are the catch-up's own, and must not pass for runs known from before the gap.
  const starts = [cursor.lastStartMs, page!.startMs[index] ?? null].filter((ms): ms is number => ms !== null);
  return { kind: 'continues', cursor: { nextPosition: walk.position, topId, lastId, lastStartMs: starts.length ? Math.min(...starts) : null }, older, resumed };
}

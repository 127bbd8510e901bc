import type { FetchedPage, PollProgress } from './plan-pages';

/**
 * Where an unfinished catch-up stands. Positions count from the newest run (0) in the list as the
 * saving poll saw it; new runs push everything down, so the next poll measures the shift by where
 * `topId` stands now, and confirms the spot by `lastId` when it sees that run again.
 */
export interface CatchUpCursor {
  /** Position of the first run the catch-up has not fetched yet. */
  nextPosition: number;
  /** The newest run the saving poll saw (position 0 then). */
  topId: string;
  /** The run just above `nextPosition`, the oldest one reached. */
  lastId: string;
  /**
   * Its start. The catch-up only records runs from the top down to it, so a known run that started
   * earlier was known before the gap: reaching one ends the catch-up.
   */
  lastStartMs: number | null;
}

export type CatchUpEnd = 'knownRuns' | 'listEnd' | 'history';

export type CatchUpWalk = { kind: 'continue'; position: number } | { kind: 'ended'; reason: CatchUpEnd; position: number };

/**
 * Whether the top pages reached runs seen before: known in Redis, or the newest run the unfinished
 * catch-up saw. The second counts even while that poll's pages are still waiting for a worker (its
 * runs not recorded yet): otherwise a slow queue would pass for a second backlog and restart the catch-up.
 */
export function frontierIn(pages: FetchedPage[], catchUp: CatchUpCursor | null | undefined): boolean {
  return pages.some((page) => page.knownCount > 0 || (catchUp !== null && catchUp !== undefined && page.ids.includes(catchUp.topId)));
}

/** The pages fetched from the top of the list down, before any catch-up or deeper page. */
export function topPages(pages: FetchedPage[]): FetchedPage[] {
  const end = pages.findIndex((page) => page.reason !== 'first' && page.reason !== 'newerThanKnown');
  return end < 0 ? pages : pages.slice(0, end);
}

export const pageOf = (position: number, pageSize: number) => Math.floor(position / pageSize) + 1;

/** Where the first run below the cursor stands now. */
export function locateCatchUp(progress: PollProgress, cursor: CatchUpCursor): number {
  const { pageSize } = progress;
  for (const page of progress.pages) {
    const index = page.ids.indexOf(cursor.lastId);
    if (index >= 0) return (page.pageNo - 1) * pageSize + index + 1;
  }
  const top = topPages(progress.pages);
  for (const page of top) {
    const index = page.ids.indexOf(cursor.topId);
    if (index >= 0) return cursor.nextPosition + (page.pageNo - 1) * pageSize + index;
  }
  // The newest run of the saving poll is gone: the runs new to this poll are the best guess of the shift.
  return cursor.nextPosition + top.reduce((sum, page) => sum + page.ids.length - page.knownCount, 0);
}

/**
 * Follows the catch-up through the pages fetched so far: from the run below the cursor down, until
 * a run known from before the gap, the end of the list, or history (no later than the baseline).
 * `continue` names the position of the first run it still needs.
 */
export function walkCatchUp(progress: PollProgress, cursor: CatchUpCursor): CatchUpWalk {
  const baseline = progress.baselineMs ?? null;
  const position = stepBackToCursor(progress, cursor, locateCatchUp(progress, cursor));
  if (position.kind === 'needPage') return { kind: 'continue', position: position.position };
  return walkFrom(progress, cursor, position.position, baseline);
}

/**
 * The shift measured from `topId` overestimates when runs started while the saving poll was paging (its
 * deeper pages held fewer distinct runs than their positions say): the guess can land below the cursor,
 * and the runs in between would never be fetched. So: while the run just above the guess started before
 * the cursor's run (it is below the cursor, not yet caught up), step back; fetch its page first if needed.
 */
function stepBackToCursor(progress: PollProgress, cursor: CatchUpCursor, guess: number): { kind: 'at' | 'needPage'; position: number } {
  const { pageSize } = progress;
  let position = guess;
  while (position > 0 && cursor.lastStartMs !== null) {
    const above = position - 1;
    const pageNo = pageOf(above, pageSize);
    const page = progress.pages.find((p) => p.pageNo === pageNo);
    if (!page) return { kind: 'needPage', position: above };
    const index = above - (pageNo - 1) * pageSize;
    const id = page.ids[index];
    const startMs = page.startMs[index] ?? null;
    if (id === undefined || id === cursor.lastId || startMs === null || startMs >= cursor.lastStartMs) break;
    position = above;
  }
  return { kind: 'at', position };
}

function walkFrom(progress: PollProgress, cursor: CatchUpCursor, start: number, baseline: number | null): CatchUpWalk {
  const { pageSize } = progress;
  let position = start;
  for (;;) {
    const pageNo = pageOf(position, pageSize);
    const page = progress.pages.find((p) => p.pageNo === pageNo);
    if (!page) return { kind: 'continue', position };
    for (let i = position - (pageNo - 1) * pageSize; i < page.ids.length; i++) {
      const startMs = page.startMs[i] ?? null;
      const older = startMs === null || cursor.lastStartMs === null || startMs < cursor.lastStartMs;
      if (page.known[i] && older) return { kind: 'ended', reason: 'knownRuns', position: (pageNo - 1) * pageSize + i };
      if (baseline !== null && startMs !== null && startMs <= baseline) return { kind: 'ended', reason: 'history', position: (pageNo - 1) * pageSize + i };
    }
    if (page.recordCount < pageSize) return { kind: 'ended', reason: 'listEnd', position: (pageNo - 1) * pageSize + page.recordCount };
    position = pageNo * pageSize;
  }
}

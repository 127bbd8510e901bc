import { walkCatchUps } from './catch-up-stack';
import { type CatchUpCursor, frontierIn, topPages } from './plan-catch-up';

/** What one poll has learnt so far, the input of the paging decision. */
export interface PollProgress {
  pageSize: number;
  maxPages: number;
  maxLookups: number;
  pages: FetchedPage[];
  /** Executions we track as PENDING, with their start (null when the API sent an unreadable time). */
  trackedPending: { id: string; startMs: number | null }[];
  /** Where the bounded lookups start in the list, so that over several polls every drifted run gets its turn. */
  lookupOffset?: number;
  /** A catch-up an earlier poll could not finish (more new runs than one poll may fetch); the newest, if several. */
  catchUp?: CatchUpCursor | null;
  /** Older unfinished catch-ups, newest first, overtaken by `catchUp`: each goes on once the newer one reaches it. */
  olderCatchUps?: CatchUpCursor[];
  /** Tracked runs a lookup already found missing: looked up, never paged for. */
  missingIds?: string[];
  /** Runs that started no later than this are history: a catch-up that reaches them is over. */
  baselineMs?: number | null;
}

export type FetchReason = 'first' | 'newerThanKnown' | 'catchUp' | 'trackedPendingDeeper';

export interface FetchedPage {
  pageNo: number;
  /** Why it was fetched: the leading 'first' and 'newerThanKnown' pages are the top of the list. */
  reason: FetchReason;
  ids: string[];
  /** Per id: the state knew it before this poll. */
  known: boolean[];
  /** Per id: its start (ms), null when unreadable. */
  startMs: (number | null)[];
  /** How many of `ids` the state already knew before this poll. */
  knownCount: number;
  /** Records the API sent, including any that failed validation: a full page means there may be more. */
  recordCount: number;
  oldestStartMs: number | null;
}

export type NextStep = { kind: 'fetchPage'; pageNo: number; reason: FetchReason } | { kind: 'lookup'; ids: string[] } | { kind: 'done' };

/**
 * Which request a poll makes next. Page 1 always; deeper pages only while they can still hold news:
 * no known id seen yet (more new runs than one page), unfinished catch-ups (see walkCatchUps), or two
 * or more tracked PENDING runs that drifted below what we fetched (one page may catch several). One
 * drifted run costs one lookup by id, never more than a page; so does a run already found missing.
 * Never more than `maxPages` pages; beyond them, drifted runs are looked up by id.
 */
export function planNextStep(progress: PollProgress): NextStep {
  const { pages } = progress;
  const last = pages[pages.length - 1];
  if (!last) return { kind: 'fetchPage', pageNo: 1, reason: 'first' };

  const budgetLeft = pages.length < progress.maxPages;
  const mayHaveMore = last.recordCount >= progress.pageSize;
  const canPageDeeper = mayHaveMore && budgetLeft;
  const frontierReached = frontierIn(topPages(pages), progress.catchUp);
  if (!frontierReached && canPageDeeper) return { kind: 'fetchPage', pageNo: last.pageNo + 1, reason: 'newerThanKnown' };

  if (progress.catchUp && frontierReached && budgetLeft) {
    const walk = walkCatchUps(progress);
    if (walk?.kind === 'continue') return { kind: 'fetchPage', pageNo: Math.floor(walk.position / progress.pageSize) + 1, reason: 'catchUp' };
  }

  const seen = new Set(pages.flatMap((page) => page.ids));
  const unseen = progress.trackedPending.filter((pending) => !seen.has(pending.id));
  if (unseen.length === 0) return { kind: 'done' };

  const oldestFetched = pages.reduce<number | null>(
    (oldest, page) => (page.oldestStartMs !== null && (oldest === null || page.oldestStartMs < oldest) ? page.oldestStartMs : oldest),
    null,
  );
  // A run a lookup found missing is below every page we could fetch: paging for it only costs.
  const missing = new Set(progress.missingIds ?? []);
  const deeper = unseen.filter((pending) => !missing.has(pending.id) && (pending.startMs === null || oldestFetched === null || pending.startMs < oldestFetched));
  if (deeper.length >= 2 && canPageDeeper) return { kind: 'fetchPage', pageNo: last.pageNo + 1, reason: 'trackedPendingDeeper' };

  const start = (progress.lookupOffset ?? 0) % unseen.length;
  const rotated = [...unseen.slice(start), ...unseen.slice(0, start)];
  return { kind: 'lookup', ids: rotated.slice(0, progress.maxLookups).map((pending) => pending.id) };
}

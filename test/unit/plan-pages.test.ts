import { catchUpAfterPoll } from '../../src/domain/catch-up-stack';
import type { CatchUpCursor } from '../../src/domain/plan-catch-up';
import { type FetchedPage, planNextStep, type PollProgress } from '../../src/domain/plan-pages';

const page = (pageNo: number, over: Partial<FetchedPage> = {}): FetchedPage => {
  const reason: FetchedPage['reason'] = pageNo === 1 ? 'first' : 'newerThanKnown';
  const base = { pageNo, reason, ids: [`p${pageNo}-a`, `p${pageNo}-b`], knownCount: 1, recordCount: 2, oldestStartMs: 1000 - pageNo * 100, ...over };
  // Per record: the known ones come last on a page (newest first), starts 50 ms apart down to oldestStartMs.
  const known = base.ids.map((_, i) => i >= base.ids.length - base.knownCount);
  const startMs = base.ids.map((_, i) => (base.oldestStartMs === null ? null : base.oldestStartMs + (base.ids.length - 1 - i) * 50));
  return { ...base, known, startMs, ...over };
};
const progress = (over: Partial<PollProgress>): PollProgress => ({ pageSize: 2, maxPages: 5, maxLookups: 5, pages: [], trackedPending: [], ...over });

describe('planNextStep', () => {
  it.each<[string, Partial<PollProgress>, ReturnType<typeof planNextStep>]>([
    ['page 1 first, always', {}, { kind: 'fetchPage', pageNo: 1, reason: 'first' }],
    ['steady state: page 1 holds known ids and all tracked runs: done', { pages: [page(1)], trackedPending: [{ id: 'p1-a', startMs: 900 }] }, { kind: 'done' }],
    ['page 1 all new and full: page 2', { pages: [page(1, { knownCount: 0 })] }, { kind: 'fetchPage', pageNo: 2, reason: 'newerThanKnown' }],
    ['page 1 all new but short: the list ends there', { pages: [page(1, { knownCount: 0, recordCount: 1 })] }, { kind: 'done' }],
    ['all new up to the page limit: stop', { maxPages: 1, pages: [page(1, { knownCount: 0 })] }, { kind: 'done' }],
    ['one tracked run deeper: one lookup beats a page', { pages: [page(1)], trackedPending: [{ id: 'old', startMs: 10 }] }, { kind: 'lookup', ids: ['old'] }],
    [
      'two tracked runs deeper: a page may catch both',
      { pages: [page(1)], trackedPending: [{ id: 'old1', startMs: 10 }, { id: 'old2', startMs: 20 }] },
      { kind: 'fetchPage', pageNo: 2, reason: 'trackedPendingDeeper' },
    ],
    [
      'tracked runs deeper than the page limit: looked up by id',
      { maxPages: 1, pages: [page(1)], trackedPending: [{ id: 'old1', startMs: 10 }, { id: 'old2', startMs: 20 }] },
      { kind: 'lookup', ids: ['old1', 'old2'] },
    ],
    [
      'a tracked run that should be on a fetched page but is missing: looked up',
      { pages: [page(1)], trackedPending: [{ id: 'gone', startMs: 950 }, { id: 'gone2', startMs: 960 }] },
      { kind: 'lookup', ids: ['gone', 'gone2'] },
    ],
    [
      'the last page reached: lookups for what is left',
      { pages: [page(1), page(2, { recordCount: 1 })], trackedPending: [{ id: 'x', startMs: 1 }, { id: 'y', startMs: 2 }] },
      { kind: 'lookup', ids: ['x', 'y'] },
    ],
    [
      'lookups are bounded per poll',
      { maxLookups: 1, maxPages: 1, pages: [page(1)], trackedPending: [{ id: 'x', startMs: 1 }, { id: 'y', startMs: 2 }] },
      { kind: 'lookup', ids: ['x'] },
    ],
    [
      'two tracked runs deeper, both already found missing: looked up, never paged for',
      { pages: [page(1)], trackedPending: [{ id: 'old1', startMs: 10 }, { id: 'old2', startMs: 20 }], missingIds: ['old1', 'old2'] },
      { kind: 'lookup', ids: ['old1', 'old2'] },
    ],
    [
      'one of two deeper runs found missing: the other alone is not worth a page',
      { pages: [page(1)], trackedPending: [{ id: 'old1', startMs: 10 }, { id: 'old2', startMs: 20 }], missingIds: ['old2'] },
      { kind: 'lookup', ids: ['old1', 'old2'] },
    ],
    [
      'bounded lookups take turns: the offset says where this poll starts',
      { maxLookups: 2, maxPages: 1, lookupOffset: 2, pages: [page(1)], trackedPending: [{ id: 'x', startMs: 1 }, { id: 'y', startMs: 2 }, { id: 'z', startMs: 3 }] },
      { kind: 'lookup', ids: ['z', 'x'] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(planNextStep(progress(input))).toEqual(expected);
  });
});

/**
 * A list of runs newest first, `n` of them, ids r0 (newest) … r(n-1), start 10,000 - 10·i ms, and the
 * pages a poll fetched of it: enough to follow a catch-up over shifting positions.
 */
const PAGE = 5;
const listPage = (pageNo: number, known: (i: number) => boolean, total = 100, reason: FetchedPage['reason'] = pageNo === 1 ? 'first' : 'catchUp'): FetchedPage => {
  const positions = Array.from({ length: PAGE }, (_, k) => (pageNo - 1) * PAGE + k).filter((i) => i < total);
  const startMs = positions.map((i) => 10_000 - 10 * i);
  return {
    pageNo,
    reason,
    ids: positions.map((i) => `r${i}`),
    known: positions.map(known),
    startMs,
    knownCount: positions.filter(known).length,
    recordCount: positions.length,
    oldestStartMs: startMs.length ? Math.min(...startMs) : null,
  };
};
/** The cursor an earlier poll left: it had fetched down to `last` (positions as it saw them), `shift` runs ago. */
const cursorAt = (last: number, shift: number): CatchUpCursor => ({ nextPosition: last + 1 - shift, topId: `r${shift}`, lastId: `r${last}`, lastStartMs: 10_000 - 10 * last });
const catchUp = (over: Partial<PollProgress>): PollProgress => ({ pageSize: PAGE, maxPages: 3, maxLookups: 3, pages: [], trackedPending: [], ...over });

describe('planNextStep and catchUpAfterPoll: an unfinished catch-up', () => {
  // Runs r0..r(shift-1) are new since the last poll; the catch-up had recorded down to r14; r40 and older were known before the gap.
  const knownBefore = (shift: number, last: number, frontier = 40) => (i: number) => (i >= shift && i <= last) || i >= frontier;

  it.each<[string, PollProgress, ReturnType<typeof planNextStep>]>([
    ['steady state without a catch-up: one page', catchUp({ pages: [listPage(1, knownBefore(0, 14))] }), { kind: 'done' }],
    ['no shift, the cursor at a page end: first its own page, to confirm the guessed spot is not below it', catchUp({ pages: [listPage(1, knownBefore(0, 14))], catchUp: cursorAt(14, 0) }), { kind: 'fetchPage', pageNo: 3, reason: 'catchUp' }],
    ['the cursor confirmed on its page: the next page', catchUp({ pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14))], catchUp: cursorAt(14, 0) }), { kind: 'fetchPage', pageNo: 4, reason: 'catchUp' }],
    [
      'the guess landed below the cursor (runs arrived while the last poll paged): step back to the page above, never skip runs',
      catchUp({ pages: [listPage(1, knownBefore(0, 14)), listPage(4, knownBefore(0, 14))], catchUp: { ...cursorAt(14, 0), nextPosition: 18 } }),
      { kind: 'fetchPage', pageNo: 3, reason: 'catchUp' },
    ],
    ['3 new runs: the cursor moved down to position 17, so page 4 holds what follows it', catchUp({ pages: [listPage(1, knownBefore(3, 17))], catchUp: cursorAt(17, 3) }), { kind: 'fetchPage', pageNo: 4, reason: 'catchUp' }],
    ['the cursor seen again mid-page: the rest of it is news, then the next page', catchUp({ pages: [listPage(1, knownBefore(3, 17)), listPage(4, knownBefore(3, 17))], catchUp: cursorAt(17, 3) }), { kind: 'fetchPage', pageNo: 5, reason: 'catchUp' }],
    ['a known run older than the cursor below it: caught up', catchUp({ maxPages: 4, pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14)), listPage(4, knownBefore(0, 14, 17))], catchUp: cursorAt(14, 0) }), { kind: 'done' }],
    ['the page budget spent: it goes on next poll', catchUp({ maxPages: 2, pages: [listPage(1, knownBefore(0, 14)), listPage(4, knownBefore(0, 14))], catchUp: cursorAt(14, 0) }), { kind: 'done' }],
    [
      'the last poll’s pages not processed yet (nothing known on page 1), but page 1 holds the catch-up’s newest run: it goes on, no restart',
      catchUp({ pages: [listPage(1, () => false)], catchUp: cursorAt(14, 0) }),
      { kind: 'fetchPage', pageNo: 3, reason: 'catchUp' },
    ],
    ['the top itself still all new: no catch-up before the newest are fetched', catchUp({ pages: [listPage(1, () => false, 100, 'first')], catchUp: { ...cursorAt(14, 0), topId: 'out-of-sight' } }), { kind: 'fetchPage', pageNo: 2, reason: 'newerThanKnown' }],
  ])('%s', (_name, input, expected) => {
    expect(planNextStep(input)).toEqual(expected);
  });

  it.each<[string, PollProgress, boolean, ReturnType<typeof catchUpAfterPoll>]>([
    ['no catch-up, frontier on page 1: nothing to do', catchUp({ pages: [listPage(1, knownBefore(0, 14))] }), false, { kind: 'none' }],
    [
      'the budget spent on all-new pages: a catch-up starts below the last run fetched',
      catchUp({ maxPages: 2, pages: [listPage(1, () => false), listPage(2, () => false, 100, 'newerThanKnown')] }),
      false,
      { kind: 'started', cursor: { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_910 } },
    ],
    ['the baseline poll never starts one: deeper runs are history', catchUp({ maxPages: 2, pages: [listPage(1, () => false), listPage(2, () => false, 100, 'newerThanKnown')] }), true, { kind: 'none' }],
    [
      'pages of the last poll still queued (nothing known yet) but the catch-up’s newest run in sight: continues, not restarted',
      catchUp({ maxPages: 1, pages: [listPage(1, () => false)], catchUp: cursorAt(14, 0) }),
      false,
      { kind: 'continues', cursor: { nextPosition: 14, topId: 'r0', lastId: 'r14', lastStartMs: 9_860 }, older: [], resumed: 0 },
    ],
    [
      'the budget spent on all-new pages during a catch-up: a new one from the newest, the unfinished one waits',
      catchUp({ maxPages: 2, pages: [listPage(1, () => false), listPage(2, () => false, 100, 'newerThanKnown')], catchUp: { ...cursorAt(30, 0), topId: 'out-of-sight' } }),
      false,
      { kind: 'overtaken', cursor: { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_910 }, older: [{ ...cursorAt(30, 0), topId: 'out-of-sight' }], dropped: [] },
    ],
    [
      'one page further: the cursor moves to its last run, in the positions of this poll',
      catchUp({ maxPages: 2, pages: [listPage(1, knownBefore(3, 17)), listPage(4, knownBefore(3, 17))], catchUp: cursorAt(17, 3) }),
      false,
      { kind: 'continues', cursor: { nextPosition: 20, topId: 'r0', lastId: 'r19', lastStartMs: 9_810 }, older: [], resumed: 0 },
    ],
    [
      'no page to spare this poll: the same cursor, shifted',
      catchUp({ maxPages: 2, pages: [listPage(1, () => false), listPage(2, knownBefore(7, 17), 100, 'newerThanKnown')], catchUp: cursorAt(17, 7) }),
      false,
      // One run earlier than the exact spot (its page was not fetched to confirm it): a run re-fetched, none skipped.
      { kind: 'continues', cursor: { nextPosition: 17, topId: 'r0', lastId: 'r17', lastStartMs: 9_830 }, older: [], resumed: 0 },
    ],
    [
      'known runs from before the gap reached: ended',
      catchUp({ pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14)), listPage(4, knownBefore(0, 14, 17))], catchUp: cursorAt(14, 0) }),
      false,
      { kind: 'ended', reason: 'knownRuns', position: 17, resumed: 0 },
    ],
    [
      'runs the catch-up recorded itself (as old as the cursor) do not end it',
      catchUp({ maxPages: 3, pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14)), { ...listPage(4, knownBefore(0, 15)), startMs: [9_860, 9_860, 9_840, 9_830, 9_820] }], catchUp: cursorAt(14, 0) }),
      false,
      { kind: 'continues', cursor: { nextPosition: 20, topId: 'r0', lastId: 'r19', lastStartMs: 9_820 }, older: [], resumed: 0 },
    ],
    [
      'the newest run of the last poll gone: the cursor seen again still gives the exact spot',
      catchUp({ maxPages: 2, pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14))], catchUp: { nextPosition: 11, topId: 'gone', lastId: 'r14', lastStartMs: 9_860 } }),
      false,
      { kind: 'continues', cursor: { nextPosition: 15, topId: 'r0', lastId: 'r14', lastStartMs: 9_860 }, older: [], resumed: 0 },
    ],
    [
      'the shift guessed short, the cursor not seen: runs re-fetched above it do not make its start newer',
      catchUp({ maxPages: 2, pages: [listPage(1, knownBefore(0, 14)), listPage(2, knownBefore(0, 14))], catchUp: { nextPosition: 6, topId: 'gone', lastId: 'vanished', lastStartMs: 9_860 } }),
      false,
      { kind: 'continues', cursor: { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_860 }, older: [], resumed: 0 },
    ],
    ['the end of the list: ended', catchUp({ pages: [listPage(1, knownBefore(0, 14), 17), listPage(3, knownBefore(0, 14), 17), listPage(4, () => false, 17)], catchUp: cursorAt(14, 0) }), false, { kind: 'ended', reason: 'listEnd', position: 17, resumed: 0 }],
    ['history reached (no later than the baseline): ended', catchUp({ baselineMs: 9_830, pages: [listPage(1, knownBefore(0, 14)), listPage(3, knownBefore(0, 14)), listPage(4, () => false)], catchUp: cursorAt(14, 0) }), false, { kind: 'ended', reason: 'history', position: 17, resumed: 0 }],
  ])('%s', (_name, input, baselinePoll, expected) => {
    expect(catchUpAfterPoll(input, baselinePoll)).toEqual(expected);
  });
});

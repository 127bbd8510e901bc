import { catchUpAfterPoll, MAX_CATCH_UPS } from '../../src/domain/catch-up-stack';
import type { CatchUpCursor } from '../../src/domain/plan-catch-up';
import { type FetchedPage, planNextStep, type PollProgress } from '../../src/domain/plan-pages';
import { parseCatchUpState } from '../../src/state/catch-up-record';

/**
 * One list as this poll sees it, newest first: r0 … r99, r{i} started at 10,000 - 10·i ms, 5 to a page.
 * A first backlog was being caught up (c0: its newest run r20, it had recorded down to r29) when a second
 * one arrived (c1: the poll that met it recorded r0…r9, so its cursor waits at r9). r10…r19 and r30…r49 are
 * news nobody fetched; r50 and older were known before both.
 */
const PAGE = 5;
const twoBacklogs = (i: number) => i <= 9 || (i >= 20 && i <= 29) || i >= 50;
const listPage = (pageNo: number, known = twoBacklogs): FetchedPage => {
  const positions = Array.from({ length: PAGE }, (_, k) => (pageNo - 1) * PAGE + k);
  const startMs = positions.map((i) => 10_000 - 10 * i);
  return {
    pageNo,
    reason: pageNo === 1 ? 'first' : 'catchUp',
    ids: positions.map((i) => `r${i}`),
    known: positions.map(known),
    startMs,
    knownCount: positions.filter(known).length,
    recordCount: positions.length,
    oldestStartMs: Math.min(...startMs),
  };
};
const pagesUpTo = (last: number, known = twoBacklogs) => Array.from({ length: last }, (_, i) => listPage(i + 1, known));
const allNew = (pageNo: number): FetchedPage => ({ ...listPage(pageNo), reason: pageNo === 1 ? 'first' : 'newerThanKnown', known: Array(PAGE).fill(false), knownCount: 0 });

/** c1, saved by the last poll (same positions: nothing arrived since). */
const c1: CatchUpCursor = { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_910 };
/** c0, saved before the second backlog, in the positions of that poll: r20 was its newest run then. */
const c0: CatchUpCursor = { nextPosition: 10, topId: 'r20', lastId: 'r29', lastStartMs: 9_710 };
/** A third backlog on top: its poll recorded r0…r4; the middle catch-up had recorded r10…r14 (its newest then). */
const threeBacklogs = (i: number) => i <= 4 || (i >= 10 && i <= 14) || (i >= 20 && i <= 29) || i >= 50;
const c2: CatchUpCursor = { nextPosition: 5, topId: 'r0', lastId: 'r4', lastStartMs: 9_960 };
const c1of3: CatchUpCursor = { nextPosition: 5, topId: 'r10', lastId: 'r14', lastStartMs: 9_860 };
const progress = (over: Partial<PollProgress>): PollProgress => ({ pageSize: PAGE, maxPages: 20, maxLookups: 3, pages: [], trackedPending: [], catchUp: c1, olderCatchUps: [c0], ...over });

describe('planNextStep with catch-ups stacked (a second backlog during a catch-up)', () => {
  it.each<[string, Partial<PollProgress>, ReturnType<typeof planNextStep>]>([
    ['the newest catch-up first: the page above its cursor, to confirm the spot', { pages: pagesUpTo(1) }, { kind: 'fetchPage', pageNo: 2, reason: 'catchUp' }],
    ['the newest catch-up goes on down through its news', { pages: pagesUpTo(4) }, { kind: 'fetchPage', pageNo: 5, reason: 'catchUp' }],
    ['it met the older catch-up’s newest run (r20): the older one goes on where it stopped, past r29', { pages: pagesUpTo(5) }, { kind: 'fetchPage', pageNo: 6, reason: 'catchUp' }],
    ['the older one’s last run seen again (r29): straight on below it', { pages: pagesUpTo(6) }, { kind: 'fetchPage', pageNo: 7, reason: 'catchUp' }],
    [
      'the older one’s newest and last runs gone from the list: where the newer one stopped stands for its top',
      { pages: pagesUpTo(5), olderCatchUps: [{ ...c0, topId: 'gone', lastId: 'gone-too' }] },
      { kind: 'fetchPage', pageNo: 6, reason: 'catchUp' },
    ],
    ['both caught up (known runs from before both, r50): done', { pages: pagesUpTo(11) }, { kind: 'done' }],
  ])('%s', (_name, over, expected) => {
    expect(planNextStep(progress(over))).toEqual(expected);
  });
});

describe('catchUpAfterPoll with catch-ups stacked', () => {
  const waiting = (n: number) => Array.from({ length: n }, (_, i): CatchUpCursor => ({ ...c0, lastId: `older-${i}` }));
  const overtakenPoll = (olderCatchUps: CatchUpCursor[]) => progress({ maxPages: 2, pages: [allNew(1), allNew(2)], catchUp: { ...c1, topId: 'out-of-sight' }, olderCatchUps });
  const newest: CatchUpCursor = { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_910 };

  it.each<[string, PollProgress, ReturnType<typeof catchUpAfterPoll>]>([
    [
      'a third backlog: a new catch-up on top, both unfinished ones wait, newest first',
      overtakenPoll([c0]),
      { kind: 'overtaken', cursor: newest, older: [{ ...c1, topId: 'out-of-sight' }, c0], dropped: [] },
    ],
    [
      `past ${MAX_CATCH_UPS} unfinished catch-ups the oldest is dropped (and named)`,
      overtakenPoll(waiting(MAX_CATCH_UPS - 1)),
      { kind: 'overtaken', cursor: newest, older: [{ ...c1, topId: 'out-of-sight' }, ...waiting(MAX_CATCH_UPS - 2)], dropped: [waiting(MAX_CATCH_UPS - 1)[MAX_CATCH_UPS - 2]!] },
    ],
    ['the newer one goes on: the older still waits, as it was', progress({ maxPages: 4, pages: pagesUpTo(4) }), { kind: 'continues', cursor: { nextPosition: 20, topId: 'r0', lastId: 'r19', lastStartMs: 9_810 }, older: [c0], resumed: 0 }],
    [
      'the newer one caught up and the older one went on in the same poll: it is the cursor now, in this poll’s positions',
      progress({ maxPages: 7, pages: pagesUpTo(7) }),
      { kind: 'continues', cursor: { nextPosition: 35, topId: 'r0', lastId: 'r34', lastStartMs: 9_660 }, older: [], resumed: 1 },
    ],
    [
      'the newer one caught up with no page to spare: the older one is kept in this poll’s positions (one run re-fetched, none skipped)',
      progress({ maxPages: 5, pages: pagesUpTo(5) }),
      { kind: 'continues', cursor: { nextPosition: 29, topId: 'r0', lastId: 'r29', lastStartMs: 9_710 }, older: [], resumed: 1 },
    ],
    ['both caught up in one poll: finished', progress({ pages: pagesUpTo(11) }), { kind: 'ended', reason: 'knownRuns', position: 50, resumed: 1 }],
    [
      'three backlogs: the newest caught up, the middle one goes on, the oldest still waits',
      progress({ maxPages: 4, pages: pagesUpTo(4, threeBacklogs), catchUp: c2, olderCatchUps: [c1of3, c0] }),
      { kind: 'continues', cursor: { nextPosition: 20, topId: 'r0', lastId: 'r19', lastStartMs: 9_810 }, older: [c0], resumed: 1 },
    ],
    ['three backlogs, all caught up in one poll', progress({ pages: pagesUpTo(11, threeBacklogs), catchUp: c2, olderCatchUps: [c1of3, c0] }), { kind: 'ended', reason: 'knownRuns', position: 50, resumed: 2 }],
    ['the newer one reached history: every older one ends with it (the list runs newest first)', progress({ baselineMs: 9_850, pages: pagesUpTo(4) }), { kind: 'ended', reason: 'history', position: 15, resumed: 0 }],
  ])('%s', (_name, input, expected) => {
    expect(catchUpAfterPoll(input, false)).toEqual(expected);
  });
});

describe('parseCatchUpState', () => {
  const stats = { startedAt: 1_000, polls: 3, records: 40 };
  it.each<[string, string, ReturnType<typeof parseCatchUpState>]>([
    ['the stack', JSON.stringify({ cursors: [c1, c0], ...stats }), { cursors: [c1, c0], ...stats }],
    ['the single cursor written before the stack', JSON.stringify({ ...c0, ...stats }), { cursors: [c0], ...stats }],
    ['an empty stack', JSON.stringify({ cursors: [], ...stats }), null],
    ['a wrong shape', JSON.stringify({ nextPosition: -1, ...stats }), null],
    ['not JSON', '{cursors', null],
  ])('%s', (_name, json, expected) => {
    expect(parseCatchUpState(json)).toEqual(expected);
  });
});

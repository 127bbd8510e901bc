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
      'bounded lookups take turns: the offset says where this poll starts',
      { maxLookups: 2, maxPages: 1, lookupOffset: 2, pages: [page(1)], trackedPending: [{ id: 'x', startMs: 1 }, { id: 'y', startMs: 2 }, { id: 'z', startMs: 3 }] },
      { kind: 'lookup', ids: ['z', 'x'] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(planNextStep(progress(input))).toEqual(expected);
  });
});

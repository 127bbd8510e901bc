import { EMPTY_LIST_BASELINE_MARGIN_MS, firstBaseline } from '../../src/domain/first-baseline';

const NOW = 1_800_000_000_000;

describe('firstBaseline', () => {
  it.each<[string, number[], number]>([
    ['runs on the first page: the newest start (older runs are history)', [NOW - 60_000, NOW - 5_000, NOW - 3_600_000], NOW - 5_000],
    ['a run that started "in the future" (the API clock ahead) still counts as the newest', [NOW + 2_000, NOW - 1_000], NOW + 2_000],
    ['no runs at all: a margin before now, so a run started just before the first poll is news', [], NOW - EMPTY_LIST_BASELINE_MARGIN_MS],
  ])('%s', (_name, starts, expected) => {
    expect(firstBaseline(starts, NOW)).toBe(expected);
  });

  it.each<[string, number, boolean]>([
    ['started 20 s before an empty first poll (clock skew, or during the poll)', NOW - 20_000, true],
    ['started 4 min before', NOW - 4 * 60_000, true],
    ['started an hour before (history an empty answer hid): still history', NOW - 3_600_000, false],
  ])('after an empty first poll, a run first seen ended that %s is news: %s', (_name, startMs, news) => {
    // detectTransitions-6.lua: news when its start is later than the baseline.
    expect(startMs > firstBaseline([], NOW)).toBe(news);
  });
});

import { MAX_DURATIONS, p95, recordDuration, stuckThresholdMs, type StuckThresholdInput } from '../../src/oncall/stuck-threshold';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 1..n minutes. */
const minutes = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * MIN);

describe('stuckThresholdMs', () => {
  it.each<[string, StuckThresholdInput, number | null]>([
    ['stuck_after in the file wins over history', { configuredMs: 30 * MIN, durationsMs: minutes(50), fallbackMs: 2 * HOUR }, 30 * MIN],
    ['stuck_after: off in the file wins over the global', { configuredMs: null, durationsMs: minutes(50), fallbackMs: 2 * HOUR }, null],
    ['no history: STUCK_AFTER', { durationsMs: [], fallbackMs: 2 * HOUR }, 2 * HOUR],
    ['no history and STUCK_AFTER=off: never', { durationsMs: [], fallbackMs: null }, null],
    ['19 durations are not enough', { durationsMs: minutes(19), fallbackMs: 2 * HOUR }, 2 * HOUR],
    ['20 durations: 3 × p95 (19 min)', { durationsMs: minutes(20), fallbackMs: 2 * HOUR }, 57 * MIN],
    ['learned even when STUCK_AFTER=off', { durationsMs: minutes(20), fallbackMs: null }, 57 * MIN],
    ['learned may exceed STUCK_AFTER', { durationsMs: Array(30).fill(HOUR), fallbackMs: 2 * HOUR }, 3 * HOUR],
    ['fast workflows: at least 5 min', { durationsMs: Array(30).fill(10_000), fallbackMs: 2 * HOUR }, 5 * MIN],
    ['impossible durations do not count towards the 20', { durationsMs: [...minutes(19), -5, Number.NaN], fallbackMs: 2 * HOUR }, 2 * HOUR],
  ])('%s', (_name, input, expected) => {
    expect(stuckThresholdMs(input)).toBe(expected);
  });
});

describe('p95', () => {
  it.each<[string, number[], number | undefined]>([
    ['empty', [], undefined],
    ['one value', [7], 7],
    ['20 values: the 19th', minutes(20), 19 * MIN],
    ['100 values: the 95th', minutes(100), 95 * MIN],
    ['unsorted input', [5, 1, 4, 2, 3], 5],
    ['one outlier in 40 is not the p95', [...Array(39).fill(10), 1000], 10],
  ])('%s', (_name, values, expected) => {
    expect(p95(values)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    p95(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('recordDuration', () => {
  it.each<[string, number[], number, number | undefined, number[]]>([
    ['appends', [1, 2], 3, undefined, [1, 2, 3]],
    ['keeps the last max', [1, 2, 3], 4, 3, [2, 3, 4]],
    ['zero is a duration', [], 0, undefined, [0]],
    ['a negative duration is left out', [1], -1, undefined, [1]],
    ['NaN is left out', [1], Number.NaN, undefined, [1]],
  ])('%s', (_name, list, ms, max, expected) => {
    expect(max === undefined ? recordDuration(list, ms) : recordDuration(list, ms, max)).toEqual(expected);
  });

  it(`stays at ${MAX_DURATIONS} by default, newest last, without touching its input`, () => {
    let list: number[] = [];
    for (let i = 0; i < 250; i++) list = recordDuration(list, i);
    expect(list).toHaveLength(MAX_DURATIONS);
    expect(list[0]).toBe(150);
    expect(list.at(-1)).toBe(249);
    const before = [...list];
    recordDuration(list, 1);
    expect(list).toEqual(before);
  });
});

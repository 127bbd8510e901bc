import { isStreakOpen, nextStreak, type StreakEffect, type StreakState, withRootRef } from '../../src/oncall/streak';

const MIN = 60_000;
const HOUR = 60 * MIN;
const options = { maxAgeMs: 24 * HOUR };
const failing = (count: number, since: number, latestAt: number, rootRef?: Record<string, string>): StreakState => ({ failing: true, count, since, latestAt, ...(rootRef ? { rootRef } : {}) });
const healthy = (at: number): StreakState => ({ failing: false, count: 0, since: at, latestAt: at });
const root = { slack: '1732871520.000100' };

describe('nextStreak', () => {
  it.each<[string, StreakState | undefined, { status: string; at: number }, StreakState | undefined, StreakEffect]>([
    ['first failure ever opens a streak', undefined, { status: 'FAILED', at: 100 }, failing(1, 100, 100), { kind: 'opened' }],
    ['first failure after a success opens a streak', healthy(50), { status: 'FAILED', at: 100 }, failing(1, 100, 100), { kind: 'opened' }],
    [
      'a second failure continues it, with the root to reply to',
      failing(1, 100, 100, root),
      { status: 'FAILED', at: 200 },
      failing(2, 100, 200, root),
      { kind: 'continued', count: 2, since: 100, rootRef: root },
    ],
    ['a failure before the root was stored continues without one', failing(4, 100, 300), { status: 'FAILED', at: 400 }, failing(5, 100, 400), { kind: 'continued', count: 5, since: 100 }],
    [
      'success ends it: recovered after 5 failed runs (35 min)',
      failing(5, 9 * HOUR + 12 * MIN, 9 * HOUR + 40 * MIN, root),
      { status: 'COMPLETED', at: 9 * HOUR + 47 * MIN },
      healthy(9 * HOUR + 47 * MIN),
      { kind: 'recovered', failures: 5, since: 9 * HOUR + 12 * MIN, durationMs: 35 * MIN, rootRef: root },
    ],
    ['success with no streak: nothing to say, remembered as healthy', undefined, { status: 'COMPLETED', at: 100 }, healthy(100), { kind: 'none' }],
    ['success after success: nothing to say', healthy(100), { status: 'COMPLETED', at: 200 }, { ...healthy(100), latestAt: 200 }, { kind: 'none' }],
    ['PENDING changes nothing', failing(2, 100, 200), { status: 'PENDING', at: 300 }, failing(2, 100, 200), { kind: 'none' }],
    ['an unknown status changes nothing', undefined, { status: 'CANCELLED', at: 300 }, undefined, { kind: 'none' }],
    ['STUCK is not an end: nothing', failing(2, 100, 200), { status: 'STUCK', at: 300 }, failing(2, 100, 200), { kind: 'none' }],
    // STREAK_MAX_AGE, counted from the first failure
    ['a failure past the max age since the first one opens a new streak (no root)', failing(9, 0, 23 * HOUR, root), { status: 'FAILED', at: 24 * HOUR + 1 }, failing(1, 24 * HOUR + 1, 24 * HOUR + 1), { kind: 'opened' }],
    ['a failure at exactly the max age still continues', failing(9, 0, 23 * HOUR, root), { status: 'FAILED', at: 24 * HOUR }, failing(10, 0, 24 * HOUR, root), { kind: 'continued', count: 10, since: 0, rootRef: root }],
    ['hourly failures for days still open a new root each day', failing(24, 0, 24 * HOUR), { status: 'FAILED', at: 25 * HOUR }, failing(1, 25 * HOUR, 25 * HOUR), { kind: 'opened' }],
    ['a success after an expired streak closes it quietly', failing(3, 0, HOUR, root), { status: 'COMPLETED', at: 30 * HOUR }, healthy(30 * HOUR), { kind: 'none' }],
    // late workers: a run that ended before the newest one seen
    ['a late failure still counts in an open streak (since moves back)', failing(2, 100, 300), { status: 'FAILED', at: 50 }, failing(3, 50, 300), { kind: 'continued', count: 3, since: 50 }],
    ['a late failure after a newer success opens nothing', healthy(300), { status: 'FAILED', at: 200 }, healthy(300), { kind: 'none' }],
    ['a late success does not close a streak whose latest run failed', failing(2, 100, 300), { status: 'COMPLETED', at: 200 }, failing(2, 100, 300), { kind: 'none' }],
    ['same instant as the latest: in order', failing(2, 100, 300), { status: 'COMPLETED', at: 300 }, healthy(300), { kind: 'recovered', failures: 2, since: 100, durationMs: 200 }],
  ])('%s', (_name, state, event, expectedState, expectedEffect) => {
    const { state: next, effect } = nextStreak(state, event, options);
    expect(effect).toEqual(expectedEffect);
    expect(next).toEqual(expectedState);
  });

  it('a sequence: fail, fail, fail, recover, fail', () => {
    let state: StreakState | undefined;
    const effects: string[] = [];
    for (const [status, at] of [['FAILED', 1], ['FAILED', 2], ['FAILED', 3], ['COMPLETED', 4], ['FAILED', 5]] as const) {
      const out = nextStreak(state, { status, at }, options);
      state = out.state;
      effects.push(out.effect.kind === 'continued' ? `continued ${out.effect.count}` : out.effect.kind === 'recovered' ? `recovered after ${out.effect.failures}` : out.effect.kind);
      if (out.effect.kind === 'opened' && state) state = withRootRef(state, 'slack', `root-${at}`);
    }
    expect(effects).toEqual(['opened', 'continued 2', 'continued 3', 'recovered after 3', 'opened']);
    expect(state).toEqual(failing(1, 5, 5, { slack: 'root-5' }));
  });
});

describe('withRootRef', () => {
  it('adds a channel root and keeps the others', () => {
    expect(withRootRef(failing(1, 1, 1, { slack: 'a' }), 'ops-slack', 'b').rootRef).toEqual({ slack: 'a', 'ops-slack': 'b' });
  });
});

describe('isStreakOpen', () => {
  it.each<[string, StreakState | undefined, number, boolean]>([
    ['no state', undefined, 0, false],
    ['healthy', healthy(0), 0, false],
    ['failing, young', failing(1, 0, 0), HOUR, true],
    ['failing, at the max age', failing(1, 0, 0), 24 * HOUR, true],
    ['failing, past the max age', failing(1, 0, 0), 24 * HOUR + 1, false],
  ])('%s', (_name, state, now, open) => {
    expect(isStreakOpen(state, now, options)).toBe(open);
  });
});

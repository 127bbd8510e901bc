import type { Transition } from '../../src/domain/transition';
import { nextThreadStep, rootViewOf, shouldEditRoot, type RootView, type ThreadRecord, type ThreadStep, threadRoleOf, viewKey } from '../../src/oncall/streak-thread-plan';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const LEASE = 30_000;
const NOW = 1_000_000;
const ME = 'e5|FAILED';
const failure = { kind: 'failure', streakId: 'e1' } as const;
const recovery = { kind: 'recovery', streakId: 'e1' } as const;
const record = (r: Partial<ThreadRecord> = {}): ThreadRecord => ({ replies: {}, ...r });
const recoveredView: Extract<RootView, { kind: 'recovered' }> = { kind: 'recovered', failures: 5, since: 100, durationMs: 2_100_000, at: 2_100_100 };

describe('threadRoleOf: which alerts go in a streak thread', () => {
  const withStreak = (base: Transition, streak: Transition['streak']): Transition => ({ ...base, streak });
  it.each<[string, Transition, ReturnType<typeof threadRoleOf>]>([
    ['the failure that opens a streak', withStreak(transitionOf(sampleFailed), { kind: 'opened', id: 'e1' }), failure],
    ['a later failure of it', withStreak(transitionOf(sampleFailed), { kind: 'continued', count: 3, since: 1, id: 'e1' }), failure],
    ['the success that ends it', withStreak(transitionOf(sampleCompleted), { kind: 'recovered', failures: 5, since: 1, durationMs: 9, id: 'e1' }), recovery],
    ['a success outside a streak', withStreak(transitionOf(sampleCompleted), { kind: 'none' }), { kind: 'plain' }],
    ['a streak effect stored before streaks had ids', withStreak(transitionOf(sampleFailed), { kind: 'continued', count: 2, since: 1 }), { kind: 'plain' }],
    ['a run without a streak effect', transitionOf(sampleFailed), { kind: 'plain' }],
    ['a STUCK alert', withStreak({ ...transitionOf(sampleFailed), execution: { ...sampleFailed, status: 'STUCK' } }, { kind: 'opened', id: 'e1' }), { kind: 'plain' }],
  ])('%s', (_name, transition, role) => {
    expect(threadRoleOf(transition)).toEqual(role);
  });
});

describe('nextThreadStep: root, reply, edit or wait', () => {
  it.each<[string, Parameters<typeof nextThreadStep>[0], ThreadRecord, ThreadStep]>([
    ['no root and no claim: claim it', failure, record(), { kind: 'claim' }],
    ['a root: reply in its thread', failure, record({ ts: '1.1', rootBy: 'e1|FAILED' }), { kind: 'reply', ts: '1.1', broadcast: false }],
    ['the recovery replies with broadcast', recovery, record({ ts: '1.1' }), { kind: 'reply', ts: '1.1', broadcast: true }],
    ['a retry after the reply was posted: only the edit', failure, record({ ts: '1.1', replies: { [ME]: '1.5' } }), { kind: 'edit', ts: '1.1' }],
    ['a retry of the delivery that posted the root: only the edit', failure, record({ ts: '1.1', rootBy: ME, claimBy: ME, claimAt: NOW }), { kind: 'edit', ts: '1.1' }],
    ['another delivery claimed the root moments ago: wait for its ts', failure, record({ claimBy: 'e1|FAILED', claimAt: NOW - 1000 }), { kind: 'wait' }],
    ['the recovery waits for a root being posted too', recovery, record({ claimBy: 'e1|FAILED', claimAt: NOW - 1000 }), { kind: 'wait' }],
    ['a claim past its lease (its holder died): claim again', failure, record({ claimBy: 'e1|FAILED', claimAt: NOW - LEASE }), { kind: 'claim' }],
    ['my own claim (a retry before the ts was stored): claim again', failure, record({ claimBy: ME, claimAt: NOW - 10 }), { kind: 'claim' }],
    ['a recovery of a streak that never got a root: top-level', recovery, record(), { kind: 'plain' }],
    ['a late failure of a streak that already recovered without a root: top-level', failure, record({ recovered: recoveredView }), { kind: 'plain' }],
  ])('%s', (_name, role, rec, step) => {
    expect(nextThreadStep(role, rec, ME, NOW, LEASE)).toEqual(step);
  });
});

describe('what the root shows, and whether to edit it', () => {
  const open = (count: number, id = 'e1') => ({ failing: true, count, since: 100, latestAt: 900, id });
  it.each<[string, ThreadRecord, Parameters<typeof rootViewOf>[1], RootView | undefined]>([
    ['the open streak: its count as Redis holds it', record({ ts: '1.1' }), open(5), { kind: 'failing', count: 5, since: 100, latestAt: 900 }],
    ['recovered: the recovery, whatever the streak hash says now', record({ ts: '1.1', recovered: recoveredView }), open(1, 'e9'), recoveredView],
    ['a newer streak holds the hash (this one closed by age): leave the root', record({ ts: '1.1' }), open(2, 'e9'), undefined],
    ['the workflow is healthy but no recovery was delivered yet: leave the root', record({ ts: '1.1' }), { failing: false, count: 0, since: 5, latestAt: 5 }, undefined],
    ['nothing stored', record(), undefined, undefined],
  ])('%s', (_name, rec, streak, view) => {
    expect(rootViewOf(rec, streak, 'e1')).toEqual(view);
  });

  const failing = (count: number): RootView => ({ kind: 'failing', count, since: 100, latestAt: 900 });
  it.each<[string, RootView | undefined, string | undefined, boolean]>([
    ['a second failure: edit', failing(2), undefined, true],
    ['one failure, never edited: the root is the alert itself', failing(1), undefined, false],
    ['the root already shows it', failing(5), viewKey(failing(5)), false],
    ['a newer count than the last edit', failing(6), viewKey(failing(5)), true],
    ['an older count than the last edit (a stale reader): edit, the reader after it fixes it', failing(4), viewKey(failing(5)), true],
    ['recovered after one failure: edit', { ...recoveredView, failures: 1 }, undefined, true],
    ['no view', undefined, undefined, false],
  ])('%s', (_name, view, lastEdit, edit) => {
    expect(shouldEditRoot(view, lastEdit)).toBe(edit);
  });
});

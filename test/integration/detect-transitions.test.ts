import { Redis } from 'ioredis';
import type { Execution } from '../../src/domain/execution';
import { StateStore, TIMELESS_MEMORY } from '../../src/state/state-store';
import { sampleCompleted } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const run = (id: string, status: string, startMs: number | null = 2_000): Execution => ({ ...sampleCompleted, id, status, startMs });

describe('detectTransitions (Lua, real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: StateStore;

  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = randomPrefix();
    store = new StateStore(redis, prefix);
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  const detect = (executions: Execution[], baselinePoll = false) => store.detectTransitions(executions, { baselinePoll, now: 5_000 });
  const kinds = async (executions: Execution[], baselinePoll = false) =>
    (await detect(executions, baselinePoll)).transitions.map((t) => `${t.execution.id}:${t.execution.status}:${t.kind}`);

  it.each<[string, Execution[][], string[]]>([
    ['PENDING then FAILED alerts once', [[run('a', 'PENDING')], [run('a', 'FAILED')], [run('a', 'FAILED')]], ['a:FAILED:pendingEnded']],
    ['PENDING then COMPLETED alerts once', [[run('a', 'PENDING')], [run('a', 'COMPLETED')]], ['a:COMPLETED:pendingEnded']],
    ['first seen terminal, after the baseline, alerts', [[run('n', 'FAILED', 1_500)]], ['n:FAILED:firstSeenTerminal']],
    ['first seen terminal, older than the baseline, is history', [[run('old', 'COMPLETED', 900)]], []],
    ['first seen terminal at the baseline instant is history', [[run('edge', 'COMPLETED', 1_000)]], []],
    ['a stale PENDING page after the end neither regresses nor re-alerts', [[run('a', 'PENDING')], [run('a', 'FAILED')], [run('a', 'PENDING')], [run('a', 'FAILED')]], ['a:FAILED:pendingEnded']],
    ['terminal statuses are sticky: FAILED then COMPLETED is not news', [[run('a', 'PENDING')], [run('a', 'FAILED')], [run('a', 'COMPLETED')]], ['a:FAILED:pendingEnded']],
    ['an unknown status ends PENDING tracking and is reported', [[run('a', 'PENDING')], [run('a', 'CANCELLED')]], ['a:CANCELLED:pendingEnded']],
    ['an unreadable start time is news, not history', [[run('t', 'FAILED', null)]], ['t:FAILED:firstSeenTerminal']],
  ])('%s', async (_name, pages, expected) => {
    await store.establishBaseline(1_000);
    const all: string[] = [];
    for (const page of pages) all.push(...(await kinds(page)));
    expect(all).toEqual(expected);
  });

  it('the baseline poll records everything and alerts nothing', async () => {
    await store.establishBaseline(1_000);
    const result = await detect([run('a', 'PENDING'), run('b', 'FAILED'), run('c', 'COMPLETED', 5_000)], true);
    expect(result).toEqual({ recorded: 3, transitions: [] });
    expect(await store.trackedPending()).toEqual([{ id: 'a', startMs: 2_000 }]);
  });

  it('with no baseline in Redis (wiped state) nothing first seen is alerted', async () => {
    expect(await kinds([run('x', 'FAILED', 9_999)])).toEqual([]);
  });

  it('the same record in two pages processed concurrently alerts once', async () => {
    await store.establishBaseline(1_000);
    await detect([run('a', 'PENDING')]);
    const results = await Promise.all(Array.from({ length: 8 }, () => detect([run('z', 'COMPLETED'), run('a', 'FAILED')])));
    expect(results.flatMap((r) => r.transitions).map((t) => t.execution.id).sort()).toEqual(['a', 'z']);
  });

  it('writes each transition to the outbox in the same step', async () => {
    await store.establishBaseline(1_000);
    await detect([run('a', 'PENDING')]);
    await detect([run('a', 'FAILED')]);
    const outbox = await store.readOutbox();
    expect(outbox.map((e) => e.key)).toEqual(['a|FAILED']);
    expect(JSON.parse(outbox[0]!.json)).toMatchObject({ kind: 'pendingEnded', detectedAt: 5_000, execution: { id: 'a', status: 'FAILED', projectId: sampleCompleted.projectId } });
    expect(await store.trackedPending()).toEqual([]);
  });

  it('keeps its keys under the prefix', async () => {
    await store.establishBaseline(1_000);
    await detect([run('a', 'PENDING'), run('b', 'FAILED')]);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(`${prefix}:`))).toBe(true);
  });
});

describe('pruneHistory (Lua, real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: StateStore;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = randomPrefix();
    store = new StateStore(redis, prefix);
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('forgets ended runs older than the cutoff, keeps running ones, and a forgotten run seen again is history', async () => {
    await store.establishBaseline(1_000);
    await store.detectTransitions([run('old-done', 'COMPLETED', 2_000), run('old-running', 'PENDING', 2_500), run('recent', 'FAILED', 9_000)], { baselinePoll: false, now: 10_000 });
    await store.readOutbox().then((entries) => store.removeFromOutbox(entries.map((e) => e.key)));

    expect(await store.pruneHistory(5_000)).toBe(1);
    expect([...(await store.knownIds(['old-done', 'old-running', 'recent']))].sort()).toEqual(['old-running', 'recent']);
    expect(await store.baseline()).toBe(5_000);

    const again = await store.detectTransitions([run('old-done', 'COMPLETED', 2_000)], { baselinePoll: false, now: 11_000 });
    expect(again.transitions).toEqual([]);
    const ended = await store.detectTransitions([run('old-running', 'FAILED', 2_500)], { baselinePoll: false, now: 11_000 });
    expect(ended.transitions.map((t) => t.kind)).toEqual(['pendingEnded']);
    expect(await store.pruneHistory(5_000)).toBe(2); // the run that just ended, and the old one recorded again
  });

  const timed = (id: string, status: string, startMs: number | null, endMs: number | null): Execution => ({ ...run(id, status, startMs), endMs });
  it.each<[string, Execution[], Execution]>([
    ['no readable time at all', [timed('t', 'FAILED', null, null)], timed('t', 'FAILED', null, null)],
    ['no start, an end', [timed('t', 'FAILED', null, 8_000)], timed('t', 'FAILED', null, 8_000)],
    ['no start, seen running, then ended with an end', [timed('t', 'PENDING', null, null), timed('t', 'FAILED', null, 15_000)], timed('t', 'FAILED', null, 15_000)],
    ['no start, seen running, then ended without an end', [timed('t', 'PENDING', null, null), timed('t', 'COMPLETED', null, null)], timed('t', 'COMPLETED', null, null)],
  ])('a run without a readable start is alerted once, even when seen again after it was forgotten: %s', async (_name, sightings, later) => {
    await store.establishBaseline(1_000);
    const alerts: string[] = [];
    const sight = async (e: Execution, now: number) => {
      const { transitions } = await store.detectTransitions([e], { baselinePoll: false, now });
      alerts.push(...transitions.map((t) => `${t.execution.id}:${t.execution.status}:${t.kind}`));
    };
    for (const [i, e] of sightings.entries()) await sight(e, 10_000 + i * 5_000);
    expect(alerts).toHaveLength(1);
    await store.readOutbox().then((entries) => store.removeFromOutbox(entries.map((e) => e.key)));

    expect(await store.pruneHistory(40_000)).toBe(1);
    expect(await store.knownIds(['t'])).toEqual(new Set());
    await sight(later, 50_000);
    await sight(later, 60_000);
    expect(alerts).toHaveLength(1);
    await sight(timed('new', 'FAILED', null, null), 70_000);
    expect(alerts).toEqual([expect.any(String), 'new:FAILED:firstSeenTerminal']);
  });

  it('the memory of runs without any readable time is bounded', async () => {
    await store.establishBaseline(1_000);
    const many = Array.from({ length: TIMELESS_MEMORY + 50 }, (_, i) => timed(`t${i}`, 'COMPLETED', null, null));
    await store.detectTransitions(many, { baselinePoll: true, now: 10_000 });
    expect(await redis.zcard(store.keys.timeless)).toBe(TIMELESS_MEMORY);
    // the most recently recorded are the ones kept
    expect(await redis.zscore(store.keys.timeless, `t${TIMELESS_MEMORY + 49}`)).not.toBeNull();
  });

  it('does nothing before a baseline exists', async () => {
    expect(await store.pruneHistory(5_000)).toBe(0);
    expect(await store.baseline()).toBeNull();
  });
});

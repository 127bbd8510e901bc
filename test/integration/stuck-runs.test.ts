import { Redis } from 'ioredis';
import type { Execution } from '../../src/domain/execution';
import { StuckRuns } from '../../src/oncall/stuck-runs';
import { MAX_DURATIONS } from '../../src/oncall/stuck-threshold';
import { stateKeys } from '../../src/state/keys';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 29, 9, 0);
const ORDERS = '2008381617971200000';
const OPTIONS = { fallbackMs: 2 * HOUR, stuckAfterMs: {}, freshForMs: 5 * MINUTE };

const running = (id: string, startMs = T0): Execution => ({ ...sampleFailed, id, projectId: ORDERS, status: 'PENDING', error: null, startMs, endMs: null });
const ended = (id: string, durationMs: number) => transitionOf({ ...sampleCompleted, id, projectId: ORDERS, startMs: T0, endMs: T0 + durationMs });

describe('StuckRuns (real Redis)', () => {
  let prefix: string;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return redis;
  };
  beforeEach(() => {
    prefix = randomPrefix();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await deleteKeys(prefix);
  });

  it('keeps the last 100 durations of a workflow, newest first, whatever order and concurrency they come in', async () => {
    const stores = [new StuckRuns(client(), prefix), new StuckRuns(client(), prefix)];
    await Promise.all(Array.from({ length: 130 }, (_, i) => stores[i % 2]!.observe([], [ended(`run-${i}`, (i + 1) * 1000)], T0)));
    const durations = await stores[0]!.durations(ORDERS);
    expect(durations).toHaveLength(MAX_DURATIONS);
    expect(new Set(durations).size).toBe(MAX_DURATIONS);
    expect(await client().llen(stateKeys(prefix).durations(ORDERS))).toBe(MAX_DURATIONS);
  });

  it('records no duration without a start or end, or a negative one', async () => {
    const store = new StuckRuns(client(), prefix);
    await store.observe([], [transitionOf({ ...sampleCompleted, projectId: ORDERS, startMs: null }), ended('neg', -1000)], T0);
    expect(await store.durations(ORDERS)).toEqual([]);
  });

  it('claims a run past its threshold once across processes, and its end then says it had been reported stuck', async () => {
    const stores = [new StuckRuns(client(), prefix), new StuckRuns(client(), prefix)];
    const now = T0 + 2 * HOUR + 3 * MINUTE;
    await stores[0]!.observe([running('slow'), running('young', now - HOUR)], [], now);
    const tracked = [
      { id: 'slow', startMs: T0 },
      { id: 'young', startMs: now - HOUR },
    ];
    const claims = await Promise.all(stores.map((s) => s.claimDue(tracked, now, OPTIONS)));
    const claimed = claims.flat();
    expect(claimed.map((t) => [t.execution.id, t.execution.status, t.detectedAt])).toEqual([['slow', 'STUCK', now]]);
    expect(await stores[1]!.claimDue(tracked, now + MINUTE, OPTIONS)).toEqual([]);

    const [end] = await stores[1]!.observe([], [transitionOf({ ...sampleFailed, id: 'slow', projectId: ORDERS })], now + 2 * MINUTE);
    expect(end!.reportedStuck).toBe(true);
    const [other] = await stores[1]!.observe([], [transitionOf({ ...sampleFailed, id: 'young', projectId: ORDERS })], now + 2 * MINUTE);
    expect(other!.reportedStuck).toBeUndefined();
  });

  it('trusts no record seen longer ago than freshForMs, and forgets records of runs no longer tracked', async () => {
    const store = new StuckRuns(client(), prefix);
    await store.observe([running('seen-long-ago'), running('gone')], [], T0 + 10 * MINUTE);
    const now = T0 + 3 * HOUR;
    expect(await store.claimDue([{ id: 'seen-long-ago', startMs: T0 }], now, OPTIONS)).toEqual([]);
    expect(await client().hkeys(stateKeys(prefix).pendingRecords)).toEqual(['seen-long-ago']);
    await store.observe([running('seen-long-ago')], [], now);
    expect((await store.claimDue([{ id: 'seen-long-ago', startMs: T0 }], now, OPTIONS)).map((t) => t.execution.id)).toEqual(['seen-long-ago']);
  });

  it('a claim writes its STUCK alert to the outbox in the same step, and a second claim writes nothing', async () => {
    const store = new StuckRuns(client(), prefix);
    const now = T0 + 3 * HOUR;
    await store.observe([running('r')], [], now);
    expect(await store.claimDue([{ id: 'r', startMs: T0 }], now, OPTIONS)).toHaveLength(1);
    const outbox = await client().hgetall(stateKeys(prefix).outbox);
    expect(Object.keys(outbox)).toEqual(['r|STUCK']);
    expect(JSON.parse(outbox['r|STUCK']!)).toMatchObject({ kind: 'pendingEnded', detectedAt: now, execution: { id: 'r', status: 'STUCK' } });
    await client().hdel(stateKeys(prefix).outbox, 'r|STUCK');
    expect(await store.claimDue([{ id: 'r', startMs: T0 }], now, OPTIONS)).toEqual([]);
    expect(await client().hlen(stateKeys(prefix).outbox)).toBe(0);
  });
});

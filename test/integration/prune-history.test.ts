import { Redis } from 'ioredis';
import type { Execution } from '../../src/domain/execution';
import { StateStore } from '../../src/state/state-store';
import { sampleCompleted } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const run = (id: string, status: string, startMs: number): Execution => ({ ...sampleCompleted, id, status, startMs });
const LIMIT = 100;

describe('pruneHistory behind many old running executions (Lua, real Redis)', () => {
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

  /** `running` PENDING runs older than every one of `ended` ended runs, all before the cutoff, and one recent run. */
  const record = async (running: number, ended: number) => {
    await store.establishBaseline(1);
    const oldRunning = Array.from({ length: running }, (_, i) => run(`running-${i}`, 'PENDING', 1_000 + i));
    const oldEnded = Array.from({ length: ended }, (_, i) => run(`ended-${i}`, 'COMPLETED', 100_000 + i));
    await store.detectTransitions([...oldRunning, ...oldEnded, run('recent', 'FAILED', 900_000)], { baselinePoll: true, now: 950_000 });
    return { oldRunning, oldEnded };
  };
  const known = async (runs: Execution[]) => (await store.knownIds(runs.map((r) => r.id))).size;

  it.each<[string, number, number]>([
    ['as many old running runs as one call examines', LIMIT, 30],
    ['several times as many', 3 * LIMIT + 7, 2 * LIMIT + 5],
  ])('forgets every old ended run, whatever the number of older running ones: %s', async (_name, running, ended) => {
    const { oldRunning, oldEnded } = await record(running, ended);
    const cutoff = 500_000;
    // Each call examines at most LIMIT ids, so one sweep takes this many calls.
    const calls = Math.ceil((running + ended) / LIMIT);
    let forgotten = 0;
    for (let i = 0; i < calls; i++) {
      const now = await store.pruneHistory(cutoff, LIMIT);
      expect(now).toBeLessThanOrEqual(LIMIT);
      forgotten += now;
    }
    expect(forgotten).toBe(ended);
    expect(await known(oldEnded)).toBe(0);
    expect(await known(oldRunning)).toBe(running);
    expect(await store.knownIds(['recent'])).toEqual(new Set(['recent']));

    // The sweep has ended: the next one starts from the oldest and finds the running runs that ended meanwhile.
    await store.detectTransitions([run('running-0', 'FAILED', 1_000), run(`running-${running - 1}`, 'COMPLETED', 1_000 + running - 1)], { baselinePoll: false, now: 960_000 });
    let later = 0;
    for (let i = 0; i < calls; i++) later += await store.pruneHistory(cutoff, LIMIT);
    expect(later).toBe(2);
    expect(await known(oldRunning)).toBe(running - 2);
  });

  it('old running runs ahead of ended ones in every bucket: the ended ones are forgotten within two calls', async () => {
    await record(LIMIT, 10);
    let calls = 0;
    let forgotten = 0;
    // However the running runs fall into the buckets, a bounded number of calls forgets every old ended run.
    while (forgotten < 10 && calls < 1024) {
      forgotten += await store.pruneHistory(500_000, LIMIT);
      calls += 1;
    }
    expect(forgotten).toBe(10);
    expect(calls).toBeLessThanOrEqual(2);
  });
});

import { Redis } from 'ioredis';
import type { Execution } from '../../src/domain/execution';
import { seenBucket } from '../../src/state/seen-bucket';
import { StateStore } from '../../src/state/state-store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const run = (id: string, status: string, startMs: number): Execution => ({
  id, projectId: 'p', status, parameters: {}, result: null, error: status === 'FAILED' ? 'boom' : null,
  execPosition: null, version: null, userId: null, startTime: null, endTime: null, startMs, endMs: status === 'PENDING' ? null : startMs + 100,
});

// A deployment upgraded with state in the layout before the seen buckets (a status hash and one seen zset).
describe('state recorded before the seen buckets keeps working, and moves over as it is met', () => {
  const redis = new Redis(REDIS_URL);
  let prefix: string;
  let store: StateStore;

  beforeEach(async () => {
    prefix = randomPrefix();
    store = new StateStore(redis, prefix);
    const { keys } = store;
    await redis
      .multi()
      .set(keys.baseline, '1000')
      .hset(keys.status, { 'old-done': 'COMPLETED', 'old-running': 'PENDING', recent: 'FAILED', running: 'PENDING' })
      .zadd(keys.seen, 2_000, 'old-done', 2_500, 'old-running', 9_000, 'recent', 9_500, 'running')
      .zadd(keys.pending, 2_500, 'old-running', 9_500, 'running')
      .exec();
  });
  afterEach(() => deleteKeys(prefix));
  afterAll(() => redis.quit());

  it('reads it: known runs, which are still PENDING', async () => {
    expect(await store.recordedStatuses(['old-done', 'old-running', 'recent', 'never'])).toEqual(new Map([['old-done', 'ENDED'], ['old-running', 'PENDING'], ['recent', 'ENDED']]));
  });

  it('no second alert for an ended run; one for a tracked run that ends; each moves into its bucket with its time', async () => {
    const result = await store.detectTransitions([run('recent', 'FAILED', 9_000), run('running', 'COMPLETED', 9_500)], { baselinePoll: false, now: 20_000 });
    expect(result.transitions.map((t) => [t.execution.id, t.kind])).toEqual([['running', 'pendingEnded']]);
    expect(await redis.hkeys(store.keys.status)).toEqual(expect.arrayContaining(['old-done', 'old-running']));
    expect(await redis.hexists(store.keys.status, 'recent')).toBe(0);
    expect(await redis.zscore(store.keys.seen, 'running')).toBeNull();
    expect(await redis.zscore(store.keys.seenBucket(seenBucket('recent')), 'recent')).toBe('9000');
    expect(await redis.zscore(store.keys.seenBucket(seenBucket('running')), 'running')).toBe('9500');
    expect(await store.trackedPending()).toEqual([{ id: 'old-running', startMs: 2_500 }]);
    const again = await store.detectTransitions([run('recent', 'FAILED', 9_000), run('running', 'COMPLETED', 9_500)], { baselinePoll: false, now: 21_000 });
    expect(again.transitions).toEqual([]);
  });

  it('pruning forgets old ended runs in both layouts, never a PENDING one', async () => {
    await store.detectTransitions([run('new-old', 'COMPLETED', 3_000)], { baselinePoll: true, now: 20_000 });
    expect(await store.pruneHistory(5_000)).toBe(2); // new-old (bucket) and old-done (before the buckets)
    expect(await store.recordedStatuses(['old-done', 'new-old', 'old-running', 'recent'])).toEqual(new Map([['old-running', 'PENDING'], ['recent', 'ENDED']]));
    expect(await store.baseline()).toBe(5_000);
  });

  it('a vanished run recorded before the buckets is forgotten entirely', async () => {
    await store.dropVanished('old-running');
    expect(await store.recordedStatuses(['old-running'])).toEqual(new Map());
    expect(await store.trackedPending()).toEqual([{ id: 'running', startMs: 9_500 }]);
  });
});

import { Redis } from 'ioredis';
import { StateStore } from '../../src/state/state-store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

describe('the catch-up state in Redis (real Redis)', () => {
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

  const newer = { nextPosition: 10, topId: 'r0', lastId: 'r9', lastStartMs: 9_910 };
  const older = { nextPosition: 15, topId: 'q0', lastId: 'q14', lastStartMs: null };

  it('keeps a stack of cursors, newest first, in one key', async () => {
    await store.saveCatchUp({ cursors: [newer, older], startedAt: 1_000, polls: 4, records: 70 });
    expect(await store.catchUpCursor()).toEqual({ cursors: [newer, older], startedAt: 1_000, polls: 4, records: 70 });
  });

  it('reads the single cursor an earlier version left, as a stack of one', async () => {
    await redis.set(store.keys.catchUp, JSON.stringify({ ...older, startedAt: 1_000, polls: 2, records: 20 }));
    expect(await store.catchUpCursor()).toEqual({ cursors: [older], startedAt: 1_000, polls: 2, records: 20 });
  });

  it('forgets what it cannot read', async () => {
    await redis.set(store.keys.catchUp, '{"cursors":"nonsense"}');
    expect(await store.catchUpCursor()).toBeNull();
    expect(await redis.exists(store.keys.catchUp)).toBe(0);
  });
});

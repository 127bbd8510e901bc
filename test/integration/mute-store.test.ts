import { Redis } from 'ioredis';
import { MuteStore, type NewMute } from '../../src/oncall/mute-store';
import { stateKeys } from '../../src/state/keys';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 7, 9, 0, 0);
const mute = (over: Partial<NewMute> = {}): NewMute => ({ what: 'all', workflows: ['all'], until: T0 + HOUR, who: 'alice', ...over });

describe('MuteStore (real Redis)', () => {
  let prefix: string;
  let redis: Redis;
  let now: number;
  let store: MuteStore;

  beforeEach(() => {
    prefix = randomPrefix();
    redis = new Redis(REDIS_URL);
    now = T0;
    store = new MuteStore(redis, prefix, () => now);
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('a mute added by one process is read by another, with everything it was given', async () => {
    const added = await store.add(mute({ what: '订单同步', workflows: ['订单同步', '2008381617971200000'], statuses: ['FAILED'], reason: 'deploy' }));
    expect(added.id).toMatch(/^[0-9a-f]{8}$/);
    const other = new Redis(REDIS_URL);
    try {
      expect(await new MuteStore(other, prefix, () => now).active()).toEqual([
        { id: added.id, what: '订单同步', workflows: ['订单同步', '2008381617971200000'], statuses: ['FAILED'], until: T0 + HOUR, reason: 'deploy', who: 'alice', createdAt: T0 },
      ]);
    } finally {
      other.disconnect();
    }
  });

  it('expires by itself: until is exclusive, and the expired entry is pruned on read', async () => {
    const short = await store.add(mute({ until: T0 + HOUR }));
    const long = await store.add(mute({ until: T0 + 2 * HOUR }));
    now = T0 + HOUR - 1;
    expect((await store.active()).map((m) => m.id)).toEqual([short.id, long.id]);
    now = T0 + HOUR;
    expect((await store.active()).map((m) => m.id)).toEqual([long.id]);
    expect(await redis.hexists(stateKeys(prefix).mutes, short.id)).toBe(0);
    // The hash itself goes with the last mute, whoever reads it.
    const ttl = await redis.pttl(stateKeys(prefix).mutes);
    expect(ttl).toBeGreaterThan(HOUR);
    expect(ttl).toBeLessThanOrEqual(2 * HOUR);
  });

  it('unmute removes it at once; an unknown id says so', async () => {
    const added = await store.add(mute());
    expect(await store.remove('nope1234')).toBe(false);
    expect(await store.remove(added.id)).toBe(true);
    expect(await store.active()).toEqual([]);
    expect(await store.remove(added.id)).toBe(false);
  });

  it('an unreadable entry is dropped and the rest still count', async () => {
    const good = await store.add(mute());
    await redis.hset(stateKeys(prefix).mutes, 'bad1', '{"id":"bad1","workflows":"all"}', 'bad2', 'not json');
    expect((await store.active()).map((m) => m.id)).toEqual([good.id]);
    expect(await redis.hkeys(stateKeys(prefix).mutes)).toEqual([good.id]);
  });
});

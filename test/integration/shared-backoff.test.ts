import { Redis } from 'ioredis';
import { SharedBackoff } from '../../src/poller/shared-backoff';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

describe('SharedBackoff on Redis', () => {
  const prefix = randomPrefix();
  let redis: Redis;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('counts failures across processes, keeps the later hold, and a success clears both', async () => {
    const [a, b] = [new SharedBackoff(redis, prefix), new SharedBackoff(redis, prefix)];
    expect(await a.notBefore()).toBe(0);
    expect(await a.recordFailure()).toBe(1);
    expect(await b.recordFailure()).toBe(2);
    await a.holdUntil(5_000, 1_000);
    await b.holdUntil(3_000, 1_000);
    expect(await b.notBefore()).toBe(5_000);
    expect(await redis.pttl(`${prefix}:poll-backoff`)).toBeGreaterThan(4_000);
    await b.clear();
    expect(await a.notBefore()).toBe(0);
    expect(await a.recordFailure()).toBe(1);
  });

  it('accounts do not share one another’s backoff', async () => {
    const fin = new SharedBackoff(redis, `${prefix}:acct:fin`);
    const ops = new SharedBackoff(redis, `${prefix}:acct:ops`);
    await ops.recordFailure();
    await ops.holdUntil(9_000, 1_000);
    expect(await fin.notBefore()).toBe(0);
    expect(await ops.notBefore()).toBe(9_000);
  });
});

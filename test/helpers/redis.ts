import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysWithPrefix } from '../../src/state/delete-keys';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every test gets its own namespace on the shared Redis. */
export const randomPrefix = (): string => `rpa-test-${randomBytes(6).toString('hex')}`;

/** Deletes only the keys under `prefix`: never FLUSHALL/FLUSHDB a shared Redis. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
}

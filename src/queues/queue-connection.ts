import { Redis } from 'ioredis';

/** What every BullMQ queue and worker of one deployment shares: the Redis connection and KEY_PREFIX. */
export interface QueueContext {
  connection: Redis;
  prefix: string;
}

/**
 * How workers hold their jobs. A job whose process died is taken up again after `lockDurationMs`;
 * it may stall any number of times (a crash loop must not fail an alert): the "sent" records make
 * processing it again safe.
 */
export function workerLockOptions(lockDurationMs: number) {
  return { lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: 1000 };
}

/**
 * BullMQ needs `maxRetriesPerRequest: null` so its blocking calls wait out a Redis restart; the
 * prefix goes to BullMQ's own `prefix` option, never to ioredis `keyPrefix`.
 */
export function createRedis(url: string, options: { forQueues: boolean; connectTimeoutMs?: number }): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: options.forQueues ? null : 3,
    enableReadyCheck: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 6), 5_000),
  });
}

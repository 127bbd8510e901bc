import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config/config';
import { nodeName, type RedisNode } from '../config/env-fields';
import type { RedisConnection } from '../state/redis-connection';

/** What every BullMQ queue and worker of one deployment shares: the Redis connection and KEY_PREFIX (`{KEY_PREFIX}` on a cluster). */
export interface QueueContext {
  connection: RedisConnection;
  prefix: string;
}

/** Where the deployment's Redis is: one URL (REDIS_URL), or the nodes of a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisTarget = string | { cluster: RedisNode[] };

export const redisTargetOf = (config: Pick<Config, 'redisUrl' | 'redisCluster'>): RedisTarget => (config.redisCluster ? { cluster: config.redisCluster } : config.redisUrl);

/** The target as a log line or a message may show it: no password. */
export const describeRedisTarget = (target: RedisTarget): string =>
  typeof target === 'string' ? target.replace(/\/\/[^@/]*@/, '//') : `the Redis Cluster at ${target.cluster.map(nodeName).join(',')}`;

/**
 * How workers hold their jobs. A job whose process died is taken up again after `lockDurationMs`;
 * it may stall any number of times (a crash loop must not fail an alert): the "sent" records make
 * processing it again safe.
 */
export function workerLockOptions(lockDurationMs: number) {
  return { lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: 1000 };
}

const retryDelay = (times: number): number => Math.min(200 * 2 ** Math.min(times, 6), 5_000);

/**
 * BullMQ needs `maxRetriesPerRequest: null` so its blocking calls wait out a Redis restart; the
 * prefix goes to BullMQ's own `prefix` option, never to ioredis `keyPrefix`.
 */
export function createRedis(target: string, options: { forQueues: boolean; connectTimeoutMs?: number }): Redis;
export function createRedis(target: { cluster: RedisNode[] }, options: { forQueues: boolean; connectTimeoutMs?: number }): Cluster;
export function createRedis(target: RedisTarget, options: { forQueues: boolean; connectTimeoutMs?: number }): RedisConnection;
export function createRedis(target: RedisTarget, options: { forQueues: boolean; connectTimeoutMs?: number }): RedisConnection {
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: options.forQueues ? null : 3,
    enableReadyCheck: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
  };
  if (typeof target === 'string') return new Redis(target, { ...redisOptions, lazyConnect: false, retryStrategy: retryDelay });
  // A master that restarts comes back on its address: the cluster client reconnects and finds its slots again.
  return new Cluster(target.cluster, {
    redisOptions,
    clusterRetryStrategy: retryDelay,
    enableReadyCheck: true,
    slotsRefreshTimeout: options.connectTimeoutMs ?? 10_000,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 300,
  });
}

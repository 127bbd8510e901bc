import type { Cluster, Redis } from 'ioredis';

/** One Redis or a Redis Cluster: every store takes either, since all the keys of a deployment share one hash slot on a cluster. */
export type RedisConnection = Redis | Cluster;

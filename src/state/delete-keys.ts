import { Cluster, type Redis } from 'ioredis';
import type { RedisConnection } from './redis-connection';

/** Deletes the keys under `prefix:` only (SCAN, never FLUSHDB): Redis may be shared. On a cluster, SCAN asks every master. */
export async function deleteKeysWithPrefix(redis: RedisConnection, prefix: string): Promise<void> {
  if (!(redis instanceof Cluster)) return deleteOnNode(redis, prefix);
  await redis.ping(); // the client knows the masters once it is ready
  for (const node of redis.nodes('master')) await deleteOnNode(node, prefix);
}

async function deleteOnNode(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    // `{}` are plain characters to SCAN's pattern, and KEY_PREFIX allows no wildcard; on a cluster all these keys share `{KEY_PREFIX}`'s slot, so one DEL takes them.
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

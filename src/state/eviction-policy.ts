import type { RedisConnection } from './redis-connection';

/** Redis's maxmemory-policy, or null where CONFIG is disabled (some managed services). */
export async function readEvictionPolicy(redis: RedisConnection): Promise<string | null> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return reply[1] ?? null;
  } catch {
    return null;
  }
}

/** Anything but noeviction lets Redis drop the bot's state under memory pressure: lost or doubled alerts. */
export const evictionWarning = (policy: string | null): string | null =>
  policy !== null && policy !== 'noeviction' ? `Redis maxmemory-policy is ${policy}: under memory pressure Redis may evict the bot's state and queues; set it to noeviction` : null;

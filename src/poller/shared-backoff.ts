import type { RedisConnection } from '../state/redis-connection';
import { stateKeys } from '../state/keys';

/** How long the failure count outlives its last "no poll before": long enough to keep growing across a long outage. */
const KEEP_AFTER_MS = 15 * 60_000;

/**
 * Poll backoff after API errors, in Redis (one hash per account), so every process of a deployment waits
 * out the same pause instead of each hitting a failing API in turn. A success clears it.
 */
export class SharedBackoff {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    statePrefix: string,
  ) {
    this.key = stateKeys(statePrefix).pollBackoff;
  }

  /** When polling may resume (ms); 0 when there is no backoff. */
  async notBefore(): Promise<number> {
    return Number((await this.redis.hget(this.key, 'until')) ?? 0) || 0;
  }

  /** One more failed poll: returns how many in a row, counted by every process together. */
  async recordFailure(): Promise<number> {
    return this.redis.hincrby(this.key, 'failures', 1);
  }

  /** No process polls before `untilMs`; a later hold already set by another process stays. */
  async holdUntil(untilMs: number, now: number): Promise<void> {
    const current = await this.notBefore();
    const until = Math.max(current, untilMs);
    await this.redis.multi().hset(this.key, 'until', String(until)).pexpire(this.key, Math.max(1, until - now) + KEEP_AFTER_MS).exec();
  }

  async clear(): Promise<void> {
    await this.redis.del(this.key);
  }
}

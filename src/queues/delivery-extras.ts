import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { PagerDutyOrder } from '../notify/pagerduty/pagerduty-order';
import { type StreakThreadsDeps, StreakThreads } from '../oncall/streak-threads';
import { ThreadStore } from '../oncall/thread-store';
import type { RedisConnection } from '../state/redis-connection';

/**
 * What deliveries need besides the channels themselves: failing streaks as Slack threads, and PagerDuty's
 * trigger/resolve kept in order. Both live in Redis, shared by every process of the deployment.
 */
export function createDeliveryExtras(
  redis: RedisConnection,
  config: Pick<Config, 'keyPrefix' | 'streakMaxAgeMs' | 'notifyRetryForMs'>,
  logger: Logger,
  reads: Pick<StreakThreadsDeps, 'readStreak' | 'readAck'>,
): { threads: StreakThreads; order: PagerDutyOrder } {
  return {
    threads: new StreakThreads({
      // Kept past the streak's age and the retries of its last deliveries.
      store: new ThreadStore(redis, config.keyPrefix, config.streakMaxAgeMs + config.notifyRetryForMs + 86_400_000),
      keepClosedMs: config.notifyRetryForMs + 3_600_000,
      logger: logger.child({ component: 'threads' }),
      ...reads,
    }),
    order: new PagerDutyOrder(redis, config.keyPrefix, logger.child({ component: 'pagerduty-order' })),
  };
}

import { Queue } from 'bullmq';
import type { QueueContext } from './queue-connection';
import { notifyQueueName, PAGE_QUEUE } from './queue-names';
import { attemptsFor, NOTIFY_BACKOFF } from './retry-schedule';

const DAY_SECONDS = 86_400;

/**
 * A finished page job is needed only by whoever waits for its result (poll-once, settling a poll):
 * a minute is plenty, and a burst of pages does not sit in Redis for an hour.
 */
export const PAGE_JOB_KEPT_SECONDS = 60;

/** Fetched pages waiting for detection; retried a few times (detection is idempotent). */
export function createPageQueue(context: QueueContext): Queue {
  return new Queue(PAGE_QUEUE, {
    connection: context.connection,
    prefix: context.prefix,
    defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: PAGE_JOB_KEPT_SECONDS, count: 1000 }, removeOnFail: { age: 7 * DAY_SECONDS, count: 1000 } },
  });
}

/** One queue per channel name, so a rate limit pauses only that channel. */
export function createNotifyQueue(context: QueueContext, channel: string, retryForMs: number): Queue {
  return new Queue(notifyQueueName(channel), {
    connection: context.connection,
    prefix: context.prefix,
    defaultJobOptions: {
      attempts: attemptsFor(retryForMs, NOTIFY_BACKOFF),
      backoff: { type: 'custom' },
      // Kept a day (and at most 10,000) so a late second enqueue usually finds the job id; the "sent" record guards beyond.
      removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
      // Failed ones stay for a look, but a storm of undeliverable alerts must not fill Redis: the newest 10,000.
      removeOnFail: { age: 30 * DAY_SECONDS, count: 10_000 },
    },
  });
}

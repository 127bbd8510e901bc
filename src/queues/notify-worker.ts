import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Notifier } from '../notify/notifier';
import { NotifyError } from '../notify/notify-error';
import type { StateStore } from '../state/state-store';
import { notifyJobSchema } from './job-schemas';
import { notifyQueueName } from './queue-names';
import { type QueueContext, workerLockOptions } from './queue-connection';

export type NotifyOutcome = 'sent' | 'alreadySent';

/**
 * Delivers one alert on one channel. The "sent" record is checked before and written right after
 * the send: a duplicate can only come from a crash between the two. Permanent errors stop at once;
 * a rate limit pauses this channel's queue only.
 */
export function createNotifyWorker(notifier: Notifier, deps: { store: StateStore; queue: QueueContext; logger: Logger; concurrency: number; lockMs: number; backoff: (attemptsMade: number) => number; onOutcome?: (outcome: 'sent' | 'failed', reason: string) => void }): Worker {
  const { store, logger } = deps;
  const worker: Worker = new Worker(
    notifyQueueName(notifier.channel),
    async (job: Job): Promise<NotifyOutcome> => {
      const parsed = notifyJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`notification job ${job.id} has invalid data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const data = parsed.data;
      // What a "sent" record is keyed by: the execution and its status, or the outage and its notice.
      const [subject, state, what] =
        'transition' in data
          ? [data.transition.execution.id, data.transition.execution.status, 'alert']
          : [`notice-${data.notice.incidentId}`, data.notice.kind, 'notice'];
      if (await store.wasSent(notifier.channel, subject, state)) return 'alreadySent';
      try {
        if ('transition' in data) await notifier.send(data.transition);
        else await notifier.sendNotice(data.notice);
      } catch (error) {
        const failure = error instanceof NotifyError ? error : new NotifyError(error instanceof Error ? error.message : String(error), false, 'unknown');
        deps.onOutcome?.('failed', failure.reason);
        const line = `${notifier.channel} ${what} for ${subject} ${state} failed: ${failure.message}`;
        if (failure.retryAfterMs !== undefined) {
          logger.warn({ reason: failure.reason }, line);
          await worker.rateLimit(failure.retryAfterMs);
          throw Worker.RateLimitError();
        }
        if (failure.permanent) {
          logger.error({ reason: failure.reason }, `${line} (permanent, not retried)`);
          throw new UnrecoverableError(failure.message);
        }
        logger.warn({ reason: failure.reason, attempt: job.attemptsMade + 1 }, `${line} (will retry)`);
        throw failure;
      }
      await store.markSent(notifier.channel, subject, state);
      deps.onOutcome?.('sent', 'ok');
      logger.info({ subject, state }, `sent ${notifier.channel} ${what} for ${subject} ${state}`);
      return 'sent';
    },
    {
      connection: deps.queue.connection,
      prefix: deps.queue.prefix,
      concurrency: deps.concurrency,
      // Redis enforces worker.rateLimit only when a limiter max is set; without one, another fetch
      // (a second concurrency slot, another process) took the rate-limited job back at once.
      // The max itself is far above any real rate: it only switches the check on.
      limiter: { max: 1_000_000, duration: 1000 },
      ...workerLockOptions(deps.lockMs),
      settings: { backoffStrategy: (attemptsMade: number) => deps.backoff(attemptsMade) },
    },
  );
  return worker;
}

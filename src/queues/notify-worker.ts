import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Notifier } from '../notify/notifier';
import { NotifyError } from '../notify/notify-error';
import type { StateStore } from '../state/state-store';
import { drainFlood, type FloodDeps } from './drain-flood';
import { notifyJobSchema } from './job-schemas';
import { notifyQueueName } from './queue-names';
import { type QueueContext, workerLockOptions } from './queue-connection';

export type NotifyOutcome = 'sent' | 'alreadySent' | 'parked' | 'drained';

export interface NotifyWorkerDeps {
  store: StateStore;
  queue: QueueContext;
  logger: Logger;
  concurrency: number;
  lockMs: number;
  backoff: (attemptsMade: number) => number;
  onOutcome?: (outcome: 'sent' | 'failed', reason: string) => void;
  /** The channel's flood control; without it every alert is sent at once, alone (the behaviour before it). */
  flood?: FloodDeps;
}

/**
 * Delivers one alert on one channel. The "sent" record is checked before and written right after
 * the send: a duplicate can only come from a crash between the two. Permanent errors stop at once;
 * a rate limit pauses this channel's queue only. A flood-controlled channel sends an alert alone when
 * its pace allows, else parks it for the next grouped message (a drain job, see drainFlood).
 */
export function createNotifyWorker(notifier: Notifier, deps: NotifyWorkerDeps): Worker {
  const { store, logger } = deps;
  const worker: Worker = new Worker(
    notifyQueueName(notifier.channel),
    async (job: Job, token?: string): Promise<NotifyOutcome> => {
      const parsed = notifyJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`notification job ${job.id} has invalid data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const data = parsed.data;
      if ('drain' in data) {
        if (!deps.flood) throw new UnrecoverableError(`drain job ${job.id} on ${notifier.channel}, which has no flood control`);
        return drainFlood(job, token, { notifier, store, logger, flood: deps.flood, fail: (error, line) => failure(job, error, line), onSent: () => deps.onOutcome?.('sent', 'ok') });
      }
      // What a "sent" record is keyed by: the execution and its status, or the outage and its notice.
      const [subject, state, what] =
        'transition' in data
          ? [data.transition.execution.id, data.transition.execution.status, 'alert']
          : [`notice-${data.notice.incidentId}`, data.notice.kind, 'notice'];
      if (await store.wasSent(notifier.channel, subject, state)) return 'alreadySent';
      const plan = 'transition' in data ? deps.flood?.plan() : undefined;
      if (plan && 'transition' in data) {
        const flood = deps.flood!;
        const admission = await flood.control.admit(notifier.channel, plan, data.transition, { park: flood.groups() });
        if (admission.kind === 'parked') {
          await flood.scheduleDrain(admission.drainJobId, admission.delayMs);
          logger.debug({ subject, state, drain: admission.drainJobId }, `${notifier.channel} alert for ${subject} ${state} waits for a grouped message`);
          return 'parked';
        }
        if (admission.kind === 'wait') {
          // Paced one by one (no grouped message for this type): back in the queue until a token frees.
          // The jitter spreads jobs that would all wake at the same instant and race for one token.
          await job.moveToDelayed(Date.now() + admission.delayMs + Math.floor(Math.random() * admission.delayMs), token);
          throw new DelayedError();
        }
      }
      try {
        if ('transition' in data) await notifier.send(data.transition);
        else await notifier.sendNotice(data.notice);
      } catch (error) {
        return failure(job, error, `${notifier.channel} ${what} for ${subject} ${state} failed`);
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

  /** One place decides what a failed send becomes: a paused queue (rate limit), a final failure, or a retry. */
  async function failure(job: Job, error: unknown, line: string): Promise<never> {
    const failed = error instanceof NotifyError ? error : new NotifyError(error instanceof Error ? error.message : String(error), false, 'unknown');
    deps.onOutcome?.('failed', failed.reason);
    const text = `${line}: ${failed.message}`;
    if (failed.retryAfterMs !== undefined) {
      logger.warn({ reason: failed.reason }, text);
      await worker.rateLimit(failed.retryAfterMs);
      throw Worker.RateLimitError();
    }
    if (failed.permanent) {
      logger.error({ reason: failed.reason }, `${text} (permanent, not retried)`);
      throw new UnrecoverableError(failed.message);
    }
    logger.warn({ reason: failed.reason, attempt: job.attemptsMade + 1 }, `${text} (will retry)`);
    throw failed;
  }
  return worker;
}

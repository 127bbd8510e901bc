import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics';
import type { OutboxDispatcher } from '../pipeline/outbox-dispatcher';
import { processPage } from '../pipeline/page-processor';
import type { StuckRuns } from '../oncall/stuck-runs';
import type { ErrorCounts } from '../oncall/error-counts';
import type { StreakStore } from '../oncall/streak-store';
import type { StateStore } from '../state/state-store';
import { type PageJobResult, pageJobSchema } from './job-schemas';
import { type QueueContext, workerLockOptions } from './queue-connection';
import { PAGE_QUEUE } from './queue-names';

export interface PageWorkerDeps {
  queue: QueueContext;
  store: StateStore;
  dispatcher: OutboxDispatcher;
  metrics: Metrics;
  logger: Logger;
  concurrency: number;
  lockMs: number;
  now: () => number;
  workflowLabel?: (projectId: string) => string;
  streaks?: StreakStore;
  errorCounts?: ErrorCounts;
  stuckRuns?: StuckRuns;
  /** With several accounts: the state and pipeline of the account a page came from (undefined: none such). */
  forAccount?: (account: string | undefined) => AccountPipeline | undefined;
}

/** What handling a page needs of its account. */
export type AccountPipeline = Pick<PageWorkerDeps, 'store' | 'dispatcher' | 'streaks' | 'errorCounts' | 'stuckRuns'>;

/** Takes fetched pages off the queue: detection (atomic, in Redis), then the alerts into their channels' queues. */
export function createPageWorker(deps: PageWorkerDeps): Worker {
  const { logger } = deps;
  const worker = new Worker(
    PAGE_QUEUE,
    async (job: Job): Promise<PageJobResult> => {
      const parsed = pageJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`page job ${job.id} has invalid data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const account = deps.forAccount ? deps.forAccount(parsed.data.account) : deps;
      if (!account) throw new UnrecoverableError(`page job ${job.id} is from account "${parsed.data.account ?? ''}", which this process does not watch`);
      const result = await processPage(parsed.data, { store: account.store, dispatcher: account.dispatcher, logger: parsed.data.account ? logger.child({ account: parsed.data.account }) : logger, now: deps.now, workflowLabel: deps.workflowLabel, streaks: account.streaks, errorCounts: account.errorCounts, stuckRuns: account.stuckRuns });
      for (const status of result.statuses) deps.metrics.transitions.inc({ status });
      return result;
    },
    { connection: deps.queue.connection, prefix: deps.queue.prefix, concurrency: deps.concurrency, ...workerLockOptions(deps.lockMs) },
  );
  worker.on('failed', (job, error) => logger.warn({ jobId: job?.id, attempts: job?.attemptsMade }, `page job failed: ${error.message}`));
  return worker;
}

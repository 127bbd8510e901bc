import type { Logger } from 'pino';
import { KNOWN_STATUSES } from '../domain/execution';
import type { PageJob, PageJobResult } from '../queues/job-schemas';
import type { ErrorCounts } from '../oncall/error-counts';
import type { StreakStore } from '../oncall/streak-store';
import type { StuckRuns } from '../oncall/stuck-runs';
import type { StateStore } from '../state/state-store';
import type { OutboxDispatcher } from './outbox-dispatcher';

/** One page job: compare with the state (atomic), then queue the alerts. */
export async function processPage(job: PageJob, deps: { store: StateStore; dispatcher: OutboxDispatcher; logger: Logger; now: () => number; workflowLabel?: (projectId: string) => string; streaks?: StreakStore; errorCounts?: ErrorCounts; stuckRuns?: StuckRuns }): Promise<PageJobResult> {
  const { store, dispatcher, logger } = deps;
  for (const status of new Set(job.items.map((item) => item[1]))) {
    if (!(KNOWN_STATUSES as readonly string[]).includes(status) && (await store.noteUnknownStatus(status))) {
      logger.warn({ status }, `iFlyRPA sent a status the docs do not list: ${status.slice(0, 64)} (it ends PENDING tracking; alerted only if NOTIFY_STATUSES lists it)`);
    }
  }
  const detected = await store.detectPage(job.items, job.records, { baselinePoll: job.baselinePoll, now: deps.now() });
  const { recorded } = detected;
  if (detected.partial.length > 0) {
    logger.warn({ executionIds: detected.partial }, `${detected.partial.length} status changes were news although the poller expected none (state changed meanwhile): alerted with id, status and times only`);
  }
  // Before any alert leaves: each channel's message says whether the run opened, continued or ended a streak.
  const withStreaks = deps.streaks ? await deps.streaks.attach(detected.transitions, deps.now()) : detected.transitions;
  const withCounts = deps.errorCounts ? await deps.errorCounts.attach(withStreaks, deps.now()) : withStreaks;
  // Durations of ended runs, records of running ones (for a STUCK alert; every PENDING record travels), "had been reported stuck".
  const transitions = deps.stuckRuns ? await deps.stuckRuns.observe(job.records, withCounts, deps.now()) : withCounts;
  for (const t of transitions) {
    logger.info({ executionId: t.execution.id, projectId: t.execution.projectId, status: t.execution.status, kind: t.kind, streak: t.streak?.kind, sameError: t.sameError }, `execution ${t.execution.id} is ${t.execution.status} (workflow ${deps.workflowLabel?.(t.execution.projectId) ?? t.execution.projectId})`);
  }
  const dispatched = await dispatcher.dispatch(transitions);
  if (job.baselinePoll && recorded > 0) logger.info({ recorded }, `baseline: recorded ${recorded} executions as history (no alerts for them)`);
  return { recorded, transitions: transitions.length, statuses: transitions.map((t) => t.execution.status), notifyJobIds: dispatched };
}

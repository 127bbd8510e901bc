import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics';
import type { OutboxDispatcher } from '../pipeline/outbox-dispatcher';
import type { DispatchedJob } from '../queues/job-schemas';
import type { LiveRouting } from '../routing/live-routing';
import type { StateStore } from '../state/state-store';
import type { StuckRuns } from './stuck-runs';

/** A running run's last record older than this is not trusted to call it stuck (after an outage the next poll decides first). */
const STUCK_RECORD_FRESH_MS = 5 * 60_000;

/** One STUCK alert for each running execution past its threshold (claimed in Redis, so once whoever looks). */
export async function reportStuckRuns(deps: {
  stuckRuns: StuckRuns;
  store: StateStore;
  dispatcher: OutboxDispatcher;
  routing: LiveRouting;
  logger: Logger;
  metrics?: Metrics;
  config: { stuckAfterMs: number | null; pollIntervalMs: number };
  now: number;
}): Promise<DispatchedJob[]> {
  const { config, routing } = deps;
  const options = { fallbackMs: config.stuckAfterMs, stuckAfterMs: routing.get().stuckAfterMs ?? {}, freshForMs: Math.max(3 * config.pollIntervalMs, STUCK_RECORD_FRESH_MS) };
  const due = await deps.stuckRuns.claimDue(await deps.store.trackedPending(), deps.now, options);
  if (due.length === 0) return [];
  // Claimed with its outbox entry: if queueing fails (or the process dies), the next drain queues it, never twice.
  const jobs = await deps.dispatcher.dispatch(due);
  deps.metrics?.stuckRunsReported.inc(due.length);
  for (const t of due) deps.logger.info({ executionId: t.execution.id, projectId: t.execution.projectId }, `execution ${t.execution.id} is still running: STUCK (workflow ${routing.label(t.execution.projectId)})`);
  return jobs;
}

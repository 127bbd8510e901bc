import type { Queue } from 'bullmq';
import type { StateStore } from '../state/state-store';
import type { Metrics } from './metrics';

/** Gauges read from Redis when /metrics is scraped: queue depths and the last successful poll. */
export async function refreshGauges(metrics: Metrics, queues: Queue[], store: Pick<StateStore, 'lastPollSuccess'>): Promise<void> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    metrics.queueDepth.set({ queue: queue.name }, Object.values(counts).reduce((a, b) => a + b, 0));
  }
  const last = await store.lastPollSuccess();
  if (last !== null) metrics.lastPollSuccess.set(last / 1000);
}

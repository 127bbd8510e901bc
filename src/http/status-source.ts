import type { Queue } from 'bullmq';
import type { Readiness } from '../health/readiness';

/** What the HTTP server reads from the running bot, and nothing more. */
export interface StatusSource {
  readiness(maxPollAgeMs: number): Promise<Readiness>;
  /** The Prometheus exposition, gauges refreshed. */
  metricsText(): Promise<{ contentType: string; body: string }>;
  /** Queues shown by the admin dashboard. */
  allQueues(): Queue[];
}

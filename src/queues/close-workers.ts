import type { Worker } from 'bullmq';
import type { Logger } from 'pino';

/** Lets jobs in hand finish within `timeoutMs`, then closes anyway: what was cut short is retried by the next process. */
export async function closeWorkers(workers: Worker[], timeoutMs: number, logger: Logger): Promise<void> {
  const graceful = Promise.all(workers.map((w) => w.close()));
  const forced = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
  if ((await Promise.race([graceful.then(() => 'done' as const), forced])) === 'timeout') {
    logger.warn(`jobs still running after ${timeoutMs} ms; closing anyway (they will be retried)`);
    await Promise.all(workers.map((w) => w.close(true)));
  }
}

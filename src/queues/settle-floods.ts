import { Job, type Queue } from 'bullmq';
import type { FloodControl } from '../oncall/flood-control';
import type { QueueEventsCache } from './queue-events-cache';

/** Drain jobs not yet finished, whatever state they wait in. */
const OPEN_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const;

/**
 * Makes sure what waits on each channel has a drain job (a process that parked an alert may have died
 * before queueing it): the job id is the current generation's, so this is a no-op when one is queued.
 */
export async function ensureDrains(control: FloodControl, queues: Readonly<Record<string, Queue>>): Promise<void> {
  for (const [channel, queue] of Object.entries(queues)) {
    const { waiting, drainJobId } = await control.pending(channel);
    if (waiting > 0 && drainJobId) await queue.add('drain', { drain: { channel } }, { jobId: drainJobId });
  }
}

/** Waits until nothing waits on any channel and every drain job finished (poll-once, tests); returns how many drain jobs failed. */
export async function settleFloods(deps: { control: FloodControl; queues: Readonly<Record<string, Queue>>; events: QueueEventsCache; timeoutMs: number }): Promise<{ failed: number }> {
  const deadline = Date.now() + deps.timeoutMs;
  let failed = 0;
  for (const [channel, queue] of Object.entries(deps.queues)) {
    for (;;) {
      await ensureDrains(deps.control, { [channel]: queue });
      const open = (await queue.getJobs([...OPEN_STATES])).filter((job): job is Job => job?.name === 'drain');
      if (open.length === 0 && (await deps.control.pending(channel)).waiting === 0) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${channel}: alerts still waiting for a grouped message after ${deps.timeoutMs} ms`);
      const events = await deps.events.for(queue);
      // The worker logs why a drain failed; settling counts it, so poll-once can say something failed.
      const outcomes = await Promise.all(open.map((job) => job.waitUntilFinished(events, left).then(() => true, () => false)));
      failed += outcomes.filter((ok) => !ok).length;
    }
  }
  return { failed };
}

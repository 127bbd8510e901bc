import { Job, type Queue } from 'bullmq';
import type { DispatchedJob, PageJob, PageJobResult } from '../queues/job-schemas';
import type { QueueEventsCache } from '../queues/queue-events-cache';
import type { PollReport } from './poller';

export interface CycleSummary extends PollReport {
  transitions: number;
  notificationsSent: number;
  notificationsFailed: number;
}

/** Waits until a poll's pages, and the notifications they queued, are handled (poll-once, tests, demo). */
export async function settlePoll(
  report: PollReport,
  deps: { pageQueue: Queue; notifyQueue: (channel: string) => Queue | undefined; events: QueueEventsCache; alsoWaitFor?: DispatchedJob[]; timeoutMs: number },
): Promise<CycleSummary> {
  const pageEvents = await deps.events.for(deps.pageQueue);
  let transitions = 0;
  const notifyJobs = [...(deps.alsoWaitFor ?? [])];
  // Every job first, then the waits: a finished page job is kept only a minute (PAGE_JOB_KEPT_SECONDS).
  const pageJobs = await Promise.all(report.pageJobIds.map((id) => Job.fromId<PageJob, PageJobResult>(deps.pageQueue, id)));
  for (const job of pageJobs) {
    if (!job) continue;
    const result = await job.waitUntilFinished(pageEvents, deps.timeoutMs);
    transitions += result.transitions;
    notifyJobs.push(...result.notifyJobIds);
  }
  let notificationsSent = 0;
  let notificationsFailed = 0;
  for (const { channel, jobId } of notifyJobs) {
    const queue = deps.notifyQueue(channel);
    if (!queue) continue;
    const job = await Job.fromId(queue, jobId);
    if (!job) continue;
    try {
      await job.waitUntilFinished(await deps.events.for(queue), deps.timeoutMs);
      notificationsSent++;
    } catch {
      notificationsFailed++;
    }
  }
  return { ...report, transitions, notificationsSent, notificationsFailed };
}

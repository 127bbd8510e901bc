import type { Queue } from 'bullmq';
import type { FloodControl } from '../oncall/flood-control';
import type { DispatchedJob } from '../queues/job-schemas';
import type { QueueEventsCache } from '../queues/queue-events-cache';
import { settleFloods } from '../queues/settle-floods';
import type { AccountPoller } from './account-poller';
import { pollAccounts } from './poll-accounts';
import type { PollReport } from './poller';
import { type CycleSummary, settlePoll } from './settle-poll';

export interface PollAndSettleDeps {
  accounts: readonly AccountPoller[];
  pageQueue: Queue;
  notifyQueues: Readonly<Record<string, Queue>>;
  events: QueueEventsCache;
  flood: FloodControl | undefined;
  timeoutMs: number;
}

/** The STUCK alerts of every account (claimed in Redis, so once whoever looks). */
export async function reportStuckEverywhere(accounts: readonly AccountPoller[]): Promise<DispatchedJob[]> {
  return (await Promise.all(accounts.map((a) => a.reportStuck()))).flat();
}

/**
 * One poll of every account, then waits until its pages and their notifications are handled (poll-once,
 * tests, demo): what a crashed process left first, then the poll, the STUCK alerts, and grouped messages.
 */
export async function pollAndSettle(deps: PollAndSettleDeps): Promise<CycleSummary> {
  const { accounts, pageQueue, notifyQueues, events, flood, timeoutMs } = deps;
  const recovered = (await Promise.all(accounts.map((a) => a.dispatcher.drain()))).flat();
  const { report, failures } = await pollAccounts(accounts);
  const settle = (r: PollReport, alsoWaitFor: DispatchedJob[]) => settlePoll(r, { pageQueue, notifyQueue: (channel) => notifyQueues[channel], events, alsoWaitFor, timeoutMs });
  let summary = await settle(report, recovered);
  // After the poll: a run that ended since the last one is no longer tracked, so it is not called stuck.
  const stuck = await reportStuckEverywhere(accounts);
  if (stuck.length > 0) {
    const more = await settle({ ...report, pageJobIds: [] }, stuck);
    summary = { ...summary, notificationsSent: summary.notificationsSent + more.notificationsSent, notificationsFailed: summary.notificationsFailed + more.notificationsFailed };
  }
  // Alerts waiting for a grouped message go out before poll-once ends.
  const grouped = flood ? await settleFloods({ control: flood, queues: notifyQueues, events, timeoutMs }) : { failed: 0 };
  summary = { ...summary, notificationsFailed: summary.notificationsFailed + grouped.failed };
  // The other accounts' alerts are out; now say which account could not be polled.
  if (failures.length > 0) throw new Error(failures.map((f) => f.message).join('; '), { cause: failures[0] });
  return summary;
}

import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Transition } from '../domain/transition';
import type { Notifier } from '../notify/notifier';
import { NotifyError } from '../notify/notify-error';
import type { FloodControl } from '../oncall/flood-control';
import type { FloodPlan } from '../oncall/flood-rate';
import type { StateStore } from '../state/state-store';

/** What a channel's worker needs for flood control. */
export interface FloodDeps {
  control: FloodControl;
  /** The channel's pace now (read at each job: a reload may change it); undefined: not paced. */
  plan: () => FloodPlan | undefined;
  /** Whether the channel sends grouped messages; if not, alerts wait their turn one by one. */
  groups: () => boolean;
  /** Most alerts one grouped message of the channel holds (its size limit); undefined: the usual 50. */
  groupMax?: () => number | undefined;
  /** Queues drain job `jobId` in `delayMs` (a no-op when it is already queued). */
  scheduleDrain: (jobId: string, delayMs: number) => Promise<void>;
  /** A grouped message of `alerts` alerts went out. */
  onGrouped?: (alerts: number) => void;
}

/** A drain that finds its channel no longer paced (a reload) still empties what waits, at this pace. */
const FALLBACK_PLAN: FloodPlan = { ratePerSec: 1, burst: 1, gatherMs: 0 };

/**
 * One drain job: claims its batch (floodClaim-6.lua), sends it as one message (a batch of one as an
 * ordinary alert), records each alert as sent, then forgets the batch. Killed or failing in between, the
 * job runs again and finds the same batch: at least once per batch; an alert recorded as sent is not sent
 * again. What still waits gets the next drain job before this one sends, so a failing send holds up no one.
 */
export async function drainFlood(
  job: Job,
  token: string | undefined,
  deps: { notifier: Notifier; store: StateStore; logger: Logger; flood: FloodDeps; fail: (error: unknown, line: string) => Promise<never>; onSent: () => void },
): Promise<'drained'> {
  const { notifier, store, logger, flood } = deps;
  const channel = notifier.channel;
  const jobId = job.id!;
  const plan = flood.plan() ?? FALLBACK_PLAN;
  const claim = await flood.control.claim(channel, plan, jobId, flood.groupMax?.() ?? notifier.groupMax);
  if (claim.kind === 'empty') return 'drained';
  if (claim.kind === 'wait') {
    await job.moveToDelayed(Date.now() + claim.delayMs, token);
    throw new DelayedError();
  }
  if (claim.unreadable.length > 0) logger.error({ keys: claim.unreadable }, `${channel}: dropped ${claim.unreadable.length} unreadable waiting alerts`);
  if (claim.remaining > 0) await flood.scheduleDrain(claim.nextDrainJobId, Math.ceil(1000 / plan.ratePerSec));
  const sent = await Promise.all(claim.transitions.map((t) => store.wasSent(channel, t.execution.id, t.execution.status)));
  const unsent = claim.transitions.filter((_, i) => !sent[i]);
  const names = unsent.map((t) => `${t.execution.id} ${t.execution.status}`);
  try {
    await sendTogether(notifier, unsent, claim.remaining);
  } catch (error) {
    if (error instanceof NotifyError && error.permanent) {
      // Never silently: the alerts this message held are named in the log before the batch is let go.
      logger.error({ executions: names }, `${channel}: grouped message of ${unsent.length} alerts refused for good; not sent: ${names.join(', ')}`);
      await flood.control.finish(channel, jobId);
    }
    return deps.fail(error, `${channel} grouped message of ${unsent.length} alerts failed`);
  }
  await Promise.all(unsent.map((t) => store.markSent(channel, t.execution.id, t.execution.status)));
  await flood.control.finish(channel, jobId);
  if (unsent.length > 0) {
    deps.onSent();
    if (unsent.length > 1) flood.onGrouped?.(unsent.length);
    logger.info({ executions: names, remaining: claim.remaining }, `sent ${channel} ${unsent.length > 1 ? `grouped message of ${unsent.length} alerts` : `alert for ${names[0]}`} (${claim.remaining} still waiting)`);
  }
  return 'drained';
}

/** One alert reads like any other; several go as one grouped message, or one by one where the type has none. */
async function sendTogether(notifier: Notifier, transitions: Transition[], remaining: number): Promise<void> {
  if (transitions.length === 0) return;
  if (transitions.length === 1) await notifier.send(transitions[0]!);
  else if (notifier.sendGroup) await notifier.sendGroup(transitions, { remaining });
  else for (const transition of transitions) await notifier.send(transition);
}

import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Transition } from '../domain/transition';
import { transitionKey } from '../domain/transition';
import type { DeliveryPlan } from '../routing/plan-deliveries';
import { type DispatchedJob, transitionSchema } from '../queues/job-schemas';
import { noticeJobId, notifyJobId } from '../queues/queue-names';
import type { HealthNotice } from '../domain/health-notice';
import type { ErrorCounts } from '../oncall/error-counts';
import type { StreakStore } from '../oncall/streak-store';
import type { MuteGate } from '../oncall/mute-gate';
import type { StuckRuns } from '../oncall/stuck-runs';
import type { StateStore } from '../state/state-store';

/**
 * Moves transitions from the outbox into notification jobs, then clears them from the outbox.
 * Killed half-way, the outbox still holds them and the next drain queues them again; the job id
 * (one per channel, execution and status) makes a second queueing a no-op.
 */
export interface OutboxDispatcherDeps {
  store: StateStore;
  /** Every channel's queue by channel name; read at each dispatch, so channels added by a reload are used at once. */
  queues: () => Readonly<Record<string, Queue>>;
  /** Where one alert goes (routing, read at each dispatch so a reload applies to alerts detected after it). */
  plan: (transition: Transition) => DeliveryPlan;
  logger: Logger;
  /** Transitions kept for a channel's digest. */
  collectForDigest?: (channel: string, transitions: Transition[]) => Promise<void>;
  /** Streaks, applied again to what a crashed process left: a run applied before the crash keeps the effect it had. */
  streaks?: StreakStore;
  /** Same-error counts, recorded again the same way: a run recorded before the crash counts once. */
  errorCounts?: ErrorCounts;
  /** Stuck runs: an ending run left in the outbox still says it had been reported stuck (its page worker died before saying so). */
  stuckRuns?: Pick<StuckRuns, 'markReported'>;
  /** Mutes, read once per batch: a muted alert skips the immediate channels but still reaches digests. */
  mutes?: MuteGate;
  /** Told of each transition just before its jobs are queued (`queued`: it goes to an immediate channel): Slack actions. */
  observe?: (transition: Transition, queued: boolean) => Promise<void>;
  /** The config file's account whose alerts and notices these are (routes match it; texts name it when `shown`). */
  account?: { name: string; shown: boolean };
}

export class OutboxDispatcher {
  private readonly store: StateStore;
  private readonly logger: Logger;

  constructor(private readonly deps: OutboxDispatcherDeps) {
    this.store = deps.store;
    this.logger = deps.logger;
  }

  async dispatch(detected: Transition[]): Promise<DispatchedJob[]> {
    const transitions = detected.map((t) => this.stamp(t));
    const jobs: DispatchedJob[] = [];
    const forDigest = new Map<string, Transition[]>();
    const queues = this.deps.queues();
    const mutedBy = this.deps.mutes ? await this.deps.mutes.forBatch() : () => undefined;
    for (const transition of transitions) {
      const plan = this.deps.plan(transition);
      const mute = mutedBy(transition);
      // Before the jobs: an alert's buttons must answer from the moment it can be seen.
      await this.deps.observe?.(transition, !mute && plan.immediate.length > 0);
      for (const channel of mute ? [] : plan.immediate) {
        const queue = queues[channel];
        if (!queue) continue;
        // The job id is the delivery identity (channel, execution, status): a second queueing is a no-op.
        const jobId = notifyJobId(channel, transition.execution.id, transition.execution.status);
        await queue.add('notify', { transition }, { jobId });
        jobs.push({ channel, jobId });
      }
      const listed = mute ? { ...transition, muted: { id: mute.id, kind: mute.kind } } : transition;
      for (const channel of plan.digest) forDigest.set(channel, [...(forDigest.get(channel) ?? []), listed]);
    }
    for (const [channel, list] of forDigest) await this.deps.collectForDigest?.(channel, list);
    await this.store.removeFromOutbox(transitions.map(transitionKey));
    return jobs;
  }

  /** A notice about the bot itself goes to every channel, at once (whatever EMAIL_MODE says). */
  async dispatchNotice(about: HealthNotice): Promise<DispatchedJob[]> {
    const notice = this.stamp(about);
    const jobs: DispatchedJob[] = [];
    for (const [channel, queue] of Object.entries(this.deps.queues())) {
      const jobId = noticeJobId(channel, notice.incidentId, notice.kind);
      await queue.add('notice', { notice }, { jobId });
      jobs.push({ channel, jobId });
    }
    return jobs;
  }

  /** The account, on what this dispatcher sends (nothing for the one account of IFLYRPA_API_KEY). */
  private stamp<T extends { account?: string; showAccount?: boolean }>(subject: T): T {
    const { account } = this.deps;
    return account ? { ...subject, account: account.name, ...(account.shown ? { showAccount: true } : {}) } : subject;
  }

  /** Queues whatever a crashed process left in the outbox. */
  async drain(): Promise<DispatchedJob[]> {
    const entries = await this.store.readOutbox();
    if (entries.length === 0) return [];
    const transitions: Transition[] = [];
    const unreadable: string[] = [];
    for (const entry of entries) {
      const parsed = transitionSchema.safeParse(safeJson(entry.json));
      if (parsed.success) transitions.push(parsed.data);
      else unreadable.push(entry.key);
    }
    if (unreadable.length > 0) {
      this.logger.error({ keys: unreadable }, `dropped ${unreadable.length} unreadable outbox entries`);
      await this.store.removeFromOutbox(unreadable);
    }
    this.logger.info({ count: transitions.length }, `queueing ${transitions.length} alerts left in the outbox by an interrupted process`);
    const { streaks, errorCounts, stuckRuns } = this.deps;
    const withStreaks = streaks ? await streaks.attach(transitions) : transitions;
    const withCounts = errorCounts ? await errorCounts.attach(withStreaks) : withStreaks;
    return this.dispatch(stuckRuns ? await stuckRuns.markReported(withCounts) : withCounts);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { type Transition, transitionKey } from '../domain/transition';
import type { Notifier, SendReceipt } from '../notify/notifier';
import { NotifyError } from '../notify/notify-error';
import { ROOT_GONE, type StreakThreadOps } from '../notify/streak-thread-ops';
import type { EditPace } from './edit-pace';
import { endOf } from './streak-store';
import { nextThreadStep, rootViewOf, shouldEditRoot, type RootView, type ThreadRecord, type ThreadRole, threadRoleOf, viewKey } from './streak-thread-plan';
import type { ThreadAddress, ThreadStore } from './thread-store';

export interface StreakThreadsDeps {
  store: ThreadStore;
  /** The workflow's streak as Redis holds it now (StreakStore.read): the count the root shows. */
  readStreak: (account: string, projectId: string) => Promise<{ failing: boolean; count: number; since: number; latestAt: number; id?: string } | undefined>;
  account?: string;
  /** Who acknowledged the workflow's open streak (Slack user id), so every later edit of the root still shows it. */
  readAck?: (account: string, projectId: string) => Promise<string | undefined>;
  logger?: Logger;
  now?: () => number;
  /** A root claim older than this belongs to a delivery that died before posting (past Slack's 15 s timeout). */
  leaseMs?: number;
  /** How long a streak's thread is kept once it recovered: as long as a retry of its deliveries may come (NOTIFY_RETRY_FOR). */
  keepClosedMs?: number;
  /** How long a delivery waits in-process for the root another one is posting, before retrying through the queue. */
  waitMs?: number;
  pollMs?: number;
  /** How long a root edit deferred for want of a token waits before it tries again (read again, edit). */
  deferMs?: number;
}

/** Steps of one delivery at most (reads, claims, waits, posts), before its queue retries it. */
const MAX_ROUNDS = 200;
/** Edits of one delivery in a row, at most: each reads the count again after its edit (see editRoot). */
const MAX_EDIT_ROUNDS = 5;
/** Tries of a deferred root edit: past these the next delivery of the streak edits the root. */
const MAX_DEFERRED_TRIES = 30;

/**
 * Each failing streak in one Slack thread, whatever number of workers and processes deliver its alerts:
 *
 * - The root: the first delivery of a streak to find no root claims it in Redis (claimRoot-1.lua: one
 *   claim wins), posts its alert top-level and stores the ts. Another delivery that finds the claim
 *   but no ts yet waits for the ts (polling, up to waitMs), then fails retryably so the queue's retry
 *   comes back to it later; a claim older than leaseMs (its holder died) may be taken over.
 * - Later failures reply in the thread; the run that ends the streak replies with reply_broadcast.
 *   Each reply is recorded in Redis before the root is edited, so a retried job does not post it again
 *   but only edits (the worker's "sent" record comes only after this whole send).
 * - The root is edited after every reply to what Redis says right then (count and latest, or
 *   recovered). An editor reads the view again after its edit and edits again if it changed: the
 *   last edit Slack applies is followed by a read that matches it, so the root ends with the true
 *   count even when stale edits of concurrent workers land late.
 * - Slack saying the root is gone (deleted): a new root is claimed the same way and posted.
 * - With flood control, each edit takes a token of the channel's bucket first (`pace`): replies and
 *   edits together keep the channel's rate. An edit that gets none within a short wait is deferred,
 *   never grouped: it is tried again (read again, edit) a little later in this process, once per
 *   thread however many deliveries deferred, so the root still ends with the true count.
 */
export class StreakThreads {
  private readonly now: () => number;
  /** The threads with a deferred root edit pending in this process: one timer each. */
  private readonly deferred = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: StreakThreadsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** `pace`: the channel's flood control, which each root edit waits on (none: edits go at once). */
  async send(channel: string, notifier: Notifier, transition: Transition, pace?: EditPace): Promise<SendReceipt | void> {
    const role = threadRoleOf(transition);
    if (!notifier.threads || role.kind === 'plain') return notifier.send(transition);
    const address: ThreadAddress = { channel, account: transition.account ?? this.deps.account ?? 'default', projectId: transition.execution.projectId, streakId: role.streakId };
    return this.deliver(address, role, transition, notifier, notifier.threads, pace);
  }

  /** Cancels the deferred root edits of this process (at shutdown); the next delivery of each streak edits its root. */
  close(): void {
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
  }

  private async deliver(
    a: ThreadAddress,
    role: Exclude<ThreadRole, { kind: 'plain' }>,
    transition: Transition,
    notifier: Notifier,
    ops: StreakThreadOps,
    pace: EditPace | undefined,
  ): Promise<SendReceipt> {
    const { store } = this.deps;
    const member = transitionKey(transition);
    const leaseMs = this.deps.leaseMs ?? 30_000;
    const waitUntil = this.now() + (this.deps.waitMs ?? 10_000);
    const recovered = role.kind === 'recovery' ? recoveredView(transition) : undefined;
    // A root Slack no longer knows: treated as none, and replaced through a claim naming it.
    let gone: string | undefined;
    // Bounded whatever Slack and the other deliveries do; the waits are bounded by waitUntil besides.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const stored = await store.read(a);
      const record: ThreadRecord = gone !== undefined && stored.ts === gone ? withoutRoot(stored) : stored;
      const step = nextThreadStep(role, record, member, this.now(), leaseMs);
      if (step.kind === 'plain') {
        const receipt = (await notifier.send(transition)) ?? {};
        if (recovered) await store.recordRecovered(a, recovered);
        return receipt;
      }
      if (step.kind === 'wait') {
        if (this.now() >= waitUntil) throw new NotifyError(`the root of this streak's thread in ${a.channel} is still being posted by another delivery`, false, 'root_pending');
        await delay(this.deps.pollMs ?? 200);
        continue;
      }
      if (step.kind === 'claim') {
        const claim = await store.claim(a, member, transition, { now: this.now(), leaseMs, gone });
        if (claim.kind !== 'claimed') continue;
        const receipt = (await notifier.send(transition)) ?? {};
        // A channel that names no message cannot hold a thread: the alert went out, as before threads.
        if (receipt.ref === undefined) return receipt;
        await store.setRoot(a, member, receipt.ref);
        if (gone !== undefined) this.deps.logger?.info({ channel: a.channel, projectId: a.projectId }, `the root of a failing streak was deleted in ${a.channel}: posted a new one`);
        // A root deleted within this very moment is replaced by the next failure.
        await this.editRoot(a, role, ops, pace);
        return receipt;
      }
      if (step.kind === 'reply') {
        let receipt: SendReceipt;
        try {
          receipt = await ops.reply(transition, step.ts, { broadcast: step.broadcast });
        } catch (error) {
          if (!isRootGone(error)) throw error;
          gone = step.ts;
          continue;
        }
        await store.recordReply(a, member, receipt.ref ?? '');
        if (recovered) await store.recordRecovered(a, recovered);
        if ((await this.editRoot(a, role, ops, pace)) === 'gone') {
          gone = step.ts;
          continue;
        }
        await this.forgetIfOver(a, role);
        return receipt;
      }
      // edit: this delivery's message is in Slack (a retry): only the root may be behind.
      if (recovered) await store.recordRecovered(a, recovered);
      if ((await this.editRoot(a, role, ops, pace)) === 'gone') {
        gone = step.ts;
        continue;
      }
      await this.forgetIfOver(a, role);
      return { ref: record.replies[member] || step.ts };
    }
    throw new NotifyError(`the thread of this streak in ${a.channel} kept changing under this delivery`, false, 'thread_busy');
  }

  /** After the recovery: the next failure opens a new streak (a new id, a new root); this one's record goes soon. */
  private async forgetIfOver(a: ThreadAddress, role: Exclude<ThreadRole, { kind: 'plain' }>): Promise<void> {
    if (role.kind === 'recovery') await this.deps.store.forget(a, this.deps.keepClosedMs ?? 86_400_000);
  }

  private async withAck(a: ThreadAddress, view: RootView | undefined): Promise<RootView | undefined> {
    if (view?.kind !== 'failing' || !this.deps.readAck) return view;
    const ackedBy = await this.deps.readAck(a.account, a.projectId);
    return ackedBy ? { ...view, ackedBy } : view;
  }

  /**
   * Edits the root to what Redis says now, and again while that changes under it (see the class
   * comment). 'gone': Slack no longer has the root; for the recovery that is the end of it (its
   * broadcast reply already told the channel), for a failure the caller posts a new root.
   */
  private async editRoot(a: ThreadAddress, role: Exclude<ThreadRole, { kind: 'plain' }>, threads: StreakThreadOps, pace: EditPace | undefined, tries = 0): Promise<'done' | 'gone'> {
    const ops = this.deps.store;
    for (let round = 0; round < MAX_EDIT_ROUNDS; round++) {
      const record = await ops.read(a);
      if (record.ts === undefined || record.rootTransition === undefined) return 'done';
      const view = await this.withAck(a, rootViewOf(record, await this.deps.readStreak(a.account, a.projectId), a.streakId));
      if (!shouldEditRoot(view, record.lastEdit)) return 'done';
      if (pace && !(await pace())) {
        this.deferEdit(a, role, threads, pace, tries);
        return 'done';
      }
      try {
        await threads.editRoot(record.ts, record.rootTransition, view);
      } catch (error) {
        if (!isRootGone(error)) throw error;
        return role.kind === 'recovery' ? 'done' : 'gone';
      }
      await ops.recordEdit(a, viewKey(view));
    }
    return 'done';
  }

  /** Tries the edit again later (see the class comment); a deleted root is the next failure's to replace. */
  private deferEdit(a: ThreadAddress, role: Exclude<ThreadRole, { kind: 'plain' }>, threads: StreakThreadOps, pace: EditPace, tries: number): void {
    const key = `${a.channel}\n${a.account}\n${a.projectId}\n${a.streakId}`;
    if (this.deferred.has(key) || tries >= MAX_DEFERRED_TRIES) return;
    const timer = setTimeout(() => {
      this.deferred.delete(key);
      this.editRoot(a, role, threads, pace, tries + 1).catch((error: unknown) => {
        this.deps.logger?.warn({ channel: a.channel, projectId: a.projectId, err: error }, `a deferred edit of a thread's root in ${a.channel} failed: the next failure of the streak edits it`);
      });
    }, this.deps.deferMs ?? 1_000);
    timer.unref();
    this.deferred.set(key, timer);
  }
}

const isRootGone = (error: unknown): boolean => error instanceof NotifyError && ROOT_GONE.has(error.reason);

const withoutRoot = (record: ThreadRecord): ThreadRecord => ({ replies: record.replies, ...(record.recovered ? { recovered: record.recovered } : {}) });

function recoveredView(transition: Transition): Extract<RootView, { kind: 'recovered' }> | undefined {
  const s = transition.streak;
  if (s?.failures === undefined || s.since === undefined) return undefined;
  const at = endOf(transition);
  return { kind: 'recovered', failures: s.failures, since: s.since, durationMs: s.durationMs ?? at - s.since, at };
}

import type { RedisConnection } from '../state/redis-connection';
import { z } from 'zod';
import type { Transition } from '../domain/transition';
import type { StreakStore } from '../oncall/streak-store';
import { transitionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';
import type { Ack } from './action-buttons';
import type { ActionKind } from './action-payload';
import { ACTIONABLE } from './actionable';

/** How long an alert's buttons keep working, and how long a click is remembered (Slack keeps messages for ever). */
export const ACTION_MEMORY_MS = 7 * 86_400_000;

function safeJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The alerts whose buttons the bot answers: each FAILED/STUCK alert sent to an immediate channel, by
 * (account, execution). A click naming anything else is on a message the bot did not send.
 */
export class AlertRecords {
  private readonly keys;
  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly account = 'default',
  ) {
    this.keys = stateKeys(prefix);
  }

  async remember(transition: Transition): Promise<void> {
    if (!ACTIONABLE.has(transition.execution.status)) return;
    await this.redis.set(this.keys.actionAlert(transition.account ?? this.account, transition.execution.id), JSON.stringify(transition), 'PX', ACTION_MEMORY_MS);
  }

  async get(account: string, executionId: string): Promise<Transition | undefined> {
    const parsed = transitionSchema.safeParse(safeJson(await this.redis.get(this.keys.actionAlert(account, executionId))));
    return parsed.success ? parsed.data : undefined;
  }
}

const claimSchema = z.object({ userId: z.string(), userName: z.string(), at: z.number(), result: z.string().optional() });
export type Claim = z.infer<typeof claimSchema>;

/**
 * One key per (button, account, execution), set only if absent: the first click acts, every other one
 * (double clicks, Slack's retries, a replayed request) finds it taken and does nothing.
 */
export class ActionClaims {
  private readonly keys;
  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
  }

  /** The claim, or the earlier one that holds it. */
  async claim(kind: string, account: string, executionId: string, claim: Claim): Promise<{ claimed: true } | { claimed: false; by: Claim }> {
    const key = this.keys.actionDone(kind, account, executionId);
    const set = await this.redis.set(key, JSON.stringify(claim), 'PX', ACTION_MEMORY_MS, 'NX');
    if (set === 'OK') return { claimed: true };
    const held = claimSchema.safeParse(safeJson(await this.redis.get(key)));
    return { claimed: false, by: held.success ? held.data : claim };
  }

  /** Notes what the claim did (the new execution id), for whoever clicks next. */
  async settle(kind: ActionKind, account: string, executionId: string, claim: Claim): Promise<void> {
    await this.redis.set(this.keys.actionDone(kind, account, executionId), JSON.stringify(claim), 'PX', ACTION_MEMORY_MS, 'XX');
  }

  /** Gives the button back when the click certainly did nothing (the API refused), so it can be tried again. */
  async release(kind: string, account: string, executionId: string): Promise<void> {
    await this.redis.del(this.keys.actionDone(kind, account, executionId));
  }
}

const rerunSchema = z.object({ origin: z.string(), channelId: z.string(), threadTs: z.string(), language: z.enum(['en', 'zh-CN']) });
export type RerunWatch = z.infer<typeof rerunSchema>;

/** Runs started by Re-run: where to say how each ended (the thread of the alert it was started from). */
export class RerunWatches {
  private readonly keys;
  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
  }

  async add(account: string, executionId: string, watch: RerunWatch): Promise<void> {
    await this.redis.set(this.keys.actionRerun(account, executionId), JSON.stringify(watch), 'PX', ACTION_MEMORY_MS);
  }

  async get(account: string, executionId: string): Promise<RerunWatch | undefined> {
    const parsed = rerunSchema.safeParse(safeJson(await this.redis.get(this.keys.actionRerun(account, executionId))));
    return parsed.success ? parsed.data : undefined;
  }
}

const ackSchema = z.object({ userId: z.string(), userName: z.string(), at: z.number(), streakSince: z.number().nullable() });

/**
 * Acks per (account, workflow) failing streak. An ack belongs to the streak open when it was given: once
 * that streak recovers (or a new one opens) it no longer shows, with nothing to clear.
 */
export class AckStore {
  private readonly keys;
  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** The streaks of an account (`default`: the environment's). */
    private readonly streaksOf: (account: string) => Pick<StreakStore, 'read'> | undefined,
    private readonly options: { maxAgeMs: number },
  ) {
    this.keys = stateKeys(prefix);
  }

  async acknowledge(account: string, projectId: string, ack: Ack): Promise<void> {
    const streak = await this.streaksOf(account)?.read(projectId);
    const streakSince = streak?.failing ? streak.since : null;
    const stored = { ...ack, streakSince };
    await this.redis.set(this.keys.ack(account, projectId), JSON.stringify(stored), 'PX', Math.max(this.options.maxAgeMs, 3_600_000));
  }

  /** The ack that still holds: for the streak still failing since the same run; an ack outside a streak (STUCK) for its lifetime. */
  async current(account: string, projectId: string): Promise<Ack | undefined> {
    const parsed = ackSchema.safeParse(safeJson(await this.redis.get(this.keys.ack(account, projectId))));
    if (!parsed.success) return undefined;
    const { streakSince, ...ack } = parsed.data;
    if (streakSince === null) return ack;
    const streak = await this.streaksOf(account)?.read(projectId);
    return streak?.failing && streak.since === streakSince ? ack : undefined;
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import type { Transition, TransitionStreak } from '../domain/transition';
import { stateKeys } from '../state/keys';

const APPLY_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'applyStreak-4.lua'), 'utf8');

/** Applied runs remembered per workflow: far more than can be retried or re-drained at once. */
const APPLIED_MEMORY = 1000;
const WEEK_MS = 7 * 86_400_000;

interface StreakCommands {
  rpaApplyStreak(...args: (string | number)[]): Promise<string>;
}

export interface StreakRun {
  projectId: string;
  executionId: string;
  status: string;
  /** When the run ended (ms): its end time, else when the bot saw it end. */
  at: number;
}

/** The statuses that end a run and so move a streak. */
const ENDS = new Set(['FAILED', 'COMPLETED']);

/**
 * Failing streaks in Redis, one per (account, workflow). Each run is applied by one Lua step
 * (applyStreak-4.lua, the rules of nextStreak), so any number of workers and processes may apply runs
 * of one workflow at once, and applying a run twice returns the first effect without counting again.
 */
export class StreakStore {
  private readonly keys;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly options: { maxAgeMs: number; account?: string; memory?: number },
  ) {
    this.keys = stateKeys(prefix);
    // Kept past the age any streak can reach, and past any retry of a run, then forgotten with the workflow.
    this.ttlMs = Math.max(2 * options.maxAgeMs, WEEK_MS);
    if (!('rpaApplyStreak' in redis)) redis.defineCommand('rpaApplyStreak', { numberOfKeys: 4, lua: APPLY_LUA });
  }

  private get account(): string {
    return this.options.account ?? 'default';
  }

  async apply(run: StreakRun, now = Date.now()): Promise<TransitionStreak> {
    const k = this.keys;
    const account = this.account;
    const effect = await (this.redis as unknown as StreakCommands).rpaApplyStreak(
      k.streak(account, run.projectId),
      k.streakApplied(account, run.projectId),
      k.streakAppliedOrder(account, run.projectId),
      k.openStreaks,
      `${run.executionId}|${run.status}`,
      run.status,
      Math.round(run.at),
      this.options.maxAgeMs,
      now,
      this.options.memory ?? APPLIED_MEMORY,
      this.ttlMs,
      `${account}|${run.projectId}`,
    );
    return parseEffect(effect);
  }

  /**
   * The transitions with their streak effect, in their order. Runs are applied oldest end first, so a
   * page holding a workflow's failures and its recovery tells them in the order they happened.
   */
  async attach(transitions: Transition[], now = Date.now()): Promise<Transition[]> {
    const ends = transitions.filter((t) => ENDS.has(t.execution.status));
    const ordered = [...ends].sort((a, b) => endOf(a) - endOf(b));
    // One connection runs the commands in the order they were sent: the sort holds without awaiting each.
    const effects = await Promise.all(ordered.map((t) => this.apply({ projectId: t.execution.projectId, executionId: t.execution.id, status: t.execution.status, at: endOf(t) }, now)));
    const byTransition = new Map(ordered.map((t, i) => [t, effects[i]!]));
    return transitions.map((t) => {
      const streak = byTransition.get(t);
      return streak ? { ...t, streak } : t;
    });
  }

  /** Failing streaks of every workflow and account, not older than STREAK_MAX_AGE (an older one closes quietly at its next run). */
  async openCount(now = Date.now()): Promise<number> {
    return this.redis.zcount(this.keys.openStreaks, now - this.options.maxAgeMs, '+inf');
  }

  /** The workflow's streak as stored (for tests and `/metrics`); undefined when none is known. */
  async read(projectId: string): Promise<{ failing: boolean; count: number; since: number; latestAt: number; id?: string } | undefined> {
    const state = await this.redis.hgetall(this.keys.streak(this.account, projectId));
    if (state.failing === undefined) return undefined;
    return { failing: state.failing === '1', count: Number(state.count), since: Number(state.since), latestAt: Number(state.latestAt), ...(state.opener ? { id: state.opener } : {}) };
  }
}

/** When a run ended, as streaks judge it: its end time, else when the bot saw it end. */
export const endOf = (t: Transition): number => t.execution.endMs ?? t.detectedAt;

/** The Lua's effect text; `<id>` (last, may hold ':') is absent from effects stored before streaks were named. */
export function parseEffect(effect: string): TransitionStreak {
  // "<seq>;" first (absent from effects stored before it existed): the order the run was applied in.
  const ordered = /^(\d+);(.*)$/s.exec(effect);
  const streak = parseKind(ordered ? ordered[2]! : effect);
  return ordered && streak.kind !== 'none' ? { ...streak, seq: Number(ordered[1]) } : streak;
}

function parseKind(text: string): TransitionStreak {
  const [kind, ...rest] = text.split(':');
  const n = rest.map(Number);
  const id = (at: number) => (rest.length > at && rest.slice(at).join(':') !== '' ? { id: rest.slice(at).join(':') } : {});
  if (kind === 'opened') return { kind: 'opened', ...id(0) };
  if (kind === 'continued') return { kind: 'continued', count: n[0], since: n[1], ...id(2) };
  if (kind === 'recovered') return { kind: 'recovered', failures: n[0], since: n[1], durationMs: n[2], ...id(3) };
  return { kind: 'none' };
}

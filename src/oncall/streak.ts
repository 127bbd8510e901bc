/**
 * Whether a workflow is failing, as on-call sees it: its latest ended run FAILED. Kept per workflow
 * (small, bounded: one record each). Pure: the store applies it under one Lua/MULTI step so that
 * concurrent workers never lose a count nor open two roots.
 */
export interface StreakState {
  failing: boolean;
  /** Failed runs in the open streak (0 when not failing). */
  count: number;
  /** When the streak opened (its first failure), or when the workflow last became healthy. */
  since: number;
  /** The newest run end seen, failed or not: what "latest ended run" is judged against. */
  latestAt: number;
  /** Channel name -> the streak's root message there (a Slack `ts`), once posted. */
  rootRef?: Record<string, string>;
}

/** `at`: when the run ended (its end time, else when the bot saw it end). */
export interface StreakEvent {
  status: string;
  at: number;
}

export type StreakEffect =
  | { kind: 'opened' }
  | { kind: 'continued'; count: number; since: number; rootRef?: Record<string, string> }
  | { kind: 'recovered'; failures: number; since: number; durationMs: number; rootRef?: Record<string, string> }
  | { kind: 'none' };

export interface StreakOptions {
  /** STREAK_MAX_AGE: a streak that opened longer ago than this closes quietly. */
  maxAgeMs: number;
}

/**
 * The next state and what to say. Age counts from the streak's first failure (`since`), not its
 * latest: a workflow that fails every hour for days would otherwise keep one thread whose root has
 * long scrolled away; this way it gets a fresh top-level root at least once per STREAK_MAX_AGE.
 *
 * A run that ended before the newest one already seen (a late worker) cannot change whether the
 * workflow is failing: a late failure still counts in an open streak, but neither opens one after a
 * newer success nor lets a late success close one.
 */
export function nextStreak(state: StreakState | undefined, event: StreakEvent, options: StreakOptions): { state: StreakState | undefined; effect: StreakEffect } {
  const none = (next: StreakState | undefined = state) => ({ state: next, effect: { kind: 'none' } as const });
  const late = state !== undefined && event.at < state.latestAt;
  const expired = state?.failing === true && event.at - state.since > options.maxAgeMs;

  if (event.status === 'FAILED') {
    if (state?.failing && !expired) {
      const next: StreakState = { ...state, count: state.count + 1, since: Math.min(state.since, event.at), latestAt: Math.max(state.latestAt, event.at) };
      return { state: next, effect: { kind: 'continued', count: next.count, since: next.since, ...withRoot(state) } };
    }
    if (late && !state?.failing) return none();
    return { state: { failing: true, count: 1, since: event.at, latestAt: Math.max(event.at, state?.latestAt ?? event.at) }, effect: { kind: 'opened' } };
  }

  if (event.status === 'COMPLETED') {
    if (state === undefined) return none(healthy(event.at));
    if (late) return none();
    if (!state.failing) return none({ ...state, latestAt: event.at });
    if (expired) return none(healthy(event.at));
    return {
      state: healthy(event.at),
      effect: { kind: 'recovered', failures: state.count, since: state.since, durationMs: event.at - state.since, ...withRoot(state) },
    };
  }

  return none();
}

/** The same state with the root posted in `channel`; the caller stores it once the channel answered. */
export function withRootRef(state: StreakState, channel: string, ref: string): StreakState {
  return { ...state, rootRef: { ...state.rootRef, [channel]: ref } };
}

/** Open and not yet past its age (for `/metrics`, and for a sweep that edits expired roots). */
export function isStreakOpen(state: StreakState | undefined, now: number, options: StreakOptions): boolean {
  return state?.failing === true && now - state.since <= options.maxAgeMs;
}

const healthy = (at: number): StreakState => ({ failing: false, count: 0, since: at, latestAt: at });
const withRoot = (state: StreakState) => (state.rootRef ? { rootRef: state.rootRef } : {});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import { errorFingerprint } from '../domain/error-fingerprint';
import type { Transition, TransitionSameError } from '../domain/transition';
import { stateKeys } from '../state/keys';

const RECORD_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'recordError-2.lua'), 'utf8');

const HOUR_MS = 3_600_000;
/** PRODUCT: "how often the same error was seen in the last 24 h". */
export const SAME_ERROR_WINDOW_MS = 24 * HOUR_MS;
/**
 * Runs kept per fingerprint: a host that fails every run of every workflow for a day stays bounded
 * (about 10,000 × an execution id). Past it the oldest leave, so `runs` reads as "at least".
 */
export const SAME_ERROR_MAX_RUNS = 10_000;
/** Past the window, so a process whose clock runs a little behind does not lose runs another one just wrote. */
const TTL_MARGIN_MS = HOUR_MS;

interface ErrorCountCommands {
  rpaRecordError(...args: (string | number)[]): Promise<[number, number, number]>;
}

/**
 * Same-error counts in Redis: per (account, error fingerprint) the failed runs of the last 24 h (a sorted
 * set of execution ids by detection time) and the workflows they came from (project ids by their latest
 * such run). One Lua step (recordError-2.lua) trims, records and counts, so any number of workers may
 * record one fingerprint at once; recording an execution again counts it once.
 */
export class ErrorCounts {
  private readonly keys;
  private readonly windowMs: number;
  private readonly maxRuns: number;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly options: { account?: string; windowMs?: number; maxRuns?: number } = {},
  ) {
    this.keys = stateKeys(prefix);
    this.windowMs = options.windowMs ?? SAME_ERROR_WINDOW_MS;
    this.maxRuns = options.maxRuns ?? SAME_ERROR_MAX_RUNS;
    if (!('rpaRecordError' in redis)) redis.defineCommand('rpaRecordError', { numberOfKeys: 2, lua: RECORD_LUA });
  }

  private get account(): string {
    return this.options.account ?? 'default';
  }

  /**
   * Records a FAILED run under its error's fingerprint and returns the counts over the window, this run
   * included. Undefined for any other status, and for a failure without error text (nothing to compare).
   */
  async record(transition: Transition, now = Date.now()): Promise<TransitionSameError | undefined> {
    const { execution } = transition;
    if (execution.status !== 'FAILED' || !execution.error?.trim()) return undefined;
    const { fingerprint } = errorFingerprint(execution.error);
    const [runs, since, workflows] = await (this.redis as unknown as ErrorCountCommands).rpaRecordError(
      this.keys.errorRuns(this.account, fingerprint),
      this.keys.errorWorkflows(this.account, fingerprint),
      execution.id,
      execution.projectId,
      Math.round(transition.detectedAt),
      Math.round(now),
      this.windowMs,
      this.maxRuns,
      this.windowMs + TTL_MARGIN_MS,
    );
    return { fingerprint, runs: Number(runs), since: Number(since), workflows: Number(workflows) };
  }

  /** The transitions, each FAILED one with an error text carrying its same-error counts. */
  async attach(transitions: Transition[], now = Date.now()): Promise<Transition[]> {
    const counts = await Promise.all(transitions.map((t) => this.record(t, now)));
    return transitions.map((t, i) => {
      const sameError = counts[i];
      return sameError ? { ...t, sameError } : t;
    });
  }
}

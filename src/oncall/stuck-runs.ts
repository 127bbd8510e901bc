import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import { z } from 'zod';
import { type Execution, isPending } from '../domain/execution';
import { type Transition, transitionKey } from '../domain/transition';
import { executionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';
import { MAX_DURATIONS, stuckThresholdMs } from './stuck-threshold';

/** The statuses that end a run: their durations teach a workflow's threshold. */
const ENDS = new Set(['FAILED', 'COMPLETED']);
/** A STUCK marker outlives any run worth alerting on, then goes by itself. */
const REPORTED_TTL_S = 30 * 86_400;

const CLAIM_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'claimStuck-2.lua'), 'utf8');

interface StuckCommands {
  rpaClaimStuck(...args: (string | number)[]): Promise<number>;
}

const recordSchema = z.object({ seenAt: z.number(), execution: executionSchema });

export interface StuckOptions {
  /** STUCK_AFTER; null when `off`. */
  fallbackMs: number | null;
  /** Each workflow's `stuck_after` from the config file (null: `off`). */
  stuckAfterMs: Readonly<Record<string, number | null>>;
  /**
   * A record seen longer ago than this is not trusted: after an outage the run may have ended unseen,
   * and the poll that follows tells. (Each poll sees every tracked run, listed or looked up.)
   */
  freshForMs: number;
}

/**
 * Stuck runs (PRODUCT "On-call behaviour (wave 2)"): the page worker records each ended run's duration
 * and the last record of each running one; the poll's housekeeping finds runs PENDING past their
 * threshold and claims each once (SET NX), so one STUCK alert leaves however many processes look.
 */
export class StuckRuns {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaClaimStuck' in redis)) redis.defineCommand('rpaClaimStuck', { numberOfKeys: 2, lua: CLAIM_LUA });
  }

  /**
   * After detection, before the alerts leave: durations of ended runs, records of running ones, and
   * `reportedStuck` on the ending runs that had a STUCK alert.
   */
  async observe(executions: readonly Execution[], transitions: Transition[], now: number): Promise<Transition[]> {
    const ended = transitions.filter((t) => ENDS.has(t.execution.status));
    const marked = await this.markReported(transitions);
    const running = executions.filter((e) => isPending(e.status));
    const multi = this.redis.multi();
    if (running.length > 0) multi.hset(this.keys.pendingRecords, Object.fromEntries(running.map((e) => [e.id, JSON.stringify({ seenAt: now, execution: e })])));
    if (ended.length > 0) multi.hdel(this.keys.pendingRecords, ...ended.map((t) => t.execution.id));
    for (const { execution: e } of ended) {
      if (e.startMs === null || e.endMs === null) continue;
      const ms = e.endMs - e.startMs;
      // A negative duration means clocks or zones disagree: it would only skew the threshold.
      if (!Number.isFinite(ms) || ms < 0) continue;
      // One step: the list never holds more than MAX_DURATIONS, whatever runs in between.
      multi.lpush(this.keys.durations(e.projectId), String(ms)).ltrim(this.keys.durations(e.projectId), 0, MAX_DURATIONS - 1);
    }
    if (running.length > 0 || ended.length > 0) await multi.exec();
    return marked;
  }

  /** A workflow's recorded durations (ms), newest first. */
  async durations(projectId: string): Promise<number[]> {
    return (await this.redis.lrange(this.keys.durations(projectId), 0, -1)).map(Number);
  }

  /**
   * The tracked runs past their threshold that no one has reported yet, each claimed now: one STUCK
   * transition each (the last record seen, status STUCK). Records of runs no longer tracked are dropped.
   */
  async claimDue(tracked: readonly { id: string; startMs: number | null }[], now: number, options: StuckOptions): Promise<Transition[]> {
    const records = await this.redis.hgetall(this.keys.pendingRecords);
    const startOf = new Map(tracked.map((p) => [p.id, p.startMs]));
    const stale = Object.keys(records).filter((id) => !startOf.has(id));
    const due: Execution[] = [];
    const durations = new Map<string, number[]>();
    for (const [id, json] of Object.entries(records)) {
      const startMs = startOf.get(id);
      if (startMs === undefined) continue;
      const parsed = recordSchema.safeParse(safeJson(json));
      if (!parsed.success) {
        stale.push(id);
        continue;
      }
      // Without a start there is no "running for": such a run is never called stuck.
      if (startMs === null || now - parsed.data.seenAt > options.freshForMs) continue;
      const { execution } = parsed.data;
      const { projectId } = execution;
      if (!durations.has(projectId)) durations.set(projectId, await this.durations(projectId));
      const threshold = stuckThresholdMs({ configuredMs: options.stuckAfterMs[projectId], durationsMs: durations.get(projectId)!, fallbackMs: options.fallbackMs });
      if (threshold !== null && now - startMs >= threshold) due.push({ ...execution, startMs, status: 'STUCK' });
    }
    if (stale.length > 0) await this.redis.hdel(this.keys.pendingRecords, ...stale);
    const claimed: Transition[] = [];
    for (const execution of due) {
      const transition: Transition = { kind: 'pendingEnded', detectedAt: now, execution };
      // The claim and the outbox entry together: a crash between the claim and the queueing loses nothing (the next drain queues it).
      const won = await (this.redis as unknown as StuckCommands).rpaClaimStuck(this.keys.stuckReported(execution.id), this.keys.outbox, now, REPORTED_TTL_S, transitionKey(transition), JSON.stringify(transition));
      if (won === 1) claimed.push(transition);
    }
    return claimed;
  }

  /** `reportedStuck` on the ending runs that had a STUCK alert, and nothing else (the outbox's drain: durations were recorded before). */
  async markReported(transitions: Transition[]): Promise<Transition[]> {
    const ended = transitions.filter((t) => ENDS.has(t.execution.status));
    if (ended.length === 0) return transitions;
    const reported = await this.redis.mget(ended.map((t) => this.keys.stuckReported(t.execution.id)));
    const wasStuck = new Set(ended.filter((_, i) => reported[i] !== null).map((t) => t.execution.id));
    return transitions.map((t) => (wasStuck.has(t.execution.id) && ENDS.has(t.execution.status) ? { ...t, reportedStuck: true } : t));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

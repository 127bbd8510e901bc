import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from './redis-connection';
import type { Execution } from '../domain/execution';
import type { Transition, TransitionKind } from '../domain/transition';
import { type CatchUpState, parseCatchUpState } from './catch-up-record';
import { stateKeys } from './keys';

export type { CatchUpState } from './catch-up-record';

const DETECT_LUA = readFileSync(path.join(__dirname, 'lua', 'detectTransitions-6.lua'), 'utf8');
const PRUNE_LUA = readFileSync(path.join(__dirname, 'lua', 'pruneHistory-4.lua'), 'utf8');
const SENT_TTL_SECONDS = 30 * 24 * 3600;
/** How many runs with no readable time are remembered apart from time-based pruning (see detectTransitions-6.lua). */
export const TIMELESS_MEMORY = 10_000;

interface StateCommands {
  rpaDetectTransitions(...args: (string | number)[]): Promise<[number, string[]]>;
  rpaPruneHistory(...args: (string | number)[]): Promise<number>;
}

export interface DetectResult {
  recorded: number;
  transitions: Transition[];
}

export interface OutboxEntry {
  key: string;
  json: string;
}

/** The bot's memory in Redis: what each execution's status was, what is still running, what was sent. */
export class StateStore {
  readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaDetectTransitions' in redis)) redis.defineCommand('rpaDetectTransitions', { numberOfKeys: 6, lua: DETECT_LUA });
    if (!('rpaPruneHistory' in redis)) redis.defineCommand('rpaPruneHistory', { numberOfKeys: 4, lua: PRUNE_LUA });
  }

  /** One atomic round trip: records the page and writes each transition to the outbox. */
  async detectTransitions(executions: Execution[], options: { baselinePoll: boolean; now: number }): Promise<DetectResult> {
    if (executions.length === 0) return { recorded: 0, transitions: [] };
    const args: (string | number)[] = [this.keys.status, this.keys.pending, this.keys.baseline, this.keys.outbox, this.keys.seen, this.keys.timeless, options.baselinePoll ? '1' : '0', options.now, TIMELESS_MEMORY];
    for (const e of executions) args.push(e.id, e.status, e.startMs ?? '', e.endMs ?? '', JSON.stringify(e));
    const [recorded, flat] = await this.commands.rpaDetectTransitions(...args);
    const byId = new Map(executions.map((e) => [e.id, e]));
    const transitions: Transition[] = [];
    for (let i = 0; i < flat.length; i += 3) {
      const execution = byId.get(flat[i]!)!;
      transitions.push({ kind: flat[i + 2] as TransitionKind, detectedAt: options.now, execution });
    }
    return { recorded: Number(recorded), transitions };
  }

  /**
   * Forgets ended executions that started before `cutoffMs`; returns how many. Examines at most `limit`
   * ids per call, going on where the last call stopped, so old running ones never stall it.
   */
  async pruneHistory(cutoffMs: number, limit = 1000): Promise<number> {
    return Number(await this.commands.rpaPruneHistory(this.keys.status, this.keys.seen, this.keys.baseline, this.keys.pruneOffset, cutoffMs, limit));
  }

  private get commands(): StateCommands {
    return this.redis as unknown as StateCommands;
  }

  async knownIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const statuses = await this.redis.hmget(this.keys.status, ...ids);
    return new Set(ids.filter((_, i) => statuses[i] !== null));
  }

  async trackedPending(): Promise<{ id: string; startMs: number | null }[]> {
    const flat = await this.redis.zrange(this.keys.pending, 0, -1, 'WITHSCORES');
    const out: { id: string; startMs: number | null }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ id: flat[i]!, startMs: Number(flat[i + 1]) || null });
    return out;
  }

  async baseline(): Promise<number | null> {
    const value = await this.redis.get(this.keys.baseline);
    return value === null ? null : Number(value);
  }

  /** Sets the baseline unless another process did first; returns the one in force. */
  async establishBaseline(startMs: number): Promise<number> {
    await this.redis.set(this.keys.baseline, String(startMs), 'NX');
    return (await this.baseline()) ?? startMs;
  }

  async readOutbox(limit = 500): Promise<OutboxEntry[]> {
    const [, flat] = await this.redis.hscan(this.keys.outbox, '0', 'COUNT', limit);
    const out: OutboxEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ key: flat[i]!, json: flat[i + 1]! });
    return out;
  }

  async removeFromOutbox(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.hdel(this.keys.outbox, ...keys);
  }

  async wasSent(channel: string, executionId: string, status: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.sent(channel, executionId, status))) === 1;
  }

  async markSent(channel: string, executionId: string, status: string): Promise<void> {
    await this.redis.set(this.keys.sent(channel, executionId, status), String(Date.now()), 'EX', SENT_TTL_SECONDS);
  }

  /** True the first time any process meets this status value. */
  async noteUnknownStatus(status: string): Promise<boolean> {
    return (await this.redis.sadd(this.keys.unknownStatuses, status)) === 1;
  }

  /** True for exactly one caller per slot, across every process on this Redis. */
  async claimPollSlot(slot: number, ttlMs: number, owner: string): Promise<boolean> {
    return (await this.redis.set(this.keys.pollSlot(slot), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async recordPollSuccess(now: number): Promise<void> {
    await this.redis.set(this.keys.lastPollOk, String(now));
  }

  async lastPollSuccess(): Promise<number | null> {
    const value = await this.redis.get(this.keys.lastPollOk);
    return value === null ? null : Number(value);
  }

  /** The unfinished catch-ups; null when there is none or what Redis holds cannot be read (then it is forgotten). */
  async catchUpCursor(): Promise<CatchUpState | null> {
    const value = await this.redis.get(this.keys.catchUp);
    if (value === null) return null;
    const parsed = parseCatchUpState(value);
    if (parsed === null) await this.clearCatchUp();
    return parsed;
  }

  async saveCatchUp(state: CatchUpState): Promise<void> {
    await this.redis.set(this.keys.catchUp, JSON.stringify(state));
  }

  async clearCatchUp(): Promise<void> {
    await this.redis.del(this.keys.catchUp);
  }

  /** Tracked runs a lookup found missing, with when that first happened (ms). */
  async missingSince(): Promise<Map<string, number>> {
    const flat = await this.redis.hgetall(this.keys.missing);
    return new Map(Object.entries(flat).map(([id, ms]) => [id, Number(ms)]));
  }

  /** Records the first time a tracked run was missing; later calls keep that time. */
  async markMissing(id: string, now: number): Promise<void> {
    await this.redis.hsetnx(this.keys.missing, id, String(now));
  }

  /** The runs were served again. */
  async clearMissing(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.hdel(this.keys.missing, ...ids);
  }

  /**
   * Stops tracking a run the API no longer serves, and forgets it entirely: should it ever be served
   * again it is news like any run first seen (tracked when PENDING, alerted when ended after the baseline).
   */
  async dropVanished(id: string): Promise<void> {
    await this.redis.multi().zrem(this.keys.pending, id).hdel(this.keys.status, id).zrem(this.keys.seen, id).hdel(this.keys.missing, id).exec();
  }
}

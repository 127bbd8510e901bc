import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from './redis-connection';
import { type Execution, isPending } from '../domain/execution';
import { type PageItem, pageItemOf, type RecordedState } from '../domain/page-payload';
import type { Transition, TransitionKind } from '../domain/transition';
import { type CatchUpState, parseCatchUpState } from './catch-up-record';
import { stateKeys } from './keys';
import { SEEN_BUCKETS, seenBucket } from './seen-bucket';

export type { CatchUpState } from './catch-up-record';

const DETECT_LUA = readFileSync(path.join(__dirname, 'lua', 'detectTransitions-6.lua'), 'utf8');
const PRUNE_LUA = readFileSync(path.join(__dirname, 'lua', 'pruneHistory-4.lua'), 'utf8');
const RECORDED_LUA = readFileSync(path.join(__dirname, 'lua', 'recordedStates-2.lua'), 'utf8');
const SENT_TTL_SECONDS = 30 * 24 * 3600;
/** How many runs with no readable time are remembered apart from time-based pruning (see detectTransitions-6.lua). */
export const TIMELESS_MEMORY = 10_000;

interface StateCommands {
  rpaDetectTransitions(...args: (string | number)[]): Promise<[number, string[]]>;
  rpaPruneHistory4(...args: (string | number)[]): Promise<number>;
  rpaRecordedStates(...args: (string | number)[]): Promise<number[]>;
}

export interface DetectResult {
  recorded: number;
  transitions: Transition[];
}

export interface PageDetectResult extends DetectResult {
  /** Transitions of records the page job did not carry: their alerts hold only id, status and times. */
  partial: string[];
}

/** What the outbox holds for a transition whose record did not travel (the Lua script writes the same). */
function standInRecord(id: string, status: string, startMs: number | null, endMs: number | null): Execution {
  return { id, projectId: '', status, parameters: null, result: null, error: null, execPosition: null, version: null, userId: null, startTime: null, endTime: null, startMs, endMs };
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
    if (!('rpaPruneHistory4' in redis)) redis.defineCommand('rpaPruneHistory4', { numberOfKeys: 4, lua: PRUNE_LUA });
    if (!('rpaRecordedStates' in redis)) redis.defineCommand('rpaRecordedStates', { numberOfKeys: 2, lua: RECORDED_LUA });
  }

  /** One atomic round trip: records the page and writes each transition to the outbox. */
  async detectTransitions(executions: Execution[], options: { baselinePoll: boolean; now: number }): Promise<DetectResult> {
    const { recorded, transitions } = await this.detectPage(executions.map(pageItemOf), executions, options);
    return { recorded, transitions };
  }

  /**
   * The same for a lightened page (see lightenPage): every item is recorded; only `records` travel to
   * the script, and only those not PENDING (the one place a record's content is used is the outbox).
   */
  async detectPage(items: readonly PageItem[], records: readonly Execution[], options: { baselinePoll: boolean; now: number }): Promise<PageDetectResult> {
    if (items.length === 0) return { recorded: 0, transitions: [], partial: [] };
    const byId = new Map(records.map((e) => [e.id, e]));
    const args: (string | number)[] = [this.keys.status, this.keys.pending, this.keys.baseline, this.keys.outbox, this.keys.seen, this.keys.timeless, options.baselinePoll ? '1' : '0', options.now, TIMELESS_MEMORY, this.keys.seenBucketPrefix];
    for (const [id, status, startMs, endMs] of items) {
      const record = isPending(status) ? undefined : byId.get(id);
      args.push(id, seenBucket(id), status, startMs ?? '', endMs ?? '', record ? JSON.stringify(record) : '');
    }
    const [recorded, flat] = await this.commands.rpaDetectTransitions(...args);
    const transitions: Transition[] = [];
    const partial: string[] = [];
    const itemOf = new Map(flat.length > 0 ? items.map((it) => [it[0], it]) : []);
    for (let i = 0; i < flat.length; i += 3) {
      const [id, status, reported] = [flat[i]!, flat[i + 1]!, flat[i + 2]!];
      const kind = reported.replace('+partial', '') as TransitionKind;
      const item = itemOf.get(id);
      const execution = byId.get(id) ?? standInRecord(id, status, item?.[2] ?? null, item?.[3] ?? null);
      if (reported.endsWith('+partial')) partial.push(id);
      transitions.push({ kind, detectedAt: options.now, execution });
    }
    return { recorded: Number(recorded), transitions, partial };
  }

  /**
   * Forgets ended executions that started before `cutoffMs`; returns how many. Examines at most `limit`
   * ids per call, going on where the last call stopped, so old running ones never stall it.
   */
  async pruneHistory(cutoffMs: number, limit = 1000): Promise<number> {
    return Number(await this.commands.rpaPruneHistory4(this.keys.status, this.keys.seen, this.keys.baseline, this.keys.pending, cutoffMs, limit, this.keys.seenBucketPrefix, SEEN_BUCKETS, this.keys.pruneOffset));
  }

  private get commands(): StateCommands {
    return this.redis as unknown as StateCommands;
  }

  /**
   * What the state holds of each of `ids` that was recorded: PENDING, or ENDED (which terminal status
   * is not kept: terminal statuses are sticky, so it never matters). One round trip.
   */
  async recordedStatuses(ids: readonly string[]): Promise<Map<string, RecordedState>> {
    if (ids.length === 0) return new Map();
    const states = await this.commands.rpaRecordedStates(this.keys.pending, this.keys.status, this.keys.seenBucketPrefix, ...ids.flatMap((id) => [id, seenBucket(id)]));
    const out = new Map<string, RecordedState>();
    ids.forEach((id, i) => {
      if (states[i] === 1) out.set(id, 'PENDING');
      else if (states[i] === 2) out.set(id, 'ENDED');
    });
    return out;
  }

  async knownIds(ids: string[]): Promise<Set<string>> {
    return new Set((await this.recordedStatuses(ids)).keys());
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
    await this.redis.multi().zrem(this.keys.pending, id).zrem(this.keys.seenBucket(seenBucket(id)), id).hdel(this.keys.status, id).zrem(this.keys.seen, id).hdel(this.keys.missing, id).exec();
  }
}

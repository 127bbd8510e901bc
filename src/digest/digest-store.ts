import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import { type Transition, transitionKey } from '../domain/transition';
import { transitionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';

const COMMIT_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'digestCommit-4.lua'), 'utf8');
const LOCK_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'digestLock-1.lua'), 'utf8');

interface DigestCommands {
  rpaDigestCommit(...args: (string | number)[]): Promise<number>;
  rpaDigestLock(...args: (string | number)[]): Promise<number>;
}

export interface DigestBatch {
  /** Keys of every entry read, readable or not: all of them leave Redis when the digest is committed. */
  keys: string[];
  transitions: Transition[];
  unreadable: number;
}

/** The entries waiting for a digest, and which period was sent last, in Redis. */
export class DigestStore {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaDigestCommit' in redis)) redis.defineCommand('rpaDigestCommit', { numberOfKeys: 4, lua: COMMIT_LUA });
    if (!('rpaDigestLock' in redis)) redis.defineCommand('rpaDigestLock', { numberOfKeys: 1, lua: LOCK_LUA });
  }

  private get commands(): DigestCommands {
    return this.redis as unknown as DigestCommands;
  }

  /** Idempotent: adding the same transition twice keeps one entry with its first detection time. */
  async add(transitions: Transition[]): Promise<void> {
    if (transitions.length === 0) return;
    const multi = this.redis.multi();
    for (const t of transitions) {
      multi.zadd(this.keys.digestEntries, 'NX', t.detectedAt, transitionKey(t));
      multi.hsetnx(this.keys.digestData, transitionKey(t), JSON.stringify(t));
    }
    await multi.exec();
  }

  async cursor(): Promise<number | null> {
    const value = await this.redis.get(this.keys.digestCursor);
    return value === null ? null : Number(value);
  }

  async initCursor(ms: number): Promise<void> {
    await this.redis.set(this.keys.digestCursor, String(ms), 'NX');
  }

  async claim(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.digestLock, owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Extends the lock by `ttlMs`; false when it is no longer this owner's. */
  async renew(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.commands.rpaDigestLock(this.keys.digestLock, owner, Math.max(1, Math.round(ttlMs)))) === 1;
  }

  /** Only this owner's lock: one that expired and was taken by another process stays theirs. */
  async release(owner: string): Promise<void> {
    await this.commands.rpaDigestLock(this.keys.digestLock, owner, 0);
  }

  /** Every entry detected before `end` (a late one from an earlier period too: nothing is left behind). */
  async entriesBefore(end: number): Promise<DigestBatch> {
    const keys = await this.redis.zrangebyscore(this.keys.digestEntries, '-inf', `(${end}`);
    const transitions: Transition[] = [];
    let unreadable = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const values = await this.redis.hmget(this.keys.digestData, ...chunk);
      for (const value of values) {
        const parsed = value === null ? undefined : transitionSchema.safeParse(safeJson(value));
        if (parsed?.success) transitions.push(parsed.data);
        else unreadable++;
      }
    }
    return { keys, transitions, unreadable };
  }

  /**
   * After the mail was accepted: its entries leave, and the cursor moves from `start` to `end`, together
   * and only while `owner` still holds the lock and the cursor still stands at `start`. False when not.
   */
  async commit(owner: string, start: number, end: number, keys: string[]): Promise<boolean> {
    const k = this.keys;
    return (await this.commands.rpaDigestCommit(k.digestLock, k.digestEntries, k.digestData, k.digestCursor, owner, String(start), String(end), ...keys)) === 1;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

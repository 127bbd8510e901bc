import type { Redis } from 'ioredis';
import { type Transition, transitionKey } from '../domain/transition';
import { transitionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';

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
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = stateKeys(prefix);
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

  async release(owner: string): Promise<void> {
    if ((await this.redis.get(this.keys.digestLock)) === owner) await this.redis.del(this.keys.digestLock);
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

  /** After the mail was accepted: its entries leave, and the cursor moves to the period's end, together. */
  async commit(keys: string[], end: number): Promise<void> {
    const multi = this.redis.multi();
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      multi.zrem(this.keys.digestEntries, ...chunk);
      multi.hdel(this.keys.digestData, ...chunk);
    }
    multi.set(this.keys.digestCursor, String(end));
    await multi.exec();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

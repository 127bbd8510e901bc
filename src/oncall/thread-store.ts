import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import { z } from 'zod';
import type { Transition } from '../domain/transition';
import { transitionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';
import type { RootView, ThreadRecord } from './streak-thread-plan';

const CLAIM_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'claimRoot-1.lua'), 'utf8');

const recoveredSchema = z.object({ kind: z.literal('recovered'), failures: z.number(), since: z.number(), durationMs: z.number(), at: z.number() });

interface ClaimCommands {
  rpaClaimRoot(key: string, ...args: (string | number)[]): Promise<string>;
}

export type ClaimResult = { kind: 'claimed' } | { kind: 'held' } | { kind: 'exists'; ts: string };

/** Where a streak's thread is kept: one channel, one workflow of one account, one streak. */
export interface ThreadAddress {
  channel: string;
  account: string;
  projectId: string;
  streakId: string;
}

/** A streak's Slack thread per channel in one Redis hash (keys.streakThread), small and bounded by a TTL. */
export class ThreadStore {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    /** Kept past any streak's age and any retry of its deliveries. */
    private readonly ttlMs: number,
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaClaimRoot' in redis)) redis.defineCommand('rpaClaimRoot', { numberOfKeys: 1, lua: CLAIM_LUA });
  }

  private key(a: ThreadAddress): string {
    return this.keys.streakThread(a.channel, a.account, a.projectId, a.streakId);
  }

  async read(a: ThreadAddress): Promise<ThreadRecord & { rootTransition?: Transition }> {
    const raw = await this.redis.hgetall(this.key(a));
    const replies = Object.fromEntries(Object.entries(raw).flatMap(([field, ts]) => (field.startsWith('reply:') ? [[field.slice('reply:'.length), ts]] : [])));
    const root = raw.rootJob ? transitionSchema.safeParse(safeJson(raw.rootJob)) : undefined;
    const recovered = raw.recovered ? recoveredSchema.safeParse(safeJson(raw.recovered)) : undefined;
    return {
      replies,
      ...(raw.ts ? { ts: raw.ts } : {}),
      ...(raw.claimBy ? { claimBy: raw.claimBy, claimAt: Number(raw.claimAt) } : {}),
      ...(raw.rootBy ? { rootBy: raw.rootBy } : {}),
      ...(recovered?.success ? { recovered: recovered.data } : {}),
      ...(raw.lastEdit ? { lastEdit: raw.lastEdit } : {}),
      ...(root?.success ? { rootTransition: root.data } : {}),
    };
  }

  /** See claimRoot-1.lua. `gone`: the root ts that Slack no longer knows, to be replaced. */
  async claim(a: ThreadAddress, member: string, transition: Transition, options: { now: number; leaseMs: number; gone?: string }): Promise<ClaimResult> {
    const answer = await (this.redis as unknown as ClaimCommands).rpaClaimRoot(this.key(a), member, options.now, options.leaseMs, options.gone ?? '', JSON.stringify(transition), this.ttlMs);
    if (answer === 'claimed') return { kind: 'claimed' };
    if (answer === 'held') return { kind: 'held' };
    return { kind: 'exists', ts: answer.slice('ts:'.length) };
  }

  async setRoot(a: ThreadAddress, member: string, ts: string): Promise<void> {
    await this.redis.multi().hset(this.key(a), 'ts', ts, 'rootBy', member).hdel(this.key(a), 'lastEdit').pexpire(this.key(a), this.ttlMs).exec();
  }

  /** Recorded right after Slack took the reply, before the root is edited: a retry then only edits. */
  async recordReply(a: ThreadAddress, member: string, ts: string): Promise<void> {
    await this.redis.multi().hset(this.key(a), `reply:${member}`, ts).pexpire(this.key(a), this.ttlMs).exec();
  }

  /** The streak is over: from now on the root is edited to say so. The first recovery written stays. */
  async recordRecovered(a: ThreadAddress, view: Extract<RootView, { kind: 'recovered' }>): Promise<void> {
    await this.redis.multi().hsetnx(this.key(a), 'recovered', JSON.stringify(view)).pexpire(this.key(a), this.ttlMs).exec();
  }

  /** The streak is over and its root says so: kept only as long as a late retry of its deliveries may need it. */
  async forget(a: ThreadAddress, afterMs: number): Promise<void> {
    await this.redis.pexpire(this.key(a), Math.min(afterMs, this.ttlMs));
  }

  async recordEdit(a: ThreadAddress, viewKey: string): Promise<void> {
    await this.redis.hset(this.key(a), 'lastEdit', viewKey);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import { randomBytes } from 'node:crypto';
import type { RedisConnection } from '../state/redis-connection';
import { z } from 'zod';
import type { Mute } from '../domain/mute-match';
import { stateKeys } from '../state/keys';

/** A mute as stored: what the matcher needs, plus what `mutes` shows. */
export interface StoredMute extends Mute {
  /** What the user typed (`订单同步`, `all`): `workflows` holds it and the ids it named then. */
  what: string;
  statuses?: string[];
  reason?: string;
  who: string;
  createdAt: number;
}

const storedMuteSchema = z.object({
  id: z.string().min(1),
  what: z.string(),
  workflows: z.array(z.string()),
  statuses: z.array(z.string()).optional(),
  until: z.number().finite(),
  reason: z.string().optional(),
  who: z.string(),
  createdAt: z.number().finite(),
});

export type NewMute = Omit<StoredMute, 'id' | 'createdAt'>;

/**
 * Mutes in one Redis hash (id -> JSON), so every process honours a mute from its next dispatch.
 * Expired ones are dropped whenever the list is read, and the hash itself expires with the last mute.
 */
export class MuteStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = stateKeys(prefix).mutes;
  }

  async add(mute: NewMute): Promise<StoredMute> {
    const stored: StoredMute = { ...mute, id: randomBytes(4).toString('hex'), createdAt: this.now() };
    await this.redis.hset(this.key, stored.id, JSON.stringify(stored));
    const last = Math.max(stored.until, ...(await this.active()).map((m) => m.until));
    // Relative to our clock, not Redis's: the same `now` decides expiry on read.
    await this.redis.pexpire(this.key, Math.max(1, last - this.now()));
    return stored;
  }

  /** The mutes still in force, soonest to end first; drops expired and unreadable entries. */
  async active(): Promise<StoredMute[]> {
    const entries = await this.redis.hgetall(this.key);
    const now = this.now();
    const active: StoredMute[] = [];
    const stale: string[] = [];
    for (const [id, json] of Object.entries(entries)) {
      const parsed = storedMuteSchema.safeParse(safeJson(json));
      // `until` is exclusive: at that instant the mute is over.
      if (parsed.success && parsed.data.until > now) active.push(parsed.data);
      else stale.push(id);
    }
    if (stale.length > 0) await this.redis.hdel(this.key, ...stale);
    return active.sort((a, b) => a.until - b.until || a.id.localeCompare(b.id));
  }

  /** Whether a mute by that id was there to remove. */
  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) > 0;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

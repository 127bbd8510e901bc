import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { RedisConnection } from '../../state/redis-connection';
import { stateKeys } from '../../state/keys';
import type { SendOrder } from '../notifier';
import { NotifyError } from '../notify-error';

const ORDER_LUA = readFileSync(path.join(__dirname, '..', '..', 'state', 'lua', 'pagerdutyOrder-1.lua'), 'utf8');
/** Past the 10 s a PagerDuty request may take: a send in flight longer than this belongs to a process that died. */
const LEASE_MS = 15_000;
/** How often a waiting event looks again whether the older one landed. */
const POLL_MS = 50;
/** Long after any retry of an event of the key: then the hash goes by itself (the sequence keeps growing anyway). */
const TTL_MS = 30 * 86_400_000;

interface OrderCommands {
  rpaPagerDutyOrder(...args: (string | number)[]): Promise<'stale' | 'wait' | 'go'>;
}

/**
 * The order of a PagerDuty channel's events per dedup_key, in Redis: a resolve and a late trigger of
 * one incident, sent by different workers or retries, cannot cross. An event older than one of the
 * other action already sent is skipped (it would reopen a recovered incident or close a new one); an
 * event waits while an older event of the other action is still in flight. Triggers among themselves
 * (and resolves) keep no order: each only adds to the same incident.
 */
export class PagerDutyOrder {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly logger: Logger,
    private readonly options: { leaseMs?: number; pollMs?: number; now?: () => number } = {},
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaPagerDutyOrder' in redis)) redis.defineCommand('rpaPagerDutyOrder', { numberOfKeys: 1, lua: ORDER_LUA });
  }

  /** The order of one channel's events (each channel is its own integration, with its own incidents). */
  forChannel(channel: string): SendOrder {
    return { run: (key, seq, action, send) => this.run(channel, key, seq, action, send) };
  }

  private async run(channel: string, dedupKey: string, seq: number, action: string, send: () => Promise<void>): Promise<'sent' | 'stale'> {
    const key = this.keys.pagerdutyOrder(channel, dedupKey);
    const leaseMs = this.options.leaseMs ?? LEASE_MS;
    const now = this.options.now ?? Date.now;
    const deadline = now() + leaseMs;
    let waited = false;
    for (;;) {
      const verdict = await (this.redis as unknown as OrderCommands).rpaPagerDutyOrder(key, seq, action, now(), leaseMs, TTL_MS);
      if (verdict === 'stale') {
        this.logger.info({ channel, dedupKey, seq, action }, `${channel}: ${action} of ${dedupKey} not sent: a newer ${action === 'trigger' ? 'resolve' : 'trigger'} of that incident was sent already`);
        return 'stale';
      }
      if (verdict === 'go') break;
      if (!waited) this.logger.info({ channel, dedupKey, seq, action }, `${channel}: ${action} of ${dedupKey} waits for an earlier event of that incident still in flight`);
      waited = true;
      // The older one's lease ends by then at the latest: past it, a retry later (its sender may be stuck).
      if (now() > deadline) throw new NotifyError(`${channel}: ${action} of ${dedupKey} waits for an earlier event of that incident`, false, 'ordering');
      await delay(this.options.pollMs ?? POLL_MS);
    }
    try {
      await send();
      return 'sent';
    } finally {
      await this.redis.hdel(key, `f:${Math.round(seq)}`);
    }
  }
}

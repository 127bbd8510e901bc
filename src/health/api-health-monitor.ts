import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../state/redis-connection';
import type { Logger } from 'pino';
import { type HealthNotice, shouldRaiseAlarm } from '../domain/health-notice';
import { IflyrpaApiError } from '../iflyrpa/api-error';
import { stateKeys } from '../state/keys';

/**
 * One more failed poll: returns the count in a row and when the first of them was seen. A script rather
 * than `SET … NX GET`, which Redis before 7.0 rejects (BullMQ itself runs on 6.2).
 * KEYS: failures counter, first-failure time. ARGV: now (ms).
 */
const RECORD_FAILURE_LUA = `
local failures = redis.call('INCR', KEYS[1])
local first = redis.call('GET', KEYS[2])
if not first then
  redis.call('SET', KEYS[2], ARGV[1])
  first = ARGV[1]
end
return {failures, first}
`;

interface HealthCommands {
  rpaRecordPollFailure(failuresKey: string, firstFailureKey: string, now: number): Promise<[number, string]>;
}

interface Outage {
  incidentId: string;
  cause: string;
  since: number;
  failures: number;
}

/**
 * Tells people once when polling iFlyRPA keeps failing, and once when it works again — never once per
 * poll. The count of failed polls in a row and the open outage live in Redis, so every process agrees.
 */
export class ApiHealthMonitor {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly options: { threshold: number; logger: Logger; notify: (notice: HealthNotice) => Promise<void>; now?: () => number },
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaRecordPollFailure' in redis)) redis.defineCommand('rpaRecordPollFailure', { numberOfKeys: 2, lua: RECORD_FAILURE_LUA });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async recordFailure(error: unknown): Promise<void> {
    const cause = error instanceof Error ? error.message : String(error);
    const now = this.now();
    const [failures, firstAt] = await (this.redis as unknown as HealthCommands).rpaRecordPollFailure(this.keys.healthFailures, this.keys.healthFirstFailure, now);
    const authRejected = error instanceof IflyrpaApiError && error.reason === 'auth';
    if (!shouldRaiseAlarm({ consecutiveFailures: failures, threshold: this.options.threshold, authRejected })) return;
    const outage: Outage = { incidentId: randomUUID().replace(/-/g, '').slice(0, 16), cause, since: Number(firstAt), failures };
    if ((await this.redis.set(this.keys.healthOutage, JSON.stringify(outage), 'NX')) !== 'OK') return;
    this.options.logger.error({ failures, cause }, `iFlyRPA unreachable: ${cause} (${failures} failed polls in a row); alerting`);
    await this.options.notify({ kind: 'unreachable', ...outage, at: now });
  }

  async recordSuccess(): Promise<void> {
    const [, , [, open]] = (await this.redis.multi().del(this.keys.healthFailures).del(this.keys.healthFirstFailure).getdel(this.keys.healthOutage).exec()) as [unknown, unknown, [null, string | null]];
    if (!open) return;
    const outage = JSON.parse(open) as Outage;
    this.options.logger.info({ since: outage.since }, 'iFlyRPA polling recovered; alerting');
    await this.options.notify({ kind: 'recovered', ...outage, at: this.now() });
  }
}

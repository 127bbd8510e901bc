import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type HealthNotice, shouldRaiseAlarm } from '../domain/health-notice';
import { IflyrpaApiError } from '../iflyrpa/api-error';
import { stateKeys } from '../state/keys';

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
    private readonly redis: Redis,
    prefix: string,
    private readonly options: { threshold: number; logger: Logger; notify: (notice: HealthNotice) => Promise<void>; now?: () => number },
  ) {
    this.keys = stateKeys(prefix);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  async recordFailure(error: unknown): Promise<void> {
    const cause = error instanceof Error ? error.message : String(error);
    const now = this.now();
    const [[, failures], [, firstAt]] = (await this.redis
      .multi()
      .incr(this.keys.healthFailures)
      .set(this.keys.healthFirstFailure, String(now), 'NX', 'GET')
      .exec()) as [[null, number], [null, string | null]];
    const authRejected = error instanceof IflyrpaApiError && error.reason === 'auth';
    if (!shouldRaiseAlarm({ consecutiveFailures: failures, threshold: this.options.threshold, authRejected })) return;
    const outage: Outage = { incidentId: randomUUID().replace(/-/g, '').slice(0, 16), cause, since: firstAt ? Number(firstAt) : now, failures };
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

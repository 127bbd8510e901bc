import type { Logger } from 'pino';
import { IflyrpaApiError } from '../iflyrpa/api-error';
import { retryDelayMs } from '../queues/retry-schedule';
import type { StateStore } from '../state/state-store';
import type { PollReport } from './poller';
import type { SharedBackoff } from './shared-backoff';

export interface PollLoopOptions {
  intervalMs: number;
  store: StateStore;
  owner: string;
  logger: Logger;
  poll: () => Promise<PollReport>;
  beforePoll?: () => Promise<unknown>;
  onPolled?: (report: PollReport) => void;
  onFailed?: (error: unknown) => Promise<void> | void;
  /** The backoff every process of the deployment shares (without it, this process backs off alone). */
  backoff?: SharedBackoff;
}

/**
 * Polls once per POLL_INTERVAL across all processes: every process wakes at each interval boundary
 * and the one that claims that interval's slot in Redis polls. A doubled wake-up is harmless.
 * After API errors polling backs off exponentially (with jitter, up to 5 minutes), and at least as long
 * as a 429's Retry-After asks; with a shared backoff every process waits out the same pause.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failures = 0;
  private notBefore = 0;
  private lastFailureMessage = '';

  constructor(private readonly options: PollLoopOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops waking up; waits for a poll in progress, but not past `timeoutMs` (a poll can hang while Redis is down). */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  private schedule(): void {
    if (this.stopped) return;
    const { intervalMs } = this.options;
    const wait = intervalMs - (Date.now() % intervalMs);
    this.timer = setTimeout(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
      this.schedule();
    }, wait);
  }

  private async tick(): Promise<void> {
    const { intervalMs, store, owner, logger } = this.options;
    if (Date.now() < this.notBefore) return;
    const { backoff } = this.options;
    try {
      if (backoff && Date.now() < (await backoff.notBefore())) return;
      const slot = Math.round(Date.now() / intervalMs);
      if (!(await store.claimPollSlot(slot, intervalMs * 2, owner))) return;
      await this.options.beforePoll?.();
      const report = await this.options.poll();
      if (this.failures > 0) logger.info({ failures: this.failures }, `polling works again after ${this.failures} failed polls`);
      this.failures = 0;
      this.lastFailureMessage = '';
      await backoff?.clear().catch(() => undefined);
      this.options.onPolled?.(report);
    } catch (error) {
      this.failures++;
      const message = error instanceof Error ? error.message : String(error);
      try {
        if (backoff) this.failures = await backoff.recordFailure();
      } catch {
        // Redis is down as well: this process backs off alone until it answers again.
      }
      const pause = retryDelayMs(this.failures, { baseMs: intervalMs, capMs: 5 * 60_000 }) - intervalMs;
      const retryAfter = error instanceof IflyrpaApiError ? (error.details.retryAfterMs ?? 0) : 0;
      this.notBefore = Date.now() + Math.max(0, pause, retryAfter);
      await backoff?.holdUntil(this.notBefore, Date.now()).catch(() => undefined);
      // One line per cause: repeated failures of the same kind are logged again only every tenth time.
      if (message !== this.lastFailureMessage || this.failures % 10 === 0) {
        const known = error instanceof IflyrpaApiError;
        logger.warn({ failures: this.failures, ...(known ? { reason: error.reason } : {}) }, `poll failed: ${message}`);
      }
      this.lastFailureMessage = message;
      try {
        await this.options.onFailed?.(error);
      } catch (hookError) {
        logger.warn(`after a failed poll: ${hookError instanceof Error ? hookError.message : String(hookError)}`);
      }
    }
  }
}

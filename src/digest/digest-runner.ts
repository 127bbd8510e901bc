import type { Logger } from 'pino';
import { buildDigest } from '../domain/build-digest';
import type { DigestSchedule } from '../domain/digest-schedule';
import type { MailSender } from '../notify/email/email-notifier';
import { buildDigestMessage, formatPeriod } from '../notify/email/digest-message';
import type { DigestStore } from './digest-store';

export type DigestOutcome = 'notDue' | 'busy' | 'empty' | 'sent' | 'failed';

export interface DigestRunnerOptions {
  store: DigestStore;
  schedule: DigestSchedule;
  sender: MailSender;
  from: string;
  to: string[];
  timeZone: string;
  sendEmpty: boolean;
  maxPerWorkflow: number;
  logger: Logger;
  owner: string;
  /** Wait this long after a boundary, so transitions detected just before it are in. */
  graceMs: number;
}

const LOCK_TTL_MS = 120_000;
const MAX_PERIODS_PER_WAKE = 50;

/**
 * Sends one digest per period, across every process: the period after the cursor is due once its end
 * (plus a grace) has passed; one process claims it, sends, and only after the SMTP server accepted the
 * mail removes the entries and moves the cursor. A failed send leaves both, and is tried again.
 */
export class DigestRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private notBefore = 0;
  private failures = 0;

  constructor(private readonly options: DigestRunnerOptions) {}

  /** Handles at most one period. */
  async tick(now: number): Promise<DigestOutcome> {
    const { store, schedule, logger, owner } = this.options;
    const cursor = await store.cursor();
    if (cursor === null) {
      await store.initCursor(schedule.prev(now));
      return 'notDue';
    }
    const end = schedule.next(cursor);
    if (now < end + this.options.graceMs) return 'notDue';
    if (!(await store.claim(owner, LOCK_TTL_MS))) return 'busy';
    try {
      if ((await store.cursor()) !== cursor) return 'busy';
      const batch = await store.entriesBefore(end);
      if (batch.unreadable > 0) logger.error({ count: batch.unreadable }, `digest: ${batch.unreadable} unreadable entries dropped`);
      const period = formatPeriod(cursor, end, this.options.timeZone);
      if (batch.transitions.length === 0 && !this.options.sendEmpty) {
        await store.commit(batch.keys, end);
        logger.debug(`digest ${period}: nothing happened, no mail`);
        return 'empty';
      }
      const digest = buildDigest(batch.transitions, { start: cursor, end }, { maxPerWorkflow: this.options.maxPerWorkflow });
      const message = buildDigestMessage(digest, this.options.timeZone);
      try {
        await this.options.sender.send({ from: this.options.from, to: this.options.to, ...message });
      } catch (error) {
        logger.warn({ period, entries: batch.transitions.length }, `digest ${period} not sent, will retry: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed';
      }
      await store.commit(batch.keys, end);
      logger.info({ period, failed: digest.failed, completed: digest.completed }, `sent digest ${period}: ${digest.failed} failed, ${digest.completed} completed`);
      return 'sent';
    } finally {
      await store.release(owner);
    }
  }

  /** Wakes every `everyMs`; catches up on several periods at once after a pause; backs off after failures. */
  start(everyMs: number): void {
    const wake = async () => {
      if (Date.now() < this.notBefore) return;
      try {
        for (let i = 0; i < MAX_PERIODS_PER_WAKE; i++) {
          const outcome = await this.tick(Date.now());
          if (outcome === 'failed') {
            this.failures++;
            this.notBefore = Date.now() + Math.min(15 * 60_000, 5_000 * 2 ** Math.min(this.failures, 10));
          }
          if (outcome !== 'sent' && outcome !== 'empty') break;
          this.failures = 0;
        }
      } catch (error) {
        this.options.logger.warn(`digest: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    this.timer = setInterval(() => {
      if (!this.running) this.running = wake().finally(() => (this.running = undefined));
    }, everyMs);
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }
}

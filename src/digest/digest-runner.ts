import type { Logger } from 'pino';
import { buildDigest, type Digest } from '../domain/build-digest';
import type { DigestSchedule } from '../domain/digest-schedule';
import type { Language } from '../i18n/messages';
import { classifySmtpError } from '../notify/email/classify-smtp-error';
import { buildDigestMessage, formatPeriod } from '../notify/email/digest-message';
import type { MailSender } from '../notify/email/email-notifier';
import type { DigestStore } from './digest-store';

/** `reduced`: refused for good in full, sent with counts and failures only; `dropped`: refused in that form too. */
export type DigestOutcome = 'notDue' | 'busy' | 'empty' | 'sent' | 'reduced' | 'dropped' | 'failed';

export interface DigestRunnerOptions {
  store: DigestStore;
  schedule: DigestSchedule;
  sender: MailSender;
  from: string;
  to: string[];
  timeZone: string;
  sendEmpty: boolean;
  maxPerWorkflow: number;
  /** How a workflow is named (`订单同步 (2008381617971200000)`), read at each digest so a reload renames at once. */
  workflowLabel?: (projectId: string) => string;
  /** The language of the email channel the digest goes to (default en). */
  language?: Language;
  logger: Logger;
  owner: string;
  /** Wait this long after a boundary, so transitions detected just before it are in. */
  graceMs: number;
  /** How long the digest lock lives without renewal (renewed every third of it while sending). */
  lockTtlMs?: number;
}

const LOCK_TTL_MS = 120_000;
const MAX_PERIODS_PER_WAKE = 50;

/**
 * Sends one digest per period, across every process: the period after the cursor is due once its end
 * (plus a grace) has passed; one process claims it, sends, and only after the SMTP server accepted the
 * mail removes the entries and moves the cursor. A transient failure leaves both, and is tried again;
 * a permanent one gets a reduced digest, and the period is marked sent whatever becomes of that.
 */
export class DigestRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private notBefore = 0;
  private failures = 0;
  private readonly lockTtlMs: number;

  constructor(private readonly options: DigestRunnerOptions) {
    this.lockTtlMs = options.lockTtlMs ?? LOCK_TTL_MS;
  }

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
    if (!(await store.claim(owner, this.lockTtlMs))) return 'busy';
    try {
      if ((await store.cursor()) !== cursor) return 'busy';
      const batch = await store.entriesBefore(end);
      if (batch.unreadable > 0) logger.error({ count: batch.unreadable }, `digest: ${batch.unreadable} unreadable entries dropped`);
      const period = formatPeriod(cursor, end, this.options.timeZone);
      const digest = buildDigest(batch.transitions, { start: cursor, end }, { maxPerWorkflow: this.options.maxPerWorkflow, workflowLabel: this.options.workflowLabel });
      const outcome = batch.transitions.length === 0 && !this.options.sendEmpty ? 'empty' : await this.holdingLock(() => this.deliver(digest, period));
      if (outcome === 'failed') return 'failed';
      if (!(await store.commit(owner, cursor, end, batch.keys))) {
        logger.warn({ period }, `digest ${period}: lost the digest lock while sending; the process that holds it now handles this period (it may send it again)`);
        return 'busy';
      }
      const counts = `${digest.failed} failed, ${digest.completed} completed`;
      if (outcome === 'empty') logger.debug(`digest ${period}: nothing happened, no mail`);
      else if (outcome === 'sent') logger.info({ period, failed: digest.failed, completed: digest.completed }, `sent digest ${period}: ${counts}`);
      else if (outcome === 'reduced') logger.info({ period, failed: digest.failed, completed: digest.completed }, `sent digest ${period} reduced (counts and failures only): ${counts}`);
      return outcome;
    } finally {
      await store.release(owner);
    }
  }

  private async deliver(digest: Digest, period: string): Promise<'sent' | 'reduced' | 'dropped' | 'failed'> {
    const { logger, timeZone, language } = this.options;
    const entries = digest.failed + digest.completed + digest.other;
    try {
      await this.send(buildDigestMessage(digest, timeZone, { language }));
      return 'sent';
    } catch (error) {
      const failure = classifySmtpError(error);
      if (!failure.permanent) {
        logger.warn({ period, entries, reason: failure.reason }, `digest ${period} not sent, will retry: ${failure.message}`);
        return 'failed';
      }
      logger.warn({ period, entries, reason: failure.reason }, `digest ${period} refused for good: ${failure.message}; sending it reduced (counts and failures only)`);
      try {
        await this.send(buildDigestMessage(digest, timeZone, { refusedWith: failure.reason.replace(/^smtp_/, ''), language }));
        return 'reduced';
      } catch (again) {
        const second = classifySmtpError(again);
        if (!second.permanent) {
          logger.warn({ period, entries, reason: second.reason }, `digest ${period} (reduced) not sent, will retry: ${second.message}`);
          return 'failed';
        }
        // Retrying a mail the server refuses for good would hold back every later period forever.
        logger.error(
          { period, failed: digest.failed, completed: digest.completed, reason: second.reason },
          `digest ${period} refused in its reduced form too (${second.message}): marked sent without a mail; its ${digest.failed} failed, ${digest.completed} completed runs are in this log as 'execution … is …' lines`,
        );
        return 'dropped';
      }
    }
  }

  private send(message: { subject: string; text: string; html: string }): Promise<void> {
    return this.options.sender.send({ from: this.options.from, to: this.options.to, ...message });
  }

  /** A send may outlast the lock's TTL (a slow server, socket timeouts): the lock is renewed meanwhile. */
  private async holdingLock<T>(work: () => Promise<T>): Promise<T> {
    const { store, owner, logger } = this.options;
    const renewal = setInterval(() => {
      store.renew(owner, this.lockTtlMs).then(
        (held) => held || logger.warn('digest: the lock expired during a send; the commit will tell whether another process took over'),
        () => undefined,
      );
    }, Math.max(10, Math.floor(this.lockTtlMs / 3)));
    try {
      return await work();
    } finally {
      clearInterval(renewal);
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
          if (outcome === 'notDue' || outcome === 'busy' || outcome === 'failed') break;
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

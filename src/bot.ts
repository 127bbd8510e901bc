import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { ApiHealthMonitor } from './health/api-health-monitor';
import { Metrics } from './http/metrics';
import { createRepeatFilter } from './logging/repeat-filter';
import { createIflyrpaClient, type IflyrpaClient } from './iflyrpa/iflyrpa-client';
import { instrumentClient } from './iflyrpa/instrumented-client';
import type { ChannelName, Notifier } from './notify/notifier';
import { immediateChannels } from './pipeline/channel-plan';
import { OutboxDispatcher } from './pipeline/outbox-dispatcher';
import { processPage } from './pipeline/page-processor';
import { PollLoop } from './poller/poll-loop';
import { pollOnce, type PollReport } from './poller/poller';
import { type PageJob, type PageJobResult, pageJobSchema } from './queues/job-schemas';
import { createRedis, type QueueContext, workerLockOptions } from './queues/queue-connection';
import { notifyQueueName, PAGE_QUEUE } from './queues/queue-names';
import { createNotifyWorker } from './queues/notify-worker';
import { attemptsFor, NOTIFY_BACKOFF, retryDelayMs } from './queues/retry-schedule';
import { evictionWarning, readEvictionPolicy } from './state/eviction-policy';
import { StateStore } from './state/state-store';
import { createDigest } from './digest/create-digest';
import type { DigestRunner } from './digest/digest-runner';
import type { MailSender } from './notify/email/email-notifier';

export interface BotDeps {
  config: Config;
  logger: Logger;
  notifiers: Notifier[];
  client?: IflyrpaClient;
  now?: () => number;
  metrics?: Metrics;
  /** Where digests go (EMAIL_MODE digest or both): SMTP in production. Without it this process only collects for them. */
  digestSender?: MailSender;
}

export interface CycleSummary extends PollReport {
  transitions: number;
  notificationsSent: number;
  notificationsFailed: number;
}

const DAY_SECONDS = 86_400;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

/** The whole pipeline of one process: poller, page workers and one notification worker per channel. */
export class Bot {
  readonly store: StateStore;
  readonly metrics: Metrics;
  readonly pageQueue: Queue;
  readonly notifyQueues: Partial<Record<ChannelName, Queue>> = {};
  private readonly queue: QueueContext;
  private readonly client: IflyrpaClient;
  private readonly dispatcher: OutboxDispatcher;
  private readonly health: ApiHealthMonitor;
  private readonly reportConnectionError: (error: Error) => void;
  private readonly workers: Worker[] = [];
  private readonly events = new Map<string, QueueEvents>();
  private pollLoop: PollLoop | undefined;
  private readonly instanceId = randomUUID();
  /** Present when EMAIL_MODE is digest or both and a digest sender was given. */
  readonly digestRunner: DigestRunner | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: BotDeps) {
    const { config, logger } = deps;
    this.now = deps.now ?? Date.now;
    this.queue = { connection: createRedis(config.redisUrl, { forQueues: true }), prefix: config.keyPrefix };
    this.store = new StateStore(this.queue.connection, config.keyPrefix);
    this.metrics = deps.metrics ?? new Metrics();
    this.client = instrumentClient(deps.client ?? createIflyrpaClient(config.api), this.metrics);
    this.pageQueue = new Queue(PAGE_QUEUE, {
      connection: this.queue.connection,
      prefix: this.queue.prefix,
      defaultJobOptions: { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600, count: 5000 }, removeOnFail: { age: 7 * DAY_SECONDS, count: 1000 } },
    });
    for (const notifier of deps.notifiers) {
      this.notifyQueues[notifier.channel] = new Queue(notifyQueueName(notifier.channel), {
        connection: this.queue.connection,
        prefix: this.queue.prefix,
        defaultJobOptions: {
          attempts: attemptsFor(config.notifyRetryForMs, NOTIFY_BACKOFF),
          backoff: { type: 'custom' },
          // Kept a day (and at most 10,000) so a late second enqueue usually finds the job id; the "sent" record guards beyond.
          removeOnComplete: { age: DAY_SECONDS, count: 10_000 },
          // Failed ones stay for a look, but a storm of undeliverable alerts must not fill Redis: the newest 10,000.
          removeOnFail: { age: 30 * DAY_SECONDS, count: 10_000 },
        },
      });
    }
    // Every client reports a Redis outage on each reconnect attempt: one line per cause and minute says it.
    const firstInAWhile = createRepeatFilter(60_000);
    this.reportConnectionError = (error: Error) => {
      if (firstInAWhile(error.message)) logger.warn(`Redis or queue connection: ${error.message} (retrying)`);
    };
    this.queue.connection.on('error', this.reportConnectionError);
    for (const queue of this.allQueues()) queue.on('error', this.reportConnectionError);
    const enabled = {
      slack: deps.notifiers.some((n) => n.channel === 'slack'),
      email: deps.notifiers.some((n) => n.channel === 'email'),
      emailMode: config.email?.mode ?? 'immediate',
    };
    const email = config.email;
    const digest =
      email && email.mode !== 'immediate'
        ? createDigest(email, { redis: this.queue.connection, prefix: config.keyPrefix, sender: deps.digestSender, logger: logger.child({ component: 'digest' }), owner: this.instanceId, notifyStatuses: config.notifyStatuses })
        : undefined;
    this.digestRunner = digest?.runner;
    this.dispatcher = new OutboxDispatcher(this.store, this.notifyQueues, (status) => immediateChannels(status, config, enabled), logger.child({ component: 'outbox' }), digest?.collect);
    this.health = new ApiHealthMonitor(this.queue.connection, config.keyPrefix, {
      threshold: config.healthAlertAfter,
      logger: logger.child({ component: 'health' }),
      notify: async (notice) => void (await this.dispatcher.dispatchNotice(notice)),
      now: this.now,
    });
  }

  /** Warns once at start when Redis may evict the bot's keys. */
  async warnAboutEviction(): Promise<void> {
    const warning = evictionWarning(await readEvictionPolicy(this.queue.connection));
    if (warning) this.deps.logger.warn(warning);
  }

  /** Starts the page worker and one notification worker per channel. */
  startWorkers(): void {
    const { config, logger } = this.deps;
    const pageLogger = logger.child({ component: 'page-worker' });
    const pageWorker = new Worker(
      PAGE_QUEUE,
      async (job: Job): Promise<PageJobResult> => {
        const parsed = pageJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`page job ${job.id} has invalid data: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        const result = await processPage(parsed.data, { store: this.store, dispatcher: this.dispatcher, logger: pageLogger, now: this.now });
        for (const status of result.statuses) this.metrics.transitions.inc({ status });
        return result;
      },
      { connection: this.queue.connection, prefix: this.queue.prefix, concurrency: config.workerConcurrency, ...workerLockOptions(config.jobLockMs) },
    );
    pageWorker.on('failed', (job, error) => pageLogger.warn({ jobId: job?.id, attempts: job?.attemptsMade }, `page job failed: ${error.message}`));
    pageWorker.on('error', this.reportConnectionError);
    this.workers.push(pageWorker);
    for (const notifier of this.deps.notifiers) {
      const worker = createNotifyWorker(notifier, {
        store: this.store,
        queue: this.queue,
        logger: logger.child({ component: 'notify', channel: notifier.channel }),
        concurrency: config.workerConcurrency,
        lockMs: config.jobLockMs,
        backoff: (attemptsMade) => retryDelayMs(attemptsMade, NOTIFY_BACKOFF),
        onOutcome: (outcome, reason) => this.metrics.notifications.inc({ channel: notifier.channel, outcome, reason }),
      });
      worker.on('error', this.reportConnectionError);
      this.workers.push(worker);
    }
  }

  /** Polls every POLL_INTERVAL, sharing the polling with every other process on this Redis. */
  startPolling(): void {
    const { config, logger } = this.deps;
    this.pollLoop = new PollLoop({
      intervalMs: config.pollIntervalMs,
      store: this.store,
      owner: this.instanceId,
      logger: logger.child({ component: 'poller' }),
      beforePoll: () => this.housekeeping(),
      poll: () => this.poll(),
      onFailed: (error) => {
        this.metrics.polls.inc({ outcome: 'failed' });
        return this.health.recordFailure(error);
      },
      onPolled: (report) => {
        this.metrics.polls.inc({ outcome: 'ok' });
        void this.health.recordSuccess().catch((error: unknown) => logger.warn(`health: ${error instanceof Error ? error.message : String(error)}`));
        logger.debug({ pages: report.pagesFetched, lookups: report.lookups, records: report.records }, `polled: ${report.pagesFetched} pages, ${report.lookups} lookups, ${report.records} records`);
      },
    });
    this.pollLoop.start();
  }

  /** Sends each digest period once it closes (whichever process gets there first). */
  startDigests(everyMs = 5_000): void {
    this.digestRunner?.start(everyMs);
  }

  /**
   * poll-once's share of the digests: every period that has closed is sent now (the claim on Redis keeps it
   * to one process), so a deployment that only runs poll-once from a scheduler still gets its digests.
   */
  async sendDueDigests(): Promise<{ sent: number; failed: boolean }> {
    let sent = 0;
    for (let i = 0; this.digestRunner && i < 50; i++) {
      const outcome = await this.digestRunner.tick(this.now());
      if (outcome === 'sent') sent++;
      else if (outcome !== 'empty') return { sent, failed: outcome === 'failed' };
    }
    return { sent, failed: false };
  }

  /** Before each poll (by the process that polls): queue what a crashed process left, forget old history. */
  private async housekeeping(): Promise<void> {
    await this.dispatcher.drain();
    const forgotten = await this.store.pruneHistory(this.now() - this.deps.config.stateRetentionMs);
    if (forgotten > 0) this.deps.logger.debug({ forgotten }, `forgot ${forgotten} ended executions older than the retention`);
  }

  /** One poll: fetch what can hold news and queue the pages. Does not wait for them. */
  poll(): Promise<PollReport> {
    const { config, logger } = this.deps;
    return pollOnce({ client: this.client, store: this.store, pageQueue: this.pageQueue, logger: logger.child({ component: 'poller' }), pageSize: config.api.pageSize, maxPagesPerPoll: config.maxPagesPerPoll, vanishedAfterMs: config.vanishedAfterMs, now: this.now });
  }

  /** One poll, then wait until its pages and their notifications are handled (poll-once, tests, demo). */
  async pollAndSettle(timeoutMs = 120_000): Promise<CycleSummary> {
    const recovered = await this.dispatcher.drain();
    const report = await this.poll();
    const pageEvents = await this.eventsFor(PAGE_QUEUE);
    let transitions = 0;
    const notifyJobs = [...recovered];
    for (const id of report.pageJobIds) {
      const job = await Job.fromId<PageJob, PageJobResult>(this.pageQueue, id);
      if (!job) continue;
      const result = await job.waitUntilFinished(pageEvents, timeoutMs);
      transitions += result.transitions;
      notifyJobs.push(...result.notifyJobIds);
    }
    let notificationsSent = 0;
    let notificationsFailed = 0;
    for (const { channel, jobId } of notifyJobs) {
      const queue = this.notifyQueues[channel];
      if (!queue) continue;
      const job = await Job.fromId(queue, jobId);
      if (!job) continue;
      try {
        await job.waitUntilFinished(await this.eventsFor(queue.name), timeoutMs);
        notificationsSent++;
      } catch {
        notificationsFailed++;
      }
    }
    return { ...report, transitions, notificationsSent, notificationsFailed };
  }

  /** Ready when Redis answers and some process polled successfully within `maxPollAgeMs`. */
  async readiness(maxPollAgeMs: number): Promise<{ ready: boolean; redis: boolean; lastPollAgeMs: number | null }> {
    let redis = false;
    let last: number | null = null;
    try {
      redis = (await withTimeout(this.queue.connection.ping(), 2000)) === 'PONG';
      last = await withTimeout(this.store.lastPollSuccess(), 2000);
    } catch {
      redis = false;
    }
    const lastPollAgeMs = last === null ? null : this.now() - last;
    return { ready: redis && lastPollAgeMs !== null && lastPollAgeMs <= maxPollAgeMs, redis, lastPollAgeMs };
  }

  /** Gauges read from Redis when /metrics is scraped: queue depths and the last successful poll. */
  async refreshGauges(): Promise<void> {
    for (const queue of this.allQueues()) {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      this.metrics.queueDepth.set({ queue: queue.name }, Object.values(counts).reduce((a, b) => a + b, 0));
    }
    const last = await this.store.lastPollSuccess();
    if (last !== null) this.metrics.lastPollSuccess.set(last / 1000);
  }

  allQueues(): Queue[] {
    return [this.pageQueue, ...Object.values(this.notifyQueues)].filter((q): q is Queue => q !== undefined);
  }

  async enqueuePage(job: PageJob): Promise<Job> {
    return this.pageQueue.add('page', job);
  }

  private async eventsFor(queueName: string): Promise<QueueEvents> {
    let events = this.events.get(queueName);
    if (!events) {
      // Read from the stream's current end, not from '$': '$' counts from when the first XREAD reaches
      // Redis, after the caller's "already finished?" check, and a job finishing in between was never heard of.
      const stream = this.allQueues().find((q) => q.name === queueName)?.keys.events;
      const [last] = stream ? await this.queue.connection.xrevrange(stream, '+', '-', 'COUNT', 1) : [];
      const meanwhile = this.events.get(queueName);
      if (meanwhile) return meanwhile;
      events = new QueueEvents(queueName, { connection: this.queue.connection, prefix: this.queue.prefix, lastEventId: last?.[0] ?? '0-0' });
      events.on('error', this.reportConnectionError);
      this.events.set(queueName, events);
      await events.waitUntilReady();
    }
    return events;
  }

  /** Stops polling, lets jobs in hand finish within `timeoutMs`, then closes every connection. */
  async close(timeoutMs = this.deps.config.shutdownTimeoutMs): Promise<void> {
    await this.pollLoop?.stop(timeoutMs);
    await this.digestRunner?.stop(timeoutMs);
    const graceful = Promise.all(this.workers.map((w) => w.close()));
    const forced = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    if ((await Promise.race([graceful.then(() => 'done' as const), forced])) === 'timeout') {
      this.deps.logger.warn(`jobs still running after ${timeoutMs} ms; closing anyway (they will be retried)`);
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
    await Promise.all([...this.events.values()].map((e) => e.close()));
    await Promise.all(this.allQueues().map((q) => q.close()));
    await Promise.all(this.deps.notifiers.map((n) => n.close?.()));
    this.deps.digestSender?.close();
    this.queue.connection.disconnect();
  }
}

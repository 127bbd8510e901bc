import { randomUUID } from 'node:crypto';
import type { Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from './config/config';
import { createDigest } from './digest/create-digest';
import type { DigestRunner } from './digest/digest-runner';
import { ApiHealthMonitor } from './health/api-health-monitor';
import { checkReadiness, type Readiness } from './health/readiness';
import type { StatusSource } from './http/status-source';
import { createIflyrpaClient, type IflyrpaClient } from './iflyrpa/iflyrpa-client';
import { instrumentClient } from './iflyrpa/instrumented-client';
import { createConnectionErrorReporter } from './logging/connection-error-reporter';
import type { MailSender } from './notify/email/email-notifier';
import type { Notifier } from './notify/notifier';
import { Metrics } from './observability/metrics';
import { refreshGauges } from './observability/queue-gauges';
import { immediateChannels } from './pipeline/channel-plan';
import { OutboxDispatcher } from './pipeline/outbox-dispatcher';
import { PollLoop } from './poller/poll-loop';
import { pollOnce, type PollReport } from './poller/poller';
import { type CycleSummary, settlePoll } from './poller/settle-poll';
import { closeWorkers } from './queues/close-workers';
import { createNotifyQueue, createPageQueue } from './queues/create-queues';
import type { PageJob } from './queues/job-schemas';
import { createNotifyWorker } from './queues/notify-worker';
import { createPageWorker } from './queues/page-worker';
import { createRedis, type QueueContext } from './queues/queue-connection';
import { QueueEventsCache } from './queues/queue-events-cache';
import { NOTIFY_BACKOFF, retryDelayMs } from './queues/retry-schedule';
import { evictionWarning, readEvictionPolicy } from './state/eviction-policy';
import { StateStore } from './state/state-store';

export type { CycleSummary } from './poller/settle-poll';

export interface BotDeps {
  config: Config;
  logger: Logger;
  notifiers: Notifier[];
  client?: IflyrpaClient;
  now?: () => number;
  metrics?: Metrics;
  /** Where digests go (EMAIL_MODE digest or both): SMTP in production. Without it this process collects digest entries but sends none. */
  digestSender?: MailSender;
}

/** Wiring of one process: builds the poller, the page worker and one notification worker per channel, and starts and stops them. */
export class Bot implements StatusSource {
  readonly store: StateStore;
  readonly metrics: Metrics;
  readonly pageQueue: Queue;
  readonly notifyQueues: Record<string, Queue> = {};
  /** Present when a digest is configured and this process was given a sender. */
  readonly digestRunner: DigestRunner | undefined;
  private readonly queue: QueueContext;
  private readonly client: IflyrpaClient;
  private readonly dispatcher: OutboxDispatcher;
  private readonly health: ApiHealthMonitor;
  private readonly reportConnectionError: (error: Error) => void;
  private readonly events: QueueEventsCache;
  private readonly workers: Worker[] = [];
  private pollLoop: PollLoop | undefined;
  private readonly instanceId = randomUUID();
  private readonly now: () => number;

  constructor(private readonly deps: BotDeps) {
    const { config, logger } = deps;
    this.now = deps.now ?? Date.now;
    this.queue = { connection: createRedis(config.redisUrl, { forQueues: true }), prefix: config.keyPrefix };
    this.store = new StateStore(this.queue.connection, config.keyPrefix);
    this.metrics = deps.metrics ?? new Metrics();
    this.client = instrumentClient(deps.client ?? createIflyrpaClient(config.api), this.metrics);
    this.pageQueue = createPageQueue(this.queue);
    for (const notifier of deps.notifiers) this.notifyQueues[notifier.channel] = createNotifyQueue(this.queue, notifier.channel, config.notifyRetryForMs);
    this.reportConnectionError = createConnectionErrorReporter(logger);
    this.queue.connection.on('error', this.reportConnectionError);
    for (const queue of this.allQueues()) queue.on('error', this.reportConnectionError);
    this.events = new QueueEventsCache(this.queue, this.reportConnectionError);

    const email = config.email;
    const digest =
      email && email.mode !== 'immediate' && deps.digestSender
        ? createDigest(email, { redis: this.queue.connection, prefix: config.keyPrefix, sender: deps.digestSender, logger: logger.child({ component: 'digest' }), owner: this.instanceId, notifyStatuses: config.notifyStatuses })
        : undefined;
    this.digestRunner = digest?.runner;
    const enabled = {
      slack: deps.notifiers.some((n) => n.channel === 'slack'),
      email: deps.notifiers.some((n) => n.channel === 'email'),
      emailMode: config.email?.mode ?? 'immediate',
    };
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
    const common = { queue: this.queue, store: this.store, concurrency: config.workerConcurrency, lockMs: config.jobLockMs };
    this.workers.push(createPageWorker({ ...common, dispatcher: this.dispatcher, metrics: this.metrics, logger: logger.child({ component: 'page-worker' }), now: this.now }));
    for (const notifier of this.deps.notifiers) {
      this.workers.push(
        createNotifyWorker(notifier, {
          ...common,
          logger: logger.child({ component: 'notify', channel: notifier.channel }),
          backoff: (attemptsMade) => retryDelayMs(attemptsMade, NOTIFY_BACKOFF),
          onOutcome: (outcome, reason) => this.metrics.notifications.inc({ channel: notifier.channel, outcome, reason }),
        }),
      );
    }
    for (const worker of this.workers) worker.on('error', this.reportConnectionError);
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

  /** Before each poll (by the process that polls): queue what a crashed process left, forget old history. */
  private async housekeeping(): Promise<void> {
    await this.dispatcher.drain();
    const forgotten = await this.store.pruneHistory(this.now() - this.deps.config.stateRetentionMs);
    if (forgotten > 0) this.deps.logger.debug({ forgotten }, `forgot ${forgotten} ended executions older than the retention`);
  }

  /** One poll: fetch what can hold news and queue the pages. Does not wait for them. */
  poll(): Promise<PollReport> {
    const { config, logger } = this.deps;
    return pollOnce({ client: this.client, store: this.store, pageQueue: this.pageQueue, logger: logger.child({ component: 'poller' }), pageSize: config.api.pageSize, maxPagesPerPoll: config.maxPagesPerPoll, now: this.now });
  }

  /** One poll, then wait until its pages and their notifications are handled (poll-once, tests, demo). */
  async pollAndSettle(timeoutMs = 120_000): Promise<CycleSummary> {
    const recovered = await this.dispatcher.drain();
    const report = await this.poll();
    return settlePoll(report, { pageQueue: this.pageQueue, notifyQueue: (channel) => this.notifyQueues[channel], events: this.events, alsoWaitFor: recovered, timeoutMs });
  }

  readiness(maxPollAgeMs: number): Promise<Readiness> {
    return checkReadiness(this.queue.connection, this.store, this.now(), maxPollAgeMs);
  }

  async metricsText(): Promise<{ contentType: string; body: string }> {
    await refreshGauges(this.metrics, this.allQueues(), this.store);
    return { contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() };
  }

  allQueues(): Queue[] {
    return [this.pageQueue, ...Object.values(this.notifyQueues)];
  }

  async enqueuePage(job: PageJob): Promise<Job> {
    return this.pageQueue.add('page', job);
  }

  /** Stops polling, lets jobs in hand finish within `timeoutMs`, then closes every connection. */
  async close(timeoutMs = this.deps.config.shutdownTimeoutMs): Promise<void> {
    await this.pollLoop?.stop(timeoutMs);
    await this.digestRunner?.stop(timeoutMs);
    await closeWorkers(this.workers, timeoutMs, this.deps.logger);
    await this.events.close();
    await Promise.all(this.allQueues().map((q) => q.close()));
    await Promise.all(this.deps.notifiers.map((n) => n.close?.()));
    this.deps.digestSender?.close();
    this.queue.connection.disconnect();
  }
}

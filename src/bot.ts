import { randomUUID } from 'node:crypto';
import type { Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config, EmailConfig } from './config/config';
import type { DigestRunner } from './digest/digest-runner';
import { ApiHealthMonitor } from './health/api-health-monitor';
import { checkReadiness, type Readiness } from './health/readiness';
import type { StatusSource } from './http/status-source';
import { createIflyrpaClient, type IflyrpaClient } from './iflyrpa/iflyrpa-client';
import { instrumentClient } from './iflyrpa/instrumented-client';
import { createConnectionErrorReporter } from './logging/connection-error-reporter';
import type { MailSender } from './notify/email/email-notifier';
import type { Channel } from './notify/build-channels';
import { ChannelsInForce } from './notify/channels-in-force';
import { Metrics } from './observability/metrics';
import { MuteGate } from './oncall/mute-gate';
import { MuteStore } from './oncall/mute-store';
import { refreshGauges } from './observability/queue-gauges';
import { ErrorCounts } from './oncall/error-counts';
import { StreakStore } from './oncall/streak-store';
import { reportStuckRuns } from './oncall/report-stuck-runs';
import { StuckRuns } from './oncall/stuck-runs';
import { OutboxDispatcher } from './pipeline/outbox-dispatcher';
import { PollLoop } from './poller/poll-loop';
import { pollOnce, type PollReport } from './poller/poller';
import { type CycleSummary, settlePoll } from './poller/settle-poll';
import { closeWorkers } from './queues/close-workers';
import { createPageQueue } from './queues/create-queues';
import type { DispatchedJob, FullPageJob, PageJob } from './queues/job-schemas';
import { createPageWorker } from './queues/page-worker';
import { createRedis, type QueueContext } from './queues/queue-connection';
import { QueueEventsCache } from './queues/queue-events-cache';
import { LiveRouting, type RoutingConfig } from './routing/live-routing';
import { evictionWarning, readEvictionPolicy } from './state/eviction-policy';
import { StateStore } from './state/state-store';

export type { CycleSummary } from './poller/settle-poll';

export interface BotDeps {
  config: Config;
  logger: Logger;
  /** Every channel, the environment's and the file's (see buildChannels). */
  channels: Channel[];
  /** Routes and workflow names in force (the config file's; none: everything goes to the environment's channels). */
  routing?: LiveRouting;
  client?: IflyrpaClient;
  now?: () => number;
  metrics?: Metrics;
  /** Makes the sender of a channel's digests (SMTP in production). Without it this process collects digest entries but sends none (poll-once). */
  digestSenderFor?: (email: EmailConfig) => MailSender;
}

/** Wiring of one process: builds the poller, the page worker and one notification worker per channel, and starts and stops them. */
export class Bot implements StatusSource {
  readonly store: StateStore;
  readonly streaks: StreakStore;
  readonly errorCounts: ErrorCounts;
  readonly stuckRuns: StuckRuns;
  readonly metrics: Metrics;
  readonly pageQueue: Queue;
  private readonly queue: QueueContext;
  private readonly client: IflyrpaClient;
  private readonly channels: ChannelsInForce;
  private readonly dispatcher: OutboxDispatcher;
  private readonly health: ApiHealthMonitor;
  private readonly reportConnectionError: (error: Error) => void;
  private readonly events: QueueEventsCache;
  private readonly workers: Worker[] = [];
  readonly routing: LiveRouting;
  private pollLoop: PollLoop | undefined;
  private readonly instanceId = randomUUID();
  private readonly now: () => number;

  constructor(private readonly deps: BotDeps) {
    const { config, logger } = deps;
    this.now = deps.now ?? Date.now;
    this.routing = deps.routing ?? new LiveRouting();
    this.queue = { connection: createRedis(config.redisUrl, { forQueues: true }), prefix: config.keyPrefix };
    this.store = new StateStore(this.queue.connection, config.keyPrefix);
    this.streaks = new StreakStore(this.queue.connection, config.keyPrefix, { maxAgeMs: config.streakMaxAgeMs });
    this.errorCounts = new ErrorCounts(this.queue.connection, config.keyPrefix);
    this.stuckRuns = new StuckRuns(this.queue.connection, config.keyPrefix);
    this.metrics = deps.metrics ?? new Metrics();
    this.client = instrumentClient(deps.client ?? createIflyrpaClient(config.api), this.metrics);
    this.reportConnectionError = createConnectionErrorReporter(logger);
    this.queue.connection.on('error', this.reportConnectionError);
    this.pageQueue = createPageQueue(this.queue);
    this.pageQueue.on('error', this.reportConnectionError);
    this.events = new QueueEventsCache(this.queue, this.reportConnectionError);
    this.channels = new ChannelsInForce(
      {
        deliveries: { queue: this.queue, store: this.store, metrics: this.metrics, logger, concurrency: config.workerConcurrency, lockMs: config.jobLockMs, retryForMs: config.notifyRetryForMs, onConnectionError: this.reportConnectionError },
        digests: { redis: this.queue.connection, prefix: config.keyPrefix, logger, owner: this.instanceId, senderFor: deps.digestSenderFor },
      },
      this.routing,
      deps.channels,
    );
    this.dispatcher = new OutboxDispatcher({
      store: this.store,
      queues: () => this.channels.activeQueues(),
      plan: (transition) => this.channels.plan(transition),
      logger: logger.child({ component: 'outbox' }),
      collectForDigest: (channel, transitions) => this.channels.collect(channel, transitions),
      streaks: this.streaks,
      errorCounts: this.errorCounts,
      mutes: new MuteGate(new MuteStore(this.queue.connection, config.keyPrefix, this.now), {
        logger: logger.child({ component: 'mutes' }),
        metrics: this.metrics,
        now: this.now,
        workflowName: (projectId) => this.routing.get().workflowNames[projectId],
      }),
    });
    this.health = new ApiHealthMonitor(this.queue.connection, config.keyPrefix, {
      threshold: config.healthAlertAfter,
      logger: logger.child({ component: 'health' }),
      notify: async (notice) => void (await this.dispatcher.dispatchNotice(notice)),
      now: this.now,
    });
  }

  /** Queues of the notification channels, by channel name. */
  get notifyQueues(): Readonly<Record<string, Queue>> {
    return this.channels.queues;
  }

  /** The digest runner of the environment's email channel (or of the first digest channel). */
  get digestRunner(): DigestRunner | undefined {
    return this.channels.digestRunner();
  }

  /** A reload: new routes and names apply to alerts detected from now on; new channels get their queue and worker. */
  reload(channels: Channel[], routing: RoutingConfig): void {
    this.routing.replace(routing);
    this.channels.apply(channels);
  }

  /** Warns once at start when Redis may evict the bot's keys. */
  async warnAboutEviction(): Promise<void> {
    const warning = evictionWarning(await readEvictionPolicy(this.queue.connection));
    if (warning) this.deps.logger.warn(warning);
  }

  /** Starts the page worker and one notification worker per channel. */
  startWorkers(): void {
    const { config, logger } = this.deps;
    const pageWorker = createPageWorker({
      queue: this.queue,
      store: this.store,
      concurrency: config.workerConcurrency,
      lockMs: config.jobLockMs,
      dispatcher: this.dispatcher,
      metrics: this.metrics,
      logger: logger.child({ component: 'page-worker' }),
      now: this.now,
      workflowLabel: this.routing.label,
      streaks: this.streaks,
      errorCounts: this.errorCounts,
      stuckRuns: this.stuckRuns,
    });
    pageWorker.on('error', this.reportConnectionError);
    this.workers.push(pageWorker);
    this.channels.startWorkers();
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
    this.channels.startDigests(everyMs);
  }

  /**
   * poll-once's share of the digests: every period that has closed is sent now (the claim on Redis keeps it
   * to one process), so a deployment that only runs poll-once from a scheduler still gets its digests.
   */
  async sendDueDigests(): Promise<{ sent: number; failed: boolean }> {
    return this.channels.sendDueDigests(this.now);
  }

  /** Before each poll (by the process that polls): queue what a crashed process left, forget old history. */
  private async housekeeping(): Promise<void> {
    await this.dispatcher.drain();
    await this.reportStuck();
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
    const settle = (r: PollReport, alsoWaitFor: DispatchedJob[]) => settlePoll(r, { pageQueue: this.pageQueue, notifyQueue: (channel) => this.channels.queues[channel], events: this.events, alsoWaitFor, timeoutMs });
    const summary = await settle(report, recovered);
    // After the poll: a run that ended since the last one is no longer tracked, so it is not called stuck.
    const stuck = await this.reportStuck();
    if (stuck.length === 0) return summary;
    const more = await settle({ ...report, pageJobIds: [] }, stuck);
    return { ...summary, notificationsSent: summary.notificationsSent + more.notificationsSent, notificationsFailed: summary.notificationsFailed + more.notificationsFailed };
  }

  /** One STUCK alert for each running execution past its threshold (claimed in Redis, so once whoever looks). */
  reportStuck(): Promise<DispatchedJob[]> {
    return reportStuckRuns({ stuckRuns: this.stuckRuns, store: this.store, dispatcher: this.dispatcher, routing: this.routing, logger: this.deps.logger, config: this.deps.config, now: this.now() });
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

  async enqueuePage(job: PageJob | FullPageJob): Promise<Job> {
    return this.pageQueue.add('page', job);
  }

  /** Stops polling, lets jobs in hand finish within `timeoutMs`, then closes every connection. */
  async close(timeoutMs = this.deps.config.shutdownTimeoutMs): Promise<void> {
    await this.pollLoop?.stop(timeoutMs);
    await this.channels.stopDigests(timeoutMs);
    await closeWorkers([...this.workers, ...this.channels.workers()], timeoutMs, this.deps.logger);
    await this.events.close();
    await Promise.all(this.allQueues().map((q) => q.close()));
    await this.channels.closeNotifiers();
    this.queue.connection.disconnect();
  }
}

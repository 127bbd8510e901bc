import { randomUUID } from 'node:crypto';
import type { Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { SlackActions } from './actions/slack-actions';
import type { Config, EmailConfig } from './config/config';
import type { DigestRunner } from './digest/digest-runner';
import { checkReadiness, type Readiness } from './health/readiness';
import type { StatusSource } from './http/status-source';
import type { AccountConfig } from './config/config-file-schema';
import { accountScopes } from './domain/account-scope';
import type { Transition } from './domain/transition';
import type { IflyrpaClient } from './iflyrpa/iflyrpa-client';
import { createConnectionErrorReporter } from './logging/connection-error-reporter';
import type { MailSender } from './notify/email/email-notifier';
import type { Channel } from './notify/build-channels';
import { ChannelsInForce } from './notify/channels-in-force';
import { Metrics } from './observability/metrics';
import { MuteGate } from './oncall/mute-gate';
import { MuteStore } from './oncall/mute-store';
import { refreshGauges } from './observability/queue-gauges';
import type { ErrorCounts } from './oncall/error-counts';
import { FloodControl } from './oncall/flood-control';
import type { StreakStore } from './oncall/streak-store';
import type { StuckRuns } from './oncall/stuck-runs';
import { AccountPoller } from './poller/account-poller';
import { pollAccounts } from './poller/poll-accounts';
import type { PollReport } from './poller/poller';
import { pollAndSettle, reportStuckEverywhere } from './poller/poll-and-settle';
import type { CycleSummary } from './poller/settle-poll';
import { closeWorkers } from './queues/close-workers';
import { createPageQueue } from './queues/create-queues';
import type { DispatchedJob, FullPageJob, PageJob } from './queues/job-schemas';
import { createPageWorker } from './queues/page-worker';
import { createRedis, type QueueContext, redisTargetOf } from './queues/queue-connection';
import { QueueEventsCache } from './queues/queue-events-cache';
import { createDeliveryExtras } from './queues/delivery-extras';
import { ensureDrains } from './queues/settle-floods';
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
  /** The client of the first account (tests, the demo); else each account gets one from its key and base URL. */
  client?: IflyrpaClient;
  /** The config file's accounts; absent: the one of IFLYRPA_API_KEY / IFLYRPA_BASE_URL, its state where it always was. */
  accounts?: AccountConfig[];
  now?: () => number;
  metrics?: Metrics;
  /** Makes the sender of a channel's digests (SMTP in production). Without it this process collects digest entries but sends none (poll-once). */
  digestSenderFor?: (email: EmailConfig) => MailSender;
}

/** Wiring of one process: builds one poller per account (see AccountPoller), the page worker and one notification worker per channel, and starts and stops them. */
export class Bot implements StatusSource {
  /** The state under KEY_PREFIX: what was sent, and the environment's account's executions. */
  readonly store: StateStore;
  /** Every watched account, each with its own state, pipeline and poll loop. */
  readonly accounts: AccountPoller[];
  readonly metrics: Metrics;
  /** Per-channel pace and grouped messages (FLOOD_CONTROL); undefined when off. */
  readonly flood: FloodControl | undefined;
  readonly pageQueue: Queue;
  /** Re-run / Mute 2h / Ack from Slack (SLACK_SIGNING_SECRET set); its endpoint goes on the HTTP server. */
  readonly actions: SlackActions | undefined;
  private readonly queue: QueueContext;
  private readonly channels: ChannelsInForce;
  private readonly reportConnectionError: (error: Error) => void;
  private readonly events: QueueEventsCache;
  private readonly workers: Worker[] = [];
  readonly routing: LiveRouting;
  private readonly instanceId = randomUUID();
  private readonly now: () => number;

  constructor(private readonly deps: BotDeps) {
    const { config, logger } = deps;
    this.now = deps.now ?? Date.now;
    this.routing = deps.routing ?? new LiveRouting();
    this.queue = { connection: createRedis(redisTargetOf(config), { forQueues: true }), prefix: config.keyPrefix };
    this.store = new StateStore(this.queue.connection, config.keyPrefix);
    this.flood = config.floodControl ? new FloodControl(this.queue.connection, config.keyPrefix) : undefined;
    this.metrics = deps.metrics ?? new Metrics();
    this.reportConnectionError = createConnectionErrorReporter(logger);
    this.queue.connection.on('error', this.reportConnectionError);
    this.pageQueue = createPageQueue(this.queue);
    this.pageQueue.on('error', this.reportConnectionError);
    this.events = new QueueEventsCache(this.queue, this.reportConnectionError);
    this.channels = new ChannelsInForce(
      {
        deliveries: {
          queue: this.queue,
          store: this.store,
          metrics: this.metrics,
          logger,
          concurrency: config.workerConcurrency,
          lockMs: config.jobLockMs,
          retryForMs: config.notifyRetryForMs,
          onConnectionError: this.reportConnectionError,
          flood: this.flood,
          ...createDeliveryExtras(this.queue.connection, config, logger, {
            readStreak: (account, projectId) => (this.accountNamed(account) ?? this.accounts[0]!).streaks.read(projectId),
            readAck: async (account, projectId) => (await this.actions?.acks.current(account, projectId))?.userId,
          }),
        },
        digests: { redis: this.queue.connection, prefix: config.keyPrefix, logger, owner: this.instanceId, senderFor: deps.digestSenderFor },
      },
      this.routing,
      deps.channels,
    );
    const mutes = new MuteGate(new MuteStore(this.queue.connection, config.keyPrefix, this.now), {
      logger: logger.child({ component: 'mutes' }),
      metrics: this.metrics,
      maintenance: () => this.routing.get().maintenance ?? [],
      timeZone: config.digest.timeZone,
      now: this.now,
      workflowName: (projectId) => this.routing.get().workflowNames[projectId],
    });
    const channels = {
      queues: () => this.channels.activeQueues(),
      plan: (t: Transition) => this.channels.plan(t),
      collectForDigest: (channel: string, list: Transition[]) => this.channels.collect(channel, list),
      observe: (t: Transition, queued: boolean) => this.actions?.observe(t, queued) ?? Promise.resolve(),
    };
    this.accounts = accountScopes(config.keyPrefix, config.api, deps.accounts).map(
      (scope, index) =>
        new AccountPoller({
          scope,
          redis: this.queue.connection,
          keyPrefix: config.keyPrefix,
          config,
          logger,
          metrics: this.metrics,
          pageQueue: this.pageQueue,
          routing: this.routing,
          mutes,
          channels,
          owner: this.instanceId,
          now: this.now,
          ...(scope.statePrefix === config.keyPrefix ? { store: this.store } : {}),
          ...(index === 0 && deps.client ? { client: deps.client } : {}),
          housekeeping: async () => void (this.flood && (await ensureDrains(this.flood, this.channels.queues))),
        }),
    );
    // A button acts through the account of its run (its name is in the button's value).
    this.actions =
      config.slackActions && config.slack
        ? new SlackActions({ config: { ...config, slackActions: config.slackActions, slack: config.slack }, queue: this.queue, accountFor: (name) => this.accountNamed(name), metrics: this.metrics, logger: logger.child({ component: 'slack-actions' }), now: this.now, workflowLabel: this.routing.label })
        : undefined;
  }

  /** The account a run belongs to by the name alerts and buttons carry (`default`: the environment's one). */
  private accountNamed(name: string): AccountPoller | undefined {
    return this.accounts.find((a) => (a.name ?? 'default') === name);
  }

  /** The accounts watched, by name, as the config reload compares them (empty for the environment's one). */
  accountNames(): string {
    return this.accounts.flatMap((a) => (a.name ? [a.name] : [])).join(',');
  }

  /** The first account's streaks, same-error counts and running runs (the environment's account's, without accounts:). */
  get streaks(): StreakStore {
    return this.accounts[0]!.streaks;
  }

  get errorCounts(): ErrorCounts {
    return this.accounts[0]!.errorCounts;
  }

  get stuckRuns(): StuckRuns {
    return this.accounts[0]!.stuckRuns;
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
      dispatcher: this.accounts[0]!.dispatcher,
      metrics: this.metrics,
      logger: logger.child({ component: 'page-worker' }),
      now: this.now,
      workflowLabel: this.routing.label,
      forAccount: (name) => this.accounts.find((account) => account.name === name),
    });
    pageWorker.on('error', this.reportConnectionError);
    this.workers.push(pageWorker);
    if (this.actions) {
      const actionWorker = this.actions.startWorker();
      actionWorker.on('error', this.reportConnectionError);
      this.workers.push(actionWorker);
    }
    this.channels.startWorkers();
  }

  /** Polls each account every POLL_INTERVAL, sharing the polling with every other process on this Redis. */
  startPolling(): void {
    for (const account of this.accounts) account.start();
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

  /** One poll of every account: fetch what can hold news and queue the pages. Does not wait for them; throws when an account's poll failed. */
  async poll(): Promise<PollReport> {
    const { report, failures } = await pollAccounts(this.accounts);
    if (failures.length > 0) throw failures[0]!;
    return report;
  }

  /** One poll, then wait until its pages and their notifications are handled (poll-once, tests, demo). */
  pollAndSettle(timeoutMs = 120_000): Promise<CycleSummary> {
    return pollAndSettle({ accounts: this.accounts, pageQueue: this.pageQueue, notifyQueues: this.channels.queues, events: this.events, flood: this.flood, timeoutMs });
  }

  /** One STUCK alert for each running execution past its threshold, in every account (claimed in Redis, so once whoever looks). */
  reportStuck(): Promise<DispatchedJob[]> {
    return reportStuckEverywhere(this.accounts);
  }

  /** The latest successful poll of any account (ms). */
  private async lastPollSuccess(): Promise<number | null> {
    const times = (await Promise.all(this.accounts.map((a) => a.store.lastPollSuccess()))).filter((t): t is number => t !== null);
    return times.length > 0 ? Math.max(...times) : null;
  }

  readiness(maxPollAgeMs: number): Promise<Readiness> {
    return checkReadiness(this.queue.connection, { lastPollSuccess: () => this.lastPollSuccess() }, this.now(), maxPollAgeMs);
  }

  async metricsText(): Promise<{ contentType: string; body: string }> {
    await refreshGauges(this.metrics, this.allQueues(), { lastPollSuccess: () => this.lastPollSuccess() });
    // One set for every account: the first account's store reads it whole.
    this.metrics.openStreaks.set(await this.streaks.openCount(this.now()));
    return { contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() };
  }

  allQueues(): Queue[] {
    return [this.pageQueue, ...Object.values(this.notifyQueues), ...(this.actions ? [this.actions.queue] : [])];
  }

  async enqueuePage(job: PageJob | FullPageJob): Promise<Job> {
    return this.pageQueue.add('page', job);
  }

  /** Stops polling, lets jobs in hand finish within `timeoutMs`, then closes every connection. */
  async close(timeoutMs = this.deps.config.shutdownTimeoutMs): Promise<void> {
    await Promise.all(this.accounts.map((a) => a.stop(timeoutMs)));
    await this.channels.stopDigests(timeoutMs);
    await closeWorkers([...this.workers, ...this.channels.workers()], timeoutMs, this.deps.logger);
    await this.events.close();
    await Promise.all(this.allQueues().map((q) => q.close()));
    await this.channels.closeNotifiers();
    this.queue.connection.disconnect();
  }
}

import type { Queue } from 'bullmq';
import type { RedisConnection } from '../state/redis-connection';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { AccountScope } from '../domain/account-scope';
import { ApiHealthMonitor } from '../health/api-health-monitor';
import { createIflyrpaClient, type IflyrpaClient } from '../iflyrpa/iflyrpa-client';
import { instrumentClient } from '../iflyrpa/instrumented-client';
import type { Metrics } from '../observability/metrics';
import { ErrorCounts } from '../oncall/error-counts';
import type { MuteGate } from '../oncall/mute-gate';
import { reportStuckRuns } from '../oncall/report-stuck-runs';
import { StreakStore } from '../oncall/streak-store';
import { StuckRuns } from '../oncall/stuck-runs';
import { OutboxDispatcher, type OutboxDispatcherDeps } from '../pipeline/outbox-dispatcher';
import type { DispatchedJob } from '../queues/job-schemas';
import type { AccountPipeline } from '../queues/page-worker';
import type { LiveRouting } from '../routing/live-routing';
import { StateStore } from '../state/state-store';
import { PollLoop } from './poll-loop';
import { pollOnce, type PollReport } from './poller';
import { SharedBackoff } from './shared-backoff';

export interface AccountPollerDeps {
  scope: AccountScope;
  redis: RedisConnection;
  keyPrefix: string;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  pageQueue: Queue;
  routing: LiveRouting;
  mutes: MuteGate;
  /** Where alerts go and how digests collect them: the channels in force, shared by every account. */
  channels: Pick<OutboxDispatcherDeps, 'queues' | 'plan' | 'collectForDigest' | 'observe'>;
  /** Who polls, in the poll slot's claim. */
  owner: string;
  now: () => number;
  /** The store under KEY_PREFIX, when this account's state lives there (the environment's account). */
  store?: StateStore;
  /** A client made elsewhere (tests, the demo); else one from the account's key and base URL. */
  client?: IflyrpaClient;
  /** Housekeeping of the whole deployment, done by whoever polls (flood control's drains a crashed process left). */
  housekeeping?: () => Promise<void>;
}

/**
 * One watched iFlyRPA account: its state, its pipeline from outbox to channels, its poll loop (own slot,
 * shared backoff, health alert). Every process builds one per account; Redis makes them share the work.
 */
export class AccountPoller implements AccountPipeline {
  readonly store: StateStore;
  readonly streaks: StreakStore;
  readonly errorCounts: ErrorCounts;
  readonly stuckRuns: StuckRuns;
  readonly dispatcher: OutboxDispatcher;
  readonly health: ApiHealthMonitor;
  readonly backoff: SharedBackoff;
  readonly client: IflyrpaClient;
  private readonly logger: Logger;
  private loop: PollLoop | undefined;

  constructor(private readonly deps: AccountPollerDeps) {
    const { scope, redis, keyPrefix, config } = deps;
    this.logger = scope.name ? deps.logger.child({ account: scope.name }) : deps.logger;
    this.store = deps.store ?? new StateStore(redis, scope.statePrefix);
    // Streaks and same-error counts already key by account (`default` for the environment's one).
    this.streaks = new StreakStore(redis, keyPrefix, { maxAgeMs: config.streakMaxAgeMs, account: scope.label });
    this.errorCounts = new ErrorCounts(redis, keyPrefix, { account: scope.label });
    this.stuckRuns = new StuckRuns(redis, scope.statePrefix);
    this.backoff = new SharedBackoff(redis, scope.statePrefix);
    this.client = instrumentClient(deps.client ?? createIflyrpaClient({ ...config.api, key: scope.apiKey, baseUrl: scope.baseUrl }), deps.metrics);
    this.dispatcher = new OutboxDispatcher({
      ...deps.channels,
      store: this.store,
      logger: this.logger.child({ component: 'outbox' }),
      streaks: this.streaks,
      errorCounts: this.errorCounts,
      stuckRuns: this.stuckRuns,
      mutes: deps.mutes,
      ...(scope.name ? { account: { name: scope.name, shown: scope.shown } } : {}),
    });
    this.health = new ApiHealthMonitor(redis, scope.statePrefix, {
      threshold: config.healthAlertAfter,
      logger: this.logger.child({ component: 'health' }),
      notify: async (notice) => void (await this.dispatcher.dispatchNotice(notice)),
      now: deps.now,
    });
  }

  get name(): string | undefined {
    return this.deps.scope.name;
  }

  /** Polls every POLL_INTERVAL in this account's own slot, sharing it with every other process on this Redis. */
  start(): void {
    const { config, metrics } = this.deps;
    const logger = this.logger.child({ component: 'poller' });
    this.loop = new PollLoop({
      intervalMs: config.pollIntervalMs,
      store: this.store,
      owner: this.deps.owner,
      logger,
      backoff: this.backoff,
      beforePoll: () => this.housekeeping(),
      poll: () => this.poll(),
      onFailed: (error) => {
        metrics.polls.inc({ outcome: 'failed' });
        return this.health.recordFailure(error);
      },
      onPolled: (report) => {
        metrics.polls.inc({ outcome: 'ok' });
        void this.health.recordSuccess().catch((error: unknown) => logger.warn(`health: ${error instanceof Error ? error.message : String(error)}`));
        logger.debug({ pages: report.pagesFetched, lookups: report.lookups, records: report.records }, `polled: ${report.pagesFetched} pages, ${report.lookups} lookups, ${report.records} records`);
      },
    });
    this.loop.start();
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.loop?.stop(timeoutMs);
  }

  /** One poll: fetch what can hold news and queue the pages. Does not wait for them. */
  poll(): Promise<PollReport> {
    const { config } = this.deps;
    return pollOnce({ client: this.client, store: this.store, pageQueue: this.deps.pageQueue, logger: this.logger.child({ component: 'poller' }), pageSize: config.api.pageSize, maxPagesPerPoll: config.maxPagesPerPoll, vanishedAfterMs: config.vanishedAfterMs, now: this.deps.now, account: this.deps.scope.name });
  }

  /** One STUCK alert for each running execution past its threshold (claimed in Redis, so once whoever looks). */
  reportStuck(): Promise<DispatchedJob[]> {
    return reportStuckRuns({ stuckRuns: this.stuckRuns, store: this.store, dispatcher: this.dispatcher, routing: this.deps.routing, logger: this.logger, metrics: this.deps.metrics, config: this.deps.config, now: this.deps.now() });
  }

  /** Before each poll (by the process that polls): queue what a crashed process left, forget old history. */
  async housekeeping(): Promise<void> {
    await this.dispatcher.drain();
    await this.deps.housekeeping?.();
    await this.reportStuck();
    const forgotten = await this.store.pruneHistory(this.deps.now() - this.deps.config.stateRetentionMs);
    if (forgotten > 0) this.logger.debug({ forgotten }, `forgot ${forgotten} ended executions older than the retention`);
  }
}

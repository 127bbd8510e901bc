import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Transition } from '../domain/transition';
import type { IflyrpaClient } from '../iflyrpa/iflyrpa-client';
import { buildAlertFacts } from '../notify/alert-facts';
import { buildSlackMessage } from '../notify/slack/slack-message';
import { createSlackClient } from '../notify/slack/slack-notifier';
import type { BlockLike } from './action-payload';
import type { Metrics } from '../observability/metrics';
import { MuteStore } from '../oncall/mute-store';
import type { StreakStore } from '../oncall/streak-store';
import { type QueueContext, workerLockOptions } from '../queues/queue-connection';
import { stateKeys } from '../state/keys';
import { AckStore, ActionClaims, AlertRecords, RerunWatches } from './action-stores';
import { ACTIONS_QUEUE, type ActionJob, actionJobSchema } from './action-jobs';
import { type ClickDeps, handleClick } from './handle-click';
import { reportRerunEnded } from './rerun-ended';
import { createSlackActionsEndpoint } from './slack-actions-endpoint';
import { createSlackResponder } from './slack-responder';

const SEEN_FOR_MS = 10 * 60_000;
const ENDS = new Set(['FAILED', 'COMPLETED']);

export interface SlackActionsDeps {
  config: Pick<Config, 'keyPrefix' | 'displayTimeZone' | 'streakMaxAgeMs' | 'workerConcurrency' | 'jobLockMs' | 'slackApiUrl'> & {
    slackActions: NonNullable<Config['slackActions']>;
    slack: NonNullable<Config['slack']>;
  };
  queue: QueueContext;
  /** An account's API client and streaks, by the name buttons carry (`default`: the environment's account); undefined when not watched. */
  accountFor: (account: string) => { client: IflyrpaClient; streaks: StreakStore } | undefined;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  /** `订单同步 (2008381617971200000)`, as alerts show workflows. */
  workflowLabel: (projectId: string) => string;
}

/**
 * Slack's buttons, whole: the endpoint that takes clicks, the queue and worker that act on them, and what the
 * pipeline tells it (alerts sent with buttons, runs started by Re-run that ended).
 */
export class SlackActions {
  readonly queue: Queue;
  readonly endpoint: ReturnType<typeof createSlackActionsEndpoint>;
  readonly alerts: AlertRecords;
  readonly acks: AckStore;
  private readonly claims: ActionClaims;
  private readonly watches: RerunWatches;
  private readonly clickDeps: ClickDeps;
  private worker: Worker | undefined;

  constructor(private readonly deps: SlackActionsDeps) {
    const { config, queue } = deps;
    const redis = queue.connection;
    this.queue = new Queue(ACTIONS_QUEUE, {
      connection: redis,
      prefix: queue.prefix,
      // A click is never retried by itself: a second try could start a second run.
      defaultJobOptions: { attempts: 1, removeOnComplete: { age: 86_400, count: 1000 }, removeOnFail: { age: 7 * 86_400, count: 1000 } },
    });
    this.alerts = new AlertRecords(redis, config.keyPrefix);
    this.claims = new ActionClaims(redis, config.keyPrefix);
    this.watches = new RerunWatches(redis, config.keyPrefix);
    this.acks = new AckStore(redis, config.keyPrefix, (account) => deps.accountFor(account)?.streaks, { maxAgeMs: config.streakMaxAgeMs });
    const slack = createSlackResponder(createSlackClient({ token: config.slack.token, apiUrl: config.slack.apiUrl ?? config.slackApiUrl }));
    this.clickDeps = {
      alerts: this.alerts,
      claims: this.claims,
      watches: this.watches,
      acks: this.acks,
      mutes: new MuteStore(redis, config.keyPrefix, deps.now),
      clientFor: (account) => deps.accountFor(account)?.client,
      slack,
      allowed: config.slackActions.allowed,
      timeZone: config.displayTimeZone,
      logger: deps.logger,
      now: deps.now,
      render: (transition, language) => {
        const facts = buildAlertFacts(transition, config.displayTimeZone, { workflowLabel: deps.workflowLabel, language });
        const message = buildSlackMessage(facts, { failureMention: config.slack.failureMention, actions: { account: transition.account ?? 'default' } });
        return { text: message.text, blocks: JSON.parse(JSON.stringify(message.blocks)) as BlockLike[] };
      },
    };
    const seenKey = (hash: string) => stateKeys(config.keyPrefix).actionSeen(hash);
    this.endpoint = createSlackActionsEndpoint({
      signingSecret: config.slackActions.signingSecret,
      enqueue: async (click) => void (await this.queue.add('click', { type: 'click', click } satisfies ActionJob)),
      firstTime: async (hash) => (await redis.set(seenKey(hash), '1', 'PX', SEEN_FOR_MS, 'NX')) === 'OK',
      forget: async (hash) => void (await redis.del(seenKey(hash))),
      logger: deps.logger,
      now: deps.now,
      onRequest: (outcome) => {
        if (outcome !== 'accepted') deps.metrics.slackActions.inc({ kind: 'request', outcome });
      },
    });
  }

  /**
   * Called by the dispatcher for each transition: an alert queued for the immediate channels is remembered
   * (its buttons answer), and the end of a run started by Re-run is told in its thread.
   */
  async observe(transition: Transition, queued: boolean): Promise<void> {
    if (queued) await this.alerts.remember(transition);
    const e = transition.execution;
    const account = transition.account ?? 'default';
    if (!ENDS.has(e.status) || !(await this.watches.get(account, e.id))) return;
    const job: ActionJob = { type: 'rerunEnded', account, executionId: e.id, status: e.status, error: e.error };
    await this.queue.add('rerunEnded', job, { jobId: `rerun-ended-${e.id}-${e.status}`.replace(/:/g, '_'), attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
  }

  startWorker(): Worker {
    const { config, logger } = this.deps;
    this.worker = new Worker(ACTIONS_QUEUE, (job: Job) => this.process(job), { connection: this.deps.queue.connection, prefix: this.deps.queue.prefix, concurrency: config.workerConcurrency, ...workerLockOptions(config.jobLockMs) });
    this.worker.on('failed', (job, error) => logger.warn(`Slack action job ${job?.name ?? '?'} failed: ${error.message}`));
    return this.worker;
  }

  private async process(job: Job): Promise<string> {
    const parsed = actionJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Slack action job ${job.id} has invalid data`);
    const data = parsed.data;
    if (data.type === 'rerunEnded') return reportRerunEnded(data, { watches: this.watches, claims: this.claims, slack: this.clickDeps.slack, now: this.deps.now });
    const kind = data.click.kind ?? 'unknown';
    try {
      const outcome = await handleClick(data.click, this.clickDeps);
      this.deps.metrics.slackActions.inc({ kind, outcome });
      return outcome;
    } catch (error) {
      this.deps.metrics.slackActions.inc({ kind, outcome: 'error' });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

import type { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Channel } from '../notify/build-channels';
import { channelKind } from '../notify/channel-registry';
import type { Notifier } from '../notify/notifier';
import { awaitToken, type EditPace } from '../oncall/edit-pace';
import type { FloodControl } from '../oncall/flood-control';
import { floodPlanOf } from '../oncall/flood-rate';
import type { Metrics } from '../observability/metrics';
import type { StreakThreads } from '../oncall/streak-threads';
import type { StateStore } from '../state/state-store';
import type { Transition } from '../domain/transition';
import type { SendOrder, SendReceipt } from '../notify/notifier';
import { createNotifyQueue } from './create-queues';
import { createNotifyWorker } from './notify-worker';
import type { QueueContext } from './queue-connection';
import { NOTIFY_BACKOFF, retryDelayMs } from './retry-schedule';

export interface ChannelDeliveriesDeps {
  queue: QueueContext;
  store: StateStore;
  metrics: Metrics;
  logger: Logger;
  concurrency: number;
  lockMs: number;
  retryForMs: number;
  onConnectionError: (error: Error) => void;
  /** Keeps each channel's events of one incident in order (PagerDuty's trigger and resolve); see PagerDutyOrder. */
  order?: { forChannel(channel: string): SendOrder };
  /** Failing streaks in threads, for the channels that can (Slack with threads on). */
  threads?: StreakThreads;
  /** Flood control (FLOOD_CONTROL=on): each channel at its type's pace, what piles up in grouped messages. */
  flood?: FloodControl;
}

/**
 * One queue and one worker per channel name. Channels can be replaced while running (a config reload):
 * a new name gets its queue and worker, a changed one sends through its new settings from the next job on,
 * a removed one keeps its worker until the process stops, so what was queued for it still goes out.
 */
export class ChannelDeliveries {
  readonly queues: Record<string, Queue> = {};
  private channels = new Map<string, Channel>();
  /** The last channel a reload replaced or removed, per name: its worker still drains what was queued for it. */
  private readonly retired = new Map<string, Channel>();
  private readonly workers: Worker[] = [];
  private started = false;

  constructor(private readonly deps: ChannelDeliveriesDeps) {}

  /** Takes this set of channels as the current one. */
  apply(channels: readonly Channel[]): void {
    const next = new Map(channels.map((channel) => [channel.name, channel]));
    for (const [name, previous] of this.channels) {
      if (next.get(name) === previous) continue;
      // Only the latest is kept: jobs taken from now on use the new settings; an older one's jobs are done.
      void this.retired.get(name)?.notifier.close?.();
      this.retired.set(name, previous);
    }
    this.channels = next;
    for (const channel of channels) {
      if (!this.queues[channel.name]) {
        const queue = createNotifyQueue(this.deps.queue, channel.name, this.deps.retryForMs);
        queue.on('error', this.deps.onConnectionError);
        this.queues[channel.name] = queue;
        if (this.started) this.startWorker(channel.name);
      }
    }
  }

  get(name: string): Channel | undefined {
    return this.channels.get(name);
  }

  list(): Channel[] {
    return [...this.channels.values()];
  }

  /** The queues of the channels in force (not those a reload removed): where notices about the bot go. */
  activeQueues(): Record<string, Queue> {
    return Object.fromEntries([...this.channels.keys()].flatMap((name) => (this.queues[name] ? [[name, this.queues[name]]] : [])));
  }

  startWorkers(): void {
    this.started = true;
    for (const name of Object.keys(this.queues)) this.startWorker(name);
  }

  workerList(): Worker[] {
    return [...this.workers];
  }

  /** Closes the notifiers (their SMTP pools and the like); workers are closed by the caller first. */
  async closeNotifiers(): Promise<void> {
    this.deps.threads?.close();
    const all = [...this.channels.values(), ...this.retired.values()];
    await Promise.all(all.map((channel) => channel.notifier.close?.()));
  }

  /** A Slack thread's part, or a plain send kept in order per incident (PagerDuty); a test goes as it is. */
  private sendOne(name: string, target: Notifier, transition: Transition, options?: { test?: boolean }): Promise<SendReceipt | void> {
    if (options?.test) return target.send(transition, options);
    if (this.deps.threads && target.threads) return this.deps.threads.send(name, target, transition, this.editPace(name));
    const order = this.deps.order?.forChannel(name);
    return target.send(transition, order ? { order } : {});
  }

  /** With flood control, a root's edits take tokens of the channel's bucket too (Slack counts them). */
  private editPace(name: string): EditPace | undefined {
    const control = this.deps.flood;
    const channel = this.channels.get(name) ?? this.retired.get(name);
    const kind = channel && channelKind(channel.type);
    const plan = kind && floodPlanOf(kind.limits);
    if (!control || !plan) return undefined;
    return () => awaitToken({ take: () => control.take(name, plan) });
  }

  private startWorker(name: string): void {
    const { logger, metrics } = this.deps;
    // The worker asks for the channel at each job, so a reload's new settings apply without a new worker.
    const currentChannel = (): Channel => {
      const channel = this.channels.get(name) ?? this.retired.get(name);
      if (!channel) throw new Error(`no channel named ${name}`);
      return channel;
    };
    const current = (): Notifier => currentChannel().notifier;
    const notifier: Notifier = {
      channel: name,
      send: (transition, options) => this.sendOne(name, current(), transition, options),
      sendNotice: (notice) => current().sendNotice(notice),
      sendGroup: async (transitions, context) => {
        const target = current();
        if (target.sendGroup) await target.sendGroup(transitions, context);
        else for (const transition of transitions) await target.send(transition);
      },
    };
    const queue = this.queues[name]!;
    const control = this.deps.flood;
    const worker = createNotifyWorker(notifier, {
      queue: this.deps.queue,
      store: this.deps.store,
      concurrency: this.deps.concurrency,
      lockMs: this.deps.lockMs,
      logger: logger.child({ component: 'notify', channel: name }),
      backoff: (attemptsMade) => retryDelayMs(attemptsMade, NOTIFY_BACKOFF),
      onOutcome: (outcome, reason) => metrics.notifications.inc({ channel: name, outcome, reason }),
      flood: control && {
        control,
        plan: () => {
          const kind = channelKind(currentChannel().type);
          return kind && floodPlanOf(kind.limits);
        },
        groups: () => current().sendGroup !== undefined,
        groupMax: () => current().groupMax,
        scheduleDrain: async (jobId, delayMs) => void (await queue.add('drain', { drain: { channel: name } }, { jobId, delay: Math.max(0, Math.ceil(delayMs)) })),
        onGrouped: (alerts) => {
          metrics.groupedMessages.inc({ channel: name });
          metrics.groupedAlerts.inc({ channel: name }, alerts);
        },
      },
    });
    worker.on('error', this.deps.onConnectionError);
    this.workers.push(worker);
  }
}

import type { Queue, Worker } from 'bullmq';
import type { Transition } from '../domain/transition';
import { ChannelDigests, type ChannelDigestsDeps } from '../digest/channel-digests';
import type { DigestRunner } from '../digest/digest-runner';
import { ChannelDeliveries, type ChannelDeliveriesDeps } from '../queues/channel-deliveries';
import type { LiveRouting } from '../routing/live-routing';
import { type DeliveryPlan, planDeliveries, type RoutingTable } from '../routing/plan-deliveries';
import type { Channel } from './build-channels';

/**
 * The channels in force and what routing makes of them: each channel's queue and worker (deliveries),
 * each email channel's digest, and where an alert goes under the routes in force. A reload replaces them.
 */
export class ChannelsInForce {
  private readonly deliveries: ChannelDeliveries;
  private readonly digests: ChannelDigests;

  constructor(
    deps: { deliveries: ChannelDeliveriesDeps; digests: Omit<ChannelDigestsDeps, 'workflowLabel'> },
    private readonly routing: LiveRouting,
    channels: readonly Channel[],
  ) {
    this.deliveries = new ChannelDeliveries(deps.deliveries);
    this.digests = new ChannelDigests({ ...deps.digests, workflowLabel: routing.label });
    this.apply(channels);
  }

  apply(channels: readonly Channel[]): void {
    this.deliveries.apply(channels);
    this.digests.apply(channels);
  }

  /** Where one alert goes: immediate channels and digests, by the routes and channels in force now. */
  plan(transition: Transition): DeliveryPlan {
    return planDeliveries({ projectId: transition.execution.projectId, status: transition.execution.status, account: transition.account }, this.table());
  }

  /** Every channel's queue, removed ones included (their workers still drain them). */
  get queues(): Readonly<Record<string, Queue>> {
    return this.deliveries.queues;
  }

  activeQueues(): Record<string, Queue> {
    return this.deliveries.activeQueues();
  }

  collect(channel: string, transitions: Transition[]): Promise<void> {
    return this.digests.collect(channel, transitions);
  }

  /** The digest runner of the environment's email channel (or of the first digest channel). */
  digestRunner(): DigestRunner | undefined {
    return this.digests.runner('email') ?? this.deliveries.list().map((c) => this.digests.runner(c.name)).find((r) => r !== undefined);
  }

  startWorkers(): void {
    this.deliveries.startWorkers();
  }

  startDigests(everyMs: number): void {
    this.digests.start(everyMs);
  }

  sendDueDigests(now: () => number): Promise<{ sent: number; failed: boolean }> {
    return this.digests.sendDue(now);
  }

  workers(): Worker[] {
    return this.deliveries.workerList();
  }

  stopDigests(timeoutMs: number): Promise<void> {
    return this.digests.stop(timeoutMs);
  }

  closeNotifiers(): Promise<void> {
    return this.deliveries.closeNotifiers();
  }

  private table(): RoutingTable {
    const channels = this.deliveries.list();
    const { routes, workflowNames } = this.routing.get();
    return {
      routes,
      workflowNames,
      channels: channels.map((c) => ({ name: c.name, statuses: c.statuses, immediate: c.immediate, digest: c.digest !== undefined })),
      defaultChannels: channels.filter((c) => c.name === c.type).map((c) => c.name),
    };
  }
}

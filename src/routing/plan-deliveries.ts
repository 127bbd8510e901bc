import type { Route } from './route';
import { routeAlert } from './route-alert';

/** What routing needs to know of a channel. */
export interface RoutableChannel {
  name: string;
  statuses: readonly string[];
  /** Alerts go out one by one (false: an email channel in digest mode). */
  immediate: boolean;
  /** Alerts also go into the channel's digest. */
  digest: boolean;
}

export interface RoutingTable {
  routes: readonly Route[];
  workflowNames: Readonly<Record<string, string>>;
  channels: readonly RoutableChannel[];
  /** What `default` in a route stands for: the channels the environment configures. */
  defaultChannels: readonly string[];
}

export interface DeliveryPlan {
  immediate: string[];
  digest: string[];
}

/**
 * Where one alert goes: the routes pick channel names (`default` expanded), each channel takes the statuses
 * it alerts on, and says whether it sends at once, collects a digest, or both. Each name appears once.
 */
export function planDeliveries(alert: { projectId: string; status: string; account?: string }, table: RoutingTable): DeliveryPlan {
  const routed = table.routes.length === 0 ? ['default'] : routeAlert({ ...alert, workflowName: table.workflowNames[alert.projectId] }, [...table.routes]).channels;
  const names = new Set(routed.flatMap((name) => (name === 'default' ? table.defaultChannels : [name])));
  const plan: DeliveryPlan = { immediate: [], digest: [] };
  for (const channel of table.channels) {
    if (!names.has(channel.name) || !channel.statuses.includes(alert.status)) continue;
    if (channel.immediate) plan.immediate.push(channel.name);
    if (channel.digest) plan.digest.push(channel.name);
  }
  return plan;
}

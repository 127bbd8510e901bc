import type { Route, RouteMatch } from './route';
import { matchesWorkflow } from './workflow-pattern';

/** The channels configured by the environment; what no route decides goes there. */
export const DEFAULT_CHANNEL = 'default';

/** What routing looks at in an alert. */
export interface RoutableAlert {
  projectId: string;
  workflowName?: string;
  status: string;
  account?: string;
}

export interface RouteDecision {
  /** Channel names, each once, in the order routes named them. */
  channels: string[];
  matched: { index: number; route: Route }[];
}

/**
 * Routes in order: the first that matches decides, unless it says `continue`, in which case its channels are
 * added and the next routes are tried. `to: []` decides "nothing". What no route decides goes to `default`.
 */
export function routeAlert(alert: RoutableAlert, routes: readonly Route[]): RouteDecision {
  const channels = new Set<string>();
  const matched: RouteDecision['matched'] = [];
  for (const [index, route] of routes.entries()) {
    if (!matches(route.match, alert)) continue;
    matched.push({ index, route });
    for (const name of route.to) channels.add(name);
    if (!route.continue) return { channels: [...channels], matched };
  }
  channels.add(DEFAULT_CHANNEL);
  return { channels: [...channels], matched };
}

function matches(match: RouteMatch | undefined, alert: RoutableAlert): boolean {
  if (!match) return true;
  if (match.workflows && !match.workflows.some((pattern) => matchesWorkflow(pattern, alert.projectId, alert.workflowName))) return false;
  if (match.statuses && !match.statuses.includes(alert.status.toUpperCase())) return false;
  if (match.accounts && (alert.account === undefined || !match.accounts.includes(alert.account))) return false;
  return true;
}

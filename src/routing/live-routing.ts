import type { ConfigFile } from '../config/config-file-schema';
import type { MaintenanceRule } from '../domain/maintenance-mutes';
import { workflowLabel } from '../domain/workflow-label';
import type { Route } from './route';

/** The part of the config file that routing and messages read at each alert: routes and workflow names. */
export interface RoutingConfig {
  routes: Route[];
  workflowNames: Record<string, string>;
  /** Each workflow's `stuck_after` (ms; null for `off`), where the file gives one. */
  stuckAfterMs?: Record<string, number | null>;
  /** The file's maintenance windows: a reload brings new ones into force with the routes. */
  maintenance?: MaintenanceRule[];
}

export function routingOf(file: ConfigFile | undefined): RoutingConfig {
  if (!file) return { routes: [], workflowNames: {} };
  const stuckAfterMs = Object.fromEntries(Object.entries(file.workflows).flatMap(([id, w]) => (w.stuckAfterMs === undefined ? [] : [[id, w.stuckAfterMs]])));
  return { routes: file.routes, workflowNames: Object.fromEntries(Object.entries(file.workflows).map(([id, w]) => [id, w.name])), stuckAfterMs, maintenance: file.maintenance ?? [] };
}

/** The routing in force; a reload replaces it, and alerts detected from then on follow the new one. */
export class LiveRouting {
  constructor(private current: RoutingConfig = { routes: [], workflowNames: {} }) {}

  get(): RoutingConfig {
    return this.current;
  }

  replace(next: RoutingConfig): void {
    this.current = next;
  }

  /** `订单同步 (2008381617971200000)`, or the id alone when the file names no such workflow. */
  readonly label = (projectId: string): string => workflowLabel(projectId, this.current.workflowNames);
}

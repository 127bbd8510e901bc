import type { ChannelConfig, WorkflowConfig } from '../config/config-file-schema';
import { workflowLabel, workflowName } from '../domain/workflow-label';
import type { Route } from './route';
import { DEFAULT_CHANNEL, routeAlert } from './route-alert';

export interface ExplainQuery {
  /** A workflow id, or a name listed under `workflows:`. */
  workflow: string;
  /** Without one, FAILED, COMPLETED and STUCK are each explained. */
  status?: string;
  account?: string;
}

export interface ExplainedFile {
  workflows: Readonly<Record<string, WorkflowConfig>>;
  channels: Readonly<Record<string, Pick<ChannelConfig, 'statuses'>>>;
  routes: readonly Route[];
}

const STATUSES = ['FAILED', 'COMPLETED', 'STUCK'];

/** The text of `rpa-notify routes --explain <workflow id|name> [STATUS]`: which routes match, and where an alert goes. */
export function explainRoute(query: ExplainQuery, file: ExplainedFile): { ok: true; text: string } | { ok: false; problem: string } {
  const projectId = resolveWorkflow(query.workflow, file.workflows);
  if (!projectId.ok) return projectId;
  const statuses = query.status ? [query.status.toUpperCase()] : STATUSES;
  const blocks = statuses.map((status) => explainOne(projectId.id, status, query.account, file).join('\n'));
  return { ok: true, text: blocks.join('\n\n') };
}

function explainOne(projectId: string, status: string, account: string | undefined, file: ExplainedFile): string[] {
  const decision = routeAlert({ projectId, workflowName: workflowName(projectId, file.workflows), status, account }, file.routes);
  const lines = [`${workflowLabel(projectId, file.workflows)}${account ? ` in ${account}` : ''}, ${status}:`];
  for (const { index, route } of decision.matched) {
    lines.push(`route[${index}] matched${describeMatch(route)} -> ${route.to.join(', ') || 'nothing'}${route.continue ? ' (continue)' : ''}`);
  }
  if (!decision.matched.some(({ route }) => !route.continue)) {
    lines.push(`${decision.matched.length === 0 ? 'no route matched' : 'no route decided'} -> ${DEFAULT_CHANNEL}`);
  }
  // A channel's own `statuses:` has the last word; the environment's channels follow NOTIFY_STATUSES, not known here.
  const skipped = decision.channels.filter((name) => {
    const channel = Object.hasOwn(file.channels, name) ? file.channels[name] : undefined;
    return channel !== undefined && !channel.statuses.includes(status);
  });
  const sent = decision.channels.filter((name) => !skipped.includes(name));
  const skips = skipped.map((name) => `${name} skips ${status}: its statuses are ${file.channels[name]?.statuses.join(', ')}`);
  lines.push(`channels: ${sent.join(', ') || 'none'}${skips.length ? ` (${skips.join('; ')})` : ''}`);
  return lines;
}

function describeMatch(route: Route): string {
  const keys = Object.entries(route.match ?? {}).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]));
  return keys.length ? ` (${keys.map(([key, values]) => `${key}: ${values.join(', ')}`).join('; ')})` : '';
}

function resolveWorkflow(text: string, workflows: ExplainedFile['workflows']): { ok: true; id: string } | { ok: false; problem: string } {
  if (/^\d+$/.test(text)) return { ok: true, id: text };
  const ids = Object.entries(workflows).filter(([, w]) => w.name === text).map(([id]) => id);
  if (ids.length === 1 && ids[0]) return { ok: true, id: ids[0] };
  if (ids.length === 0) return { ok: false, problem: `no workflow named "${text}" under workflows: in the config file (give its id)` };
  return { ok: false, problem: `"${text}" names several workflows: ${ids.join(', ')} (give the id)` };
}

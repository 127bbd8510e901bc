import { matchesWorkflow } from '../routing/workflow-pattern';

/** A silence: set by `rpa-notify mute`, or an occurrence of a maintenance window from the file. */
export interface Mute {
  id: string;
  /** `all`, or workflow ids / names, `*` as a wildcard (`订单*`). */
  workflows: readonly string[];
  /** Only these statuses (`--status FAILED`); absent or empty: every status. */
  statuses?: readonly string[];
  /** Silent until this instant (ms), exclusive. */
  until: number;
}

export interface MutableAlert {
  projectId: string;
  workflowName?: string;
  status: string;
  at: number;
}

/**
 * The mute that silences this alert, if any. When several do, the one lasting longest, so the log
 * says when the alert could next go out. Pure and given the clock (`at`): the store loads the mutes,
 * every process asks the same question of the same list.
 */
export function isMuted<M extends Mute>(alert: MutableAlert, mutes: readonly M[]): M | undefined {
  let found: M | undefined;
  for (const mute of mutes) {
    if (alert.at >= mute.until) continue;
    if (mute.statuses && mute.statuses.length > 0 && !mute.statuses.some((s) => s.toUpperCase() === alert.status.toUpperCase())) continue;
    if (!mute.workflows.some((pattern) => namesWorkflow(pattern, alert))) continue;
    if (!found || mute.until > found.until) found = mute;
  }
  return found;
}

/** `all`, the word the CLI takes, or a `match.workflows` pattern as routes use it. */
function namesWorkflow(pattern: string, alert: MutableAlert): boolean {
  return pattern === 'all' || matchesWorkflow(pattern, alert.projectId, alert.workflowName);
}

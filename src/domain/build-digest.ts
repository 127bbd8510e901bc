import { accountTag } from './account-scope';
import type { Transition } from './transition';

export interface DigestWorkflow {
  workflow: string;
  failed: number;
  completed: number;
  other: number;
  total: number;
  /** failed / (failed + completed), null when neither */
  failureRate: number | null;
  /** Sum and median of the known run times (ms), null when none is known. */
  totalRunMs: number | null;
  medianRunMs: number | null;
  /** The first `maxPerWorkflow` of each kind, oldest first; the rest only counted. */
  failures: Transition[];
  failuresNotShown: number;
  completions: Transition[];
  completionsNotShown: number;
  others: Transition[];
  othersNotShown: number;
}

export interface Digest {
  periodStart: number;
  periodEnd: number;
  failed: number;
  completed: number;
  other: number;
  /** Workflows with failures first (most first), then by name. */
  workflows: DigestWorkflow[];
  truncated: boolean;
}

/** Groups a period's transitions by workflow, failures first, with counts, rates and run times. */
export function buildDigest(transitions: Transition[], period: { start: number; end: number }, options: { maxPerWorkflow: number; workflowLabel?: (projectId: string) => string }): Digest {
  // With several accounts a workflow is grouped, and named, within its account.
  const byWorkflow = new Map<string, Transition[]>();
  for (const t of [...transitions].sort((a, b) => a.detectedAt - b.detectedAt || a.execution.id.localeCompare(b.execution.id))) {
    const key = `${accountTag(t)}${t.execution.projectId}`;
    const list = byWorkflow.get(key) ?? [];
    list.push(t);
    byWorkflow.set(key, list);
  }
  const label = options.workflowLabel ?? ((projectId: string) => projectId);
  const workflows = [...byWorkflow.values()].map((list) => summarize(accountTag(list[0]!) + label(list[0]!.execution.projectId), list, options.maxPerWorkflow));
  workflows.sort((a, b) => b.failed - a.failed || a.workflow.localeCompare(b.workflow));
  return {
    periodStart: period.start,
    periodEnd: period.end,
    failed: sum(workflows, 'failed'),
    completed: sum(workflows, 'completed'),
    other: sum(workflows, 'other'),
    workflows,
    truncated: workflows.some((w) => w.failuresNotShown + w.completionsNotShown + w.othersNotShown > 0),
  };
}

function summarize(workflow: string, list: Transition[], max: number): DigestWorkflow {
  const failures = list.filter((t) => t.execution.status === 'FAILED');
  const completions = list.filter((t) => t.execution.status === 'COMPLETED');
  const others = list.filter((t) => t.execution.status !== 'FAILED' && t.execution.status !== 'COMPLETED');
  const runTimes = list
    .map((t) => (t.execution.startMs !== null && t.execution.endMs !== null ? t.execution.endMs - t.execution.startMs : null))
    .filter((ms): ms is number => ms !== null && ms >= 0)
    .sort((a, b) => a - b);
  const decided = failures.length + completions.length;
  return {
    workflow,
    failed: failures.length,
    completed: completions.length,
    other: others.length,
    total: list.length,
    failureRate: decided === 0 ? null : failures.length / decided,
    totalRunMs: runTimes.length ? runTimes.reduce((a, b) => a + b, 0) : null,
    medianRunMs: runTimes.length ? median(runTimes) : null,
    failures: failures.slice(0, max),
    failuresNotShown: Math.max(0, failures.length - max),
    completions: completions.slice(0, max),
    completionsNotShown: Math.max(0, completions.length - max),
    others: others.slice(0, max),
    othersNotShown: Math.max(0, others.length - max),
  };
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const sum = (workflows: DigestWorkflow[], key: 'failed' | 'completed' | 'other') => workflows.reduce((n, w) => n + w[key], 0);

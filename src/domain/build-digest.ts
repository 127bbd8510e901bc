import { accountTag } from './account-scope';
import { errorFingerprint } from './error-fingerprint';
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
  /**
   * Failures grouped by error fingerprint (the biggest group first, each oldest first); at most
   * `maxPerWorkflow`, chosen so that every distinct error shows at least once while there is room.
   */
  failures: Transition[];
  /** Every failure of the period by fingerprint, the biggest group first: counts include those not shown. */
  failureGroups: DigestFailureGroup[];
  failuresNotShown: number;
  completions: Transition[];
  completionsNotShown: number;
  others: Transition[];
  othersNotShown: number;
}

/** Failures of one workflow with the same error (see errorFingerprint): `14 × <first line>`. */
export interface DigestFailureGroup {
  fingerprint: string;
  count: number;
  /** The first line of the oldest run's error, as it was written (numbers and all). */
  firstLine: string;
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
  const groups = groupByFingerprint(failures);
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
    failures: pickFailures(groups, max),
    failureGroups: groups.map((g) => ({ fingerprint: g.fingerprint, count: g.runs.length, firstLine: firstLine(g.runs[0]!.execution.error) })),
    failuresNotShown: Math.max(0, failures.length - max),
    completions: completions.slice(0, max),
    completionsNotShown: Math.max(0, completions.length - max),
    others: others.slice(0, max),
    othersNotShown: Math.max(0, others.length - max),
  };
}

const fingerprints = new WeakMap<Transition, string>();

/** The fingerprint of a failure's error (no error text is a group of its own); computed once per transition. */
export function failureFingerprint(t: Transition): string {
  let fingerprint = fingerprints.get(t);
  if (fingerprint === undefined) {
    fingerprint = t.execution.error === null ? '' : errorFingerprint(t.execution.error).fingerprint;
    fingerprints.set(t, fingerprint);
  }
  return fingerprint;
}

/** Oldest-first failures by fingerprint, the biggest group first (ties: the group seen first). */
function groupByFingerprint(failures: Transition[]): { fingerprint: string; runs: Transition[] }[] {
  const byFingerprint = new Map<string, Transition[]>();
  for (const t of failures) {
    const fingerprint = failureFingerprint(t);
    const runs = byFingerprint.get(fingerprint);
    if (runs) runs.push(t);
    else byFingerprint.set(fingerprint, [t]);
  }
  return [...byFingerprint].map(([fingerprint, runs]) => ({ fingerprint, runs })).sort((a, b) => b.runs.length - a.runs.length);
}

/** Up to `max`: first one run of each group (so no error goes unseen), then the rest in group order. */
function pickFailures(groups: { runs: Transition[] }[], max: number): Transition[] {
  const picked = new Set<Transition>();
  for (const g of groups) if (picked.size < max) picked.add(g.runs[0]!);
  for (const g of groups) for (const t of g.runs) if (picked.size < max) picked.add(t);
  return groups.flatMap((g) => g.runs.filter((t) => picked.has(t)));
}

const firstLine = (error: string | null): string => (error ?? '').trim().split('\n')[0]!.trim();

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

const sum = (workflows: DigestWorkflow[], key: 'failed' | 'completed' | 'other') => workflows.reduce((n, w) => n + w[key], 0);

/** Executions one grouped message lists at most: a burst of 200 is a handful of messages, each readable. */
export const MAX_ALERTS_PER_GROUP = 50;

/** One alert waiting for its channel's rate to allow it. */
export interface WaitingAlert {
  /** The workflow as people read it (name, else project id). */
  workflow: string;
  executionId: string;
  status: string;
  /** First line of the error or the result, already cut to fit. */
  summary: string;
  /** errorFingerprint() of the error, for failures. */
  fingerprint?: string;
  detectedAt: number;
}

export interface AlertGroup {
  /** 1-based position among the groups of this burst, and how many there are. */
  part: number;
  parts: number;
  alerts: WaitingAlert[];
  /** Most alerts first, then by name. */
  byWorkflow: { workflow: string; count: number; byStatus: Record<string, number> }[];
  /** FAILED alerts with a fingerprint, most first; `summary` is the first one's, to show what the error is. */
  byFingerprint: { fingerprint: string; count: number; workflows: number; summary: string }[];
}

const RANK: Record<string, number> = { FAILED: 0, STUCK: 1, COMPLETED: 3 };
const OTHER_RANK = 2;

/**
 * What piled up for one channel, as messages: failures first (FAILED, STUCK, other statuses,
 * COMPLETED), oldest first within a status, at most `maxPerGroup` per message. Every alert is named
 * in exactly one group, nothing summarised away; an (execution, status) given twice is one alert,
 * since that pair is the delivery identity.
 */
export function groupAlerts(waiting: readonly WaitingAlert[], maxPerGroup = MAX_ALERTS_PER_GROUP): AlertGroup[] {
  if (!Number.isInteger(maxPerGroup) || maxPerGroup < 1) throw new RangeError(`maxPerGroup must be a positive integer, got ${maxPerGroup}`);
  const seen = new Set<string>();
  const unique = waiting.filter((alert) => {
    const key = `${alert.executionId}|${alert.status}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Array.prototype.sort is stable: equal rank and time keep the order they arrived in.
  const ordered = [...unique].sort((a, b) => rank(a) - rank(b) || a.detectedAt - b.detectedAt);
  const parts = Math.ceil(ordered.length / maxPerGroup);
  return Array.from({ length: parts }, (_, i) => {
    const alerts = ordered.slice(i * maxPerGroup, (i + 1) * maxPerGroup);
    return { part: i + 1, parts, alerts, byWorkflow: countWorkflows(alerts), byFingerprint: countFingerprints(alerts) };
  });
}

/** Where a status goes in a group: FAILED first, COMPLETED last. */
export const statusRank = (status: string): number => RANK[status] ?? OTHER_RANK;
const rank = (alert: WaitingAlert) => statusRank(alert.status);

function countWorkflows(alerts: readonly WaitingAlert[]): AlertGroup['byWorkflow'] {
  const counts = new Map<string, AlertGroup['byWorkflow'][number]>();
  for (const alert of alerts) {
    const entry = counts.get(alert.workflow) ?? { workflow: alert.workflow, count: 0, byStatus: {} };
    entry.count++;
    entry.byStatus[alert.status] = (entry.byStatus[alert.status] ?? 0) + 1;
    counts.set(alert.workflow, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareText(a.workflow, b.workflow));
}

function countFingerprints(alerts: readonly WaitingAlert[]): AlertGroup['byFingerprint'] {
  const counts = new Map<string, { count: number; workflows: Set<string>; summary: string }>();
  for (const alert of alerts) {
    if (alert.status !== 'FAILED' || alert.fingerprint === undefined) continue;
    const entry = counts.get(alert.fingerprint) ?? { count: 0, workflows: new Set<string>(), summary: alert.summary };
    entry.count++;
    entry.workflows.add(alert.workflow);
    counts.set(alert.fingerprint, entry);
  }
  return [...counts.entries()]
    .map(([fingerprint, entry]) => ({ fingerprint, count: entry.count, workflows: entry.workflows.size, summary: entry.summary }))
    .sort((a, b) => b.count - a.count || compareText(a.fingerprint, b.fingerprint));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

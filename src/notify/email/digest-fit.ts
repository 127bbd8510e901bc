import type { Digest, DigestWorkflow } from '../../domain/build-digest';
import type { Transition } from '../../domain/transition';

export type EntryKind = 'failures' | 'completions' | 'others';

export interface DigestBudget {
  /** Bytes for everything the mail lists (HTML and text parts together). */
  bytes: number;
  /** Which kinds of runs are listed at all; the others are only counted. */
  list: EntryKind[];
}

/** What listing each piece costs, in bytes of HTML plus text: the renderer's own measure. */
export interface DigestCosts {
  fixed: number;
  summaryRow: (w: DigestWorkflow) => number;
  group: (w: DigestWorkflow) => number;
  /** `previous`: the entry listed just before in the same workflow and section (a same-error group's heading goes once). */
  entry: (t: Transition, kind: EntryKind, previous: Transition | undefined) => number;
}

export interface FittedDigest {
  /** The digest with only what fits listed; each workflow's `…NotShown` counts everything else. */
  digest: Digest;
  /** Workflows with no row in the summary table (their runs are counted in `notListed`). */
  workflowsNotListed: number;
  /** Runs of each kind listed nowhere in the mail. */
  notListed: Record<EntryKind, number>;
}

const COUNT: Record<EntryKind, 'failed' | 'completed' | 'other'> = { failures: 'failed', completions: 'completed', others: 'other' };
const NOT_SHOWN = { failures: 'failuresNotShown', completions: 'completionsNotShown', others: 'othersNotShown' } as const;

/**
 * Decides what a digest mail lists within a byte budget: the summary rows first (at most half the
 * budget), then failures, completions and other runs in the order they are shown; once one does not
 * fit, everything after it is only counted. Whatever the input, the listed part stays within `bytes`.
 */
export function fitDigest(digest: Digest, budget: DigestBudget, costs: DigestCosts): FittedDigest {
  let left = budget.bytes - costs.fixed;
  const listed: DigestWorkflow[] = [];
  for (const w of digest.workflows) {
    const cost = costs.summaryRow(w);
    if (left - cost < budget.bytes / 2) break;
    left -= cost;
    listed.push({ ...w, failures: [], completions: [], others: [] });
  }
  let full = false;
  for (const kind of ['failures', 'completions', 'others'] as const) {
    if (!budget.list.includes(kind)) continue;
    digest.workflows.slice(0, listed.length).forEach((w, i) => {
      const target = listed[i]!;
      for (const t of w[kind]) {
        const cost = costs.entry(t, kind, target[kind].at(-1)) + (target[kind].length === 0 ? costs.group(w) : 0);
        if (full || cost > left) {
          full = true;
          return;
        }
        left -= cost;
        target[kind].push(t);
      }
    });
  }
  const notListed = { failures: 0, completions: 0, others: 0 };
  for (const w of listed) {
    for (const kind of ['failures', 'completions', 'others'] as const) {
      w[NOT_SHOWN[kind]] = w[COUNT[kind]] - w[kind].length;
      notListed[kind] += w[NOT_SHOWN[kind]];
    }
  }
  for (const w of digest.workflows.slice(listed.length)) {
    for (const kind of ['failures', 'completions', 'others'] as const) notListed[kind] += w[COUNT[kind]];
  }
  return {
    digest: { ...digest, workflows: listed, truncated: notListed.failures + notListed.completions + notListed.others > 0 },
    workflowsNotListed: digest.workflows.length - listed.length,
    notListed,
  };
}

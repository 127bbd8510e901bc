import { randomUUID } from 'node:crypto';
import type { PollReport } from './poller';

export interface PolledAccount {
  name: string | undefined;
  poll(): Promise<PollReport>;
}

export interface AccountsPoll {
  /** The polls that worked, as one report (its pages are queued). */
  report: PollReport;
  /** The accounts whose poll failed, each error naming its account. */
  failures: Error[];
}

/**
 * One poll of every account at once; a failing account does not keep the others from being polled. With the
 * one account of IFLYRPA_API_KEY its error is passed on as it is.
 */
export async function pollAccounts(accounts: readonly PolledAccount[]): Promise<AccountsPoll> {
  if (accounts.length === 1 && accounts[0]!.name === undefined) return { report: await accounts[0]!.poll(), failures: [] };
  const settled = await Promise.allSettled(accounts.map((a) => a.poll()));
  const reports: PollReport[] = [];
  const failures: Error[] = [];
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled') reports.push(outcome.value);
    else {
      const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      failures.push(new Error(`account ${accounts[i]!.name ?? 'default'}: ${message}`, { cause: outcome.reason }));
    }
  });
  return { report: mergeReports(reports), failures };
}

export function mergeReports(reports: readonly PollReport[]): PollReport {
  return {
    pollId: reports.length === 1 ? reports[0]!.pollId : randomUUID(),
    baselinePoll: reports.some((r) => r.baselinePoll),
    pagesFetched: sum(reports, 'pagesFetched'),
    lookups: sum(reports, 'lookups'),
    records: sum(reports, 'records'),
    skippedRecords: sum(reports, 'skippedRecords'),
    pageJobIds: reports.flatMap((r) => r.pageJobIds),
  };
}

const sum = (reports: readonly PollReport[], key: 'pagesFetched' | 'lookups' | 'records' | 'skippedRecords'): number => reports.reduce((n, r) => n + r[key], 0);

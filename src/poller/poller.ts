import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Execution } from '../domain/execution';
import { type FetchedPage, planNextStep } from '../domain/plan-pages';
import type { IflyrpaClient } from '../iflyrpa/iflyrpa-client';
import type { PageJob } from '../queues/job-schemas';
import type { StateStore } from '../state/state-store';

export interface PollReport {
  pollId: string;
  baselinePoll: boolean;
  pagesFetched: number;
  lookups: number;
  records: number;
  skippedRecords: number;
  pageJobIds: string[];
}

export interface PollerDeps {
  client: IflyrpaClient;
  store: StateStore;
  pageQueue: Queue;
  logger: Logger;
  pageSize: number;
  maxPagesPerPoll: number;
  now?: () => number;
}

/**
 * One poll: fetch page 1, then only as deep as can still hold news (see planNextStep), and hand each
 * fetched page to the page workers. API errors propagate: the caller decides how to back off.
 */
export async function pollOnce(deps: PollerDeps): Promise<PollReport> {
  const { client, store, pageQueue, logger } = deps;
  const now = deps.now ?? Date.now;
  const pollId = randomUUID();
  let baseline = await store.baseline();
  const baselinePoll = baseline === null;
  if (baselinePoll) logger.info('no state in Redis (first start, or Redis was wiped): this poll records a baseline and sends nothing');
  const trackedPending = await store.trackedPending();
  const pages: FetchedPage[] = [];
  const report: PollReport = { pollId, baselinePoll, pagesFetched: 0, lookups: 0, records: 0, skippedRecords: 0, pageJobIds: [] };

  const enqueue = async (executions: Execution[], source: PageJob['source']) => {
    if (executions.length === 0) return;
    const job: PageJob = { pollId, source, fetchedAt: now(), baselinePoll, executions };
    const added = await pageQueue.add('page', job);
    if (added.id) report.pageJobIds.push(added.id);
  };

  const lookupOffset = Math.floor(Math.random() * 1_000_000);
  for (;;) {
    const step = planNextStep({ pageSize: deps.pageSize, maxPages: deps.maxPagesPerPoll, maxLookups: deps.maxPagesPerPoll, pages, trackedPending, lookupOffset });
    if (step.kind === 'done') break;
    if (step.kind === 'fetchPage') {
      const page = await client.listExecutions(step.pageNo, deps.pageSize);
      report.pagesFetched++;
      report.records += page.executions.length;
      report.skippedRecords += page.problems.length;
      for (const p of page.problems) logger.warn({ pageNo: step.pageNo, index: p.index, executionId: p.id }, `skipped a malformed execution record on page ${step.pageNo}: ${p.problem}`);
      const ids = page.executions.map((e) => e.id);
      const known = await store.knownIds(ids);
      const starts = page.executions.map((e) => e.startMs).filter((ms): ms is number => ms !== null);
      pages.push({ pageNo: step.pageNo, ids, knownCount: known.size, recordCount: page.executions.length + page.problems.length, oldestStartMs: starts.length ? Math.min(...starts) : null });
      if (baselinePoll && step.pageNo === 1) {
        baseline = await store.establishBaseline(starts.length ? Math.max(...starts) : now());
      }
      logger.debug({ pageNo: step.pageNo, reason: step.reason, records: ids.length, known: known.size }, 'fetched a page');
      await enqueue(page.executions, { kind: 'page', pageNo: step.pageNo });
    } else {
      const found: Execution[] = [];
      for (const id of step.ids) {
        report.lookups++;
        const execution = await client.getExecution(id);
        if (execution) found.push(execution);
        else logger.warn({ executionId: id }, `tracked execution ${id} is no longer served by iFlyRPA; still watching it`);
      }
      logger.debug({ ids: step.ids.length, found: found.length }, 'looked up tracked PENDING executions by id');
      report.records += found.length;
      await enqueue(found, { kind: 'lookup' });
      break;
    }
  }
  await store.recordPollSuccess(now());
  return report;
}

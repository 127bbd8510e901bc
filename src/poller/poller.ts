import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { formatDuration } from '../config/duration';
import type { Execution } from '../domain/execution';
import { firstBaseline } from '../domain/first-baseline';
import { lightenPage, type RecordedState } from '../domain/page-payload';
import { type FetchedPage, planNextStep, type PollProgress } from '../domain/plan-pages';
import type { IflyrpaClient } from '../iflyrpa/iflyrpa-client';
import type { PageJob } from '../queues/job-schemas';
import type { StateStore } from '../state/state-store';
import { recordCatchUp } from './record-catch-up';

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
  /** A tracked PENDING run missing (list and lookup) this long is no longer tracked. */
  vanishedAfterMs: number;
  now?: () => number;
  /** The config file's account polled (absent: the one account of IFLYRPA_API_KEY); its pages say so. */
  account?: string;
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
  const catchUp = await store.catchUpCursor();
  const missing = await store.missingSince();
  const pages: FetchedPage[] = [];
  const report: PollReport = { pollId, baselinePoll, pagesFetched: 0, lookups: 0, records: 0, skippedRecords: 0, pageJobIds: [] };

  // `recorded`: what the state held at fetch time, so only runs that can make news travel (see lightenPage).
  const enqueue = async (executions: Execution[], source: PageJob['source'], recorded: ReadonlyMap<string, RecordedState> | null) => {
    const payload = lightenPage(executions, recorded, baselinePoll);
    if (payload.items.length === 0) return;
    const job: PageJob = { ...(deps.account ? { account: deps.account } : {}), pollId, source, fetchedAt: now(), baselinePoll, ...payload };
    const added = await pageQueue.add('page', job);
    if (added.id) report.pageJobIds.push(added.id);
  };

  const progress: PollProgress = {
    pageSize: deps.pageSize,
    maxPages: deps.maxPagesPerPoll,
    maxLookups: deps.maxPagesPerPoll,
    pages,
    trackedPending,
    lookupOffset: Math.floor(Math.random() * 1_000_000),
    catchUp: baselinePoll ? null : (catchUp?.cursors[0] ?? null),
    olderCatchUps: baselinePoll ? [] : (catchUp?.cursors.slice(1) ?? []),
    missingIds: [...missing.keys()],
    baselineMs: baseline,
  };
  const served = new Set<string>();
  for (;;) {
    const step = planNextStep(progress);
    if (step.kind === 'done') break;
    if (step.kind === 'fetchPage') {
      const page = await client.listExecutions(step.pageNo, deps.pageSize);
      report.pagesFetched++;
      report.records += page.executions.length;
      const skipped = page.problems.filter((p) => !p.kept).length;
      report.skippedRecords += skipped;
      for (const p of page.problems) {
        logger.warn(
          { pageNo: step.pageNo, index: p.index, executionId: p.id },
          p.kept ? `kept execution ${p.id} on page ${step.pageNo} with a part cut down: ${p.problem}` : `skipped a malformed execution record on page ${step.pageNo}: ${p.problem}`,
        );
      }
      const ids = page.executions.map((e) => e.id);
      for (const id of ids) served.add(id);
      const recorded = await store.recordedStatuses(ids);
      const known = new Set(recorded.keys());
      const starts = page.executions.map((e) => e.startMs).filter((ms): ms is number => ms !== null);
      pages.push({
        pageNo: step.pageNo,
        reason: step.reason,
        ids,
        known: ids.map((id) => known.has(id)),
        startMs: page.executions.map((e) => e.startMs),
        knownCount: known.size,
        recordCount: page.executions.length + skipped,
        oldestStartMs: starts.length ? Math.min(...starts) : null,
      });
      if (baselinePoll && step.pageNo === 1) {
        baseline = await store.establishBaseline(firstBaseline(starts, now()));
        progress.baselineMs = baseline;
        if (starts.length === 0) logger.info({ baselineMs: baseline }, `no executions with a start time yet: runs that started after ${new Date(baseline).toISOString()} will be alerted`);
      }
      logger.debug({ pageNo: step.pageNo, reason: step.reason, records: ids.length, known: known.size }, 'fetched a page');
      await enqueue(page.executions, { kind: 'page', pageNo: step.pageNo }, recorded);
    } else {
      const found: Execution[] = [];
      for (const id of step.ids) {
        report.lookups++;
        const execution = await client.getExecution(id);
        if (execution) {
          found.push(execution);
          served.add(id);
        } else await noteMissing(deps, id, missing.get(id), now());
      }
      logger.debug({ ids: step.ids.length, found: found.length }, 'looked up tracked PENDING executions by id');
      report.records += found.length;
      await enqueue(found, { kind: 'lookup' }, null);
      break;
    }
  }
  // Served again, or no longer tracked (ended, or dropped by another process): its miss is forgotten.
  const tracked = new Set(trackedPending.map((pending) => pending.id));
  await store.clearMissing([...missing.keys()].filter((id) => served.has(id) || !tracked.has(id)));
  await recordCatchUp(deps, progress, catchUp, baselinePoll, now());
  await store.recordPollSuccess(now());
  return report;
}

/** A tracked run no lookup finds: one warning when first missed, one when dropped after VANISHED_AFTER. */
async function noteMissing(deps: PollerDeps, id: string, firstMissedMs: number | undefined, now: number): Promise<void> {
  const { store, logger } = deps;
  const after = formatDuration(deps.vanishedAfterMs);
  if (firstMissedMs === undefined) {
    await store.markMissing(id, now);
    logger.warn({ executionId: id }, `tracked execution ${id} is no longer served by iFlyRPA (neither listed nor found by id); still watching it for up to ${after}`);
  } else if (now - firstMissedMs >= deps.vanishedAfterMs) {
    await store.dropVanished(id);
    logger.warn({ executionId: id, missingForMs: now - firstMissedMs }, `tracked execution ${id} has not been served by iFlyRPA for ${after}: dropped from tracking`);
  } else {
    logger.debug({ executionId: id, missingForMs: now - firstMissedMs }, `tracked execution ${id} is still not served`);
  }
}

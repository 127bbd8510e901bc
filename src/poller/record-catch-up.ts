import { catchUpAfterPoll, MAX_CATCH_UPS } from '../domain/catch-up-stack';
import type { CatchUpCursor } from '../domain/plan-catch-up';
import type { PollProgress } from '../domain/plan-pages';
import type { CatchUpState } from '../state/state-store';
import type { PollerDeps } from './poller';

const startText = (ms: number | null) => (ms === null ? 'an unreadable time' : new Date(ms).toISOString());
const waitingText = (older: CatchUpCursor[]) => (older.length === 0 ? '' : `; ${older.length} older catch-up${older.length === 1 ? '' : 's'} waiting`);

/** Keeps the catch-ups in Redis for the next poll (any process), and says how they go. */
export async function recordCatchUp(
  deps: Pick<PollerDeps, 'store' | 'logger' | 'pageSize' | 'maxPagesPerPoll'>,
  progress: PollProgress,
  previous: CatchUpState | null,
  baselinePoll: boolean,
  now: number,
): Promise<void> {
  const { store, logger } = deps;
  // A catch-up left from before the state was wiped means nothing to the new baseline.
  if (baselinePoll && previous) await store.clearCatchUp();
  const outcome = catchUpAfterPoll(progress, baselinePoll);
  const fetched = progress.pages.filter((page) => page.reason === 'catchUp').reduce((sum, page) => sum + page.ids.length, 0);
  const perPoll = deps.pageSize * deps.maxPagesPerPoll;
  const polls = (previous?.polls ?? 0) + 1;
  switch (outcome.kind) {
    case 'none':
      return;
    case 'started': {
      await store.saveCatchUp({ cursors: [outcome.cursor], startedAt: now, polls: 1, records: outcome.cursor.nextPosition });
      logger.info({ position: outcome.cursor.nextPosition }, `more new runs than one poll may fetch (PAGE_SIZE × MAX_PAGES_PER_POLL = ${perPoll}): catching up on the older ones in the following polls`);
      return;
    }
    case 'overtaken': {
      const records = (previous?.records ?? 0) + outcome.cursor.nextPosition;
      await store.saveCatchUp({ cursors: [outcome.cursor, ...outcome.older], startedAt: previous?.startedAt ?? now, polls, records });
      logger.warn(
        { position: outcome.cursor.nextPosition, waiting: outcome.older.length },
        `catch-up overtaken: again more than ${perPoll} new runs since the last poll; catching up on the newest first, then the unfinished catch-up goes on where it stopped${waitingText(outcome.older)}`,
      );
      for (const dropped of outcome.dropped) {
        logger.warn(
          { lastId: dropped.lastId, lastStartMs: dropped.lastStartMs },
          `more than ${MAX_CATCH_UPS} unfinished catch-ups: the oldest is dropped; runs that started before ${startText(dropped.lastStartMs)} (below execution ${dropped.lastId}) and were not fetched yet may never be alerted`,
        );
      }
      return;
    }
    case 'continues': {
      const records = (previous?.records ?? 0) + fetched;
      await store.saveCatchUp({ cursors: [outcome.cursor, ...outcome.older], startedAt: previous?.startedAt ?? now, polls, records });
      const resumed = outcome.resumed > 0 ? `; caught up on the newer backlog, the older catch-up goes on` : '';
      logger.info(
        { position: outcome.cursor.nextPosition, polls, records, waiting: outcome.older.length },
        `catch-up under way: ${records} runs fetched in ${polls} polls, now at position ${outcome.cursor.nextPosition} of the list${resumed}${waitingText(outcome.older)}`,
      );
      return;
    }
    case 'ended': {
      await store.clearCatchUp();
      const records = (previous?.records ?? 0) + fetched;
      const where = { knownRuns: 'reached runs known from before', listEnd: 'reached the end of the list', history: 'reached runs older than the baseline (history)' }[outcome.reason];
      logger.info({ position: outcome.position, polls, records, reason: outcome.reason }, `catch-up finished: ${records} runs fetched in ${polls} polls; ${where}`);
      return;
    }
  }
}

import { type Execution, isPending } from './execution';

/** What detection needs of one record: id, status, start and end (ms, null when unreadable). */
export type PageItem = [id: string, status: string, startMs: number | null, endMs: number | null];

/** A page as it travels to detection: every record's item, and the full records only where they can matter. */
export interface PagePayload {
  items: PageItem[];
  records: Execution[];
}

export const pageItemOf = (e: Execution): PageItem => [e.id, e.status, e.startMs, e.endMs];

/** What the state holds of a recorded run: still PENDING, or ended (which terminal status does not matter: they are sticky). */
export type RecordedState = 'PENDING' | 'ENDED';

/**
 * Whether a record's full content must travel with its page. Only a transition's alert, and a running
 * run's STUCK alert (the last record seen), show more than id, status and times.
 * `previous` is what the state held when the page was fetched (undefined: never recorded).
 */
export function needsRecord(status: string, previous: RecordedState | undefined, baselinePoll: boolean): boolean {
  if (isPending(status)) return true;
  // The baseline poll alerts nothing: its ended runs are history.
  if (baselinePoll) return false;
  return previous === undefined || previous === 'PENDING';
}

/**
 * The page job's payload. `recorded` is what the state held of each id when the page was fetched;
 * null when unknown (then every record travels, as for a lookup's few tracked runs). A run recorded
 * as ended is left out altogether: terminal statuses are sticky, so detection would change nothing
 * and say nothing about it. A page of such runs needs no job at all.
 */
export function lightenPage(executions: readonly Execution[], recorded: ReadonlyMap<string, RecordedState> | null, baselinePoll: boolean): PagePayload {
  if (recorded === null) return { items: executions.map(pageItemOf), records: [...executions] };
  const open = executions.filter((e) => recorded.get(e.id) !== 'ENDED');
  return { items: open.map(pageItemOf), records: open.filter((e) => needsRecord(e.status, recorded.get(e.id), baselinePoll)) };
}

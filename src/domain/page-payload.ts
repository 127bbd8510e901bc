import { type Execution, isPending } from './execution';

/** What detection needs of one record: id, status, start and end (ms, null when unreadable). */
export type PageItem = [id: string, status: string, startMs: number | null, endMs: number | null];

/** A page as it travels to detection: every record's item, and the full records only where they can matter. */
export interface PagePayload {
  items: PageItem[];
  records: Execution[];
}

export const pageItemOf = (e: Execution): PageItem => [e.id, e.status, e.startMs, e.endMs];

/**
 * Whether a record's full content must travel with its page. Only a transition's alert, and a running
 * run's STUCK alert (the last record seen), show more than id, status and times; a record whose last
 * recorded status is terminal (sticky) or that is still PENDING as before can raise neither.
 * `previous` is the status the state held when the page was fetched (undefined: never recorded).
 */
export function needsRecord(status: string, previous: string | undefined, baselinePoll: boolean): boolean {
  if (isPending(status)) return true;
  // The baseline poll alerts nothing: its ended runs are history.
  if (baselinePoll) return false;
  return previous === undefined || isPending(previous);
}

/**
 * The page job's payload. `recorded` maps ids to the status the state held when the page was
 * fetched; null when unknown (then every record travels, as for a lookup's few tracked runs).
 */
export function lightenPage(executions: readonly Execution[], recorded: ReadonlyMap<string, string> | null, baselinePoll: boolean): PagePayload {
  const items = executions.map(pageItemOf);
  const records = recorded === null ? [...executions] : executions.filter((e) => needsRecord(e.status, recorded.get(e.id), baselinePoll));
  return { items, records };
}

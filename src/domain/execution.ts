/** A JSON-like value as the API hands it over (or as parsed from a Python dict string). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const KNOWN_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;

/** One execution record, as we trust it after validation at the API edge. */
export interface Execution {
  id: string;
  projectId: string;
  /** PENDING, COMPLETED, FAILED, or a value the docs do not list (kept as served, upper-cased). */
  status: string;
  /** Object as served, or the verbatim string when the API sends a string that does not parse. */
  parameters: JsonValue;
  result: JsonValue;
  error: string | null;
  execPosition: string | null;
  version: number | null;
  userId: string | null;
  /** Raw times as served (no zone), and the instants they stand for (null when unparsable). */
  startTime: string | null;
  endTime: string | null;
  startMs: number | null;
  endMs: number | null;
}

export const isPending = (status: string): boolean => status === 'PENDING';

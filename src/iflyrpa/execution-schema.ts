import { z } from 'zod';
import { parseApiTime } from '../domain/api-time';
import { boundJson } from '../domain/bound-json';
import type { Execution, JsonValue } from '../domain/execution';
import { parsePythonLiteral } from '../domain/python-literal';

const MAX_ID_LENGTH = 200;

const jsonish = z.unknown().transform((value): JsonValue => {
  if (value === undefined) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    // The execute endpoint sends Python's str(dict); JSON text parses too. Anything else stays verbatim.
    if (/^[[{(]/.test(trimmed)) {
      const parsed = parsePythonLiteral(trimmed) ?? tryJson(trimmed);
      if (parsed !== undefined) return parsed;
    }
    return value;
  }
  // Not trusted yet: parseExecutions bounds it (depth, size) before anything serialises it.
  return value as JsonValue;
});

function tryJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

const nullableText = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v)));

/** One record of `data.executions`, validated on its own so a bad one never sinks its page. */
export const rawExecutionSchema = z.object({
  id: z.string().trim().min(1, 'id is empty').max(MAX_ID_LENGTH, 'id is too long'),
  project_id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1, 'project_id is empty').max(MAX_ID_LENGTH)),
  status: z.string().trim().min(1, 'status is empty').max(64, 'status is too long').transform((s) => s.toUpperCase()),
  parameters: jsonish,
  result: jsonish,
  // An object error becomes its JSON in parseExecutions, once bounded (JSON.stringify of a deep one throws).
  error: z.unknown(),
  exec_position: nullableText,
  version: z.union([z.number(), z.string()]).nullish().transform((v) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v))),
  user_id: nullableText,
  start_time: z.string().nullish().transform((v) => v ?? null),
  end_time: z.string().nullish().transform((v) => v ?? null),
});

/** A record skipped for good, or (`kept`) processed with a part cut down that the bot could not hold. */
export type RecordProblem = { index: number; id: string | undefined; problem: string; kept?: true };

/** The record with every field bounded, and what was cut (null when nothing was). */
export function toExecution(raw: z.infer<typeof rawExecutionSchema>, offsets: { start: string; end: string }): { execution: Execution; cut: string | null } {
  const parameters = boundJson(raw.parameters);
  const result = boundJson(raw.result);
  const error = raw.error === null || raw.error === undefined ? null : boundJson(raw.error);
  const cuts = (
    [
      ['parameters', parameters.cut],
      ['result', result.cut],
      ['error', error?.cut ?? null],
    ] as const
  ).filter(([, cut]) => cut !== null);
  const reasons = [...new Set(cuts.map(([, cut]) => cut))].join('; ');
  const cut = cuts.length ? `${cuts.map(([field]) => field).join(', ')}: ${reasons}; cut, the record is kept` : null;
  const execution: Execution = {
    id: raw.id,
    projectId: raw.project_id,
    status: raw.status,
    parameters: parameters.value,
    result: result.value,
    error: error === null ? null : typeof error.value === 'string' ? error.value : JSON.stringify(error.value),
    execPosition: raw.exec_position,
    version: raw.version,
    userId: raw.user_id,
    startTime: raw.start_time,
    endTime: raw.end_time,
    startMs: parseApiTime(raw.start_time, offsets.start),
    endMs: parseApiTime(raw.end_time, offsets.end),
  };
  return { execution, cut };
}

/**
 * Validates each record on its own; a bad record becomes a problem line, the rest of the page stands.
 * A record with a part the bot cannot hold (too deep, too large) is kept with that part cut down,
 * and one `kept` problem names it, so that everything inside can trust an Execution serialises.
 */
export function parseExecutions(records: unknown[], offsets: { start: string; end: string }): { executions: Execution[]; problems: RecordProblem[] } {
  const executions: Execution[] = [];
  const problems: RecordProblem[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const parsed = rawExecutionSchema.safeParse(record);
    const id = typeof (record as { id?: unknown } | null)?.id === 'string' ? ((record as { id: string }).id.slice(0, 80)) : undefined;
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first?.path.join('.') || 'record';
      problems.push({ index, id, problem: `${where}: ${first?.message ?? 'invalid'}` });
      return;
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ index, id, problem: 'duplicate id in one page (kept the first)' });
      return;
    }
    seen.add(parsed.data.id);
    const { execution, cut } = toExecution(parsed.data, offsets);
    if (cut) problems.push({ index, id, problem: cut, kept: true });
    executions.push(execution);
  });
  return { executions, problems };
}

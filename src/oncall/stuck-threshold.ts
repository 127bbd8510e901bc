/** Durations needed before a workflow's own history is trusted over the global STUCK_AFTER. */
export const MIN_LEARNED_DURATIONS = 20;
/** Slower than 3 × its usual worst case (p95) is worth a word, not one slow run among many. */
export const LEARNED_FACTOR = 3;
/** A workflow that usually takes seconds is not "stuck" after a minute: a floor for learned thresholds. */
export const MIN_LEARNED_THRESHOLD_MS = 5 * 60_000;
/** Durations kept per workflow: recent enough to follow a change, small enough for Redis. */
export const MAX_DURATIONS = 100;

export interface StuckThresholdInput {
  /** The workflow's `stuck_after` from the file: a duration, `null` for `off`, absent when not set. */
  configuredMs?: number | null;
  /** The workflow's recent run durations (ms). */
  durationsMs: readonly number[];
  /** STUCK_AFTER, `null` when `off`. */
  fallbackMs: number | null;
}

/**
 * How long a run may stay PENDING before one STUCK alert, `null` for never. What the file says for
 * the workflow wins; then what its own history shows, once there is enough of it; then the global.
 */
export function stuckThresholdMs(input: StuckThresholdInput): number | null {
  if (input.configuredMs !== undefined) return input.configuredMs;
  const durations = input.durationsMs.filter(isDuration);
  if (durations.length >= MIN_LEARNED_DURATIONS) return Math.max(LEARNED_FACTOR * p95(durations)!, MIN_LEARNED_THRESHOLD_MS);
  return input.fallbackMs;
}

/** The 95th percentile by nearest rank (a value that occurred, no interpolation); undefined when empty. */
export function p95(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  // Integer arithmetic, so the rank never depends on how 0.95 rounds in floating point.
  return sorted[Math.ceil((95 * sorted.length) / 100) - 1];
}

/**
 * The list with `ms` appended, oldest first, keeping the last `max`. A duration that cannot be one
 * (negative: clocks or zones disagree; not finite) is left out rather than skew the threshold.
 */
export function recordDuration(list: readonly number[], ms: number, max = MAX_DURATIONS): number[] {
  if (!isDuration(ms)) return [...list].slice(-max);
  return [...list, ms].slice(-max);
}

const isDuration = (ms: number): boolean => Number.isFinite(ms) && ms >= 0;

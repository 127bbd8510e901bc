import { formatInstant } from '../domain/api-time';
import type { Transition } from '../domain/transition';
import { formatDurationIn, type Language, t } from '../i18n/messages';
import { SAME_ERROR_MAX_RUNS } from '../oncall/error-counts';

/**
 * The on-call lines of an alert (PRODUCT "On-call behaviour (wave 2)"): the COMPLETED run that ends a
 * failing streak says after how many failures and since when; a FAILED run whose error was seen before
 * says how often and in how many workflows. Null when there is nothing to say.
 */
export function describeRecovered(transition: Transition, timeZone: string, language: Language): string | null {
  const { execution, streak } = transition;
  if (execution.status !== 'COMPLETED' || streak?.kind !== 'recovered' || streak.failures === undefined || streak.since === undefined) return null;
  const params = { failures: streak.failures, since: clock(streak.since, endOf(transition), timeZone) };
  const line = t(language, streak.failures === 1 ? 'alert.recovered_one' : 'alert.recovered', params);
  return streak.durationMs === undefined || streak.durationMs < 0 ? line : line + t(language, 'alert.recovered_duration', { duration: formatDurationIn(language, streak.durationMs) });
}

export function describeSameError(transition: Transition, timeZone: string, language: Language): string | null {
  const { execution, sameError } = transition;
  if (execution.status !== 'FAILED' || sameError === undefined || sameError.runs < 2) return null;
  // The count keeps at most SAME_ERROR_MAX_RUNS runs: at the cap it means "at least".
  const runs = sameError.runs >= SAME_ERROR_MAX_RUNS ? `${grouped(SAME_ERROR_MAX_RUNS)}+` : grouped(sameError.runs);
  const line = t(language, 'alert.same_error', { runs, since: clock(sameError.since, endOf(transition), timeZone) });
  return sameError.workflows > 1 ? line + t(language, 'alert.same_error_workflows', { workflows: grouped(sameError.workflows) }) : line;
}

/** STUCK: how long the run has been running; a run that ended after a STUCK alert: that it had one. */
export function describeStuck(transition: Transition, language: Language): string | null {
  const { execution } = transition;
  if (execution.status === 'STUCK') {
    return execution.startMs === null ? null : t(language, 'alert.stuck', { running: formatRunning(language, transition.detectedAt - execution.startMs) });
  }
  return transition.reportedStuck ? t(language, 'alert.reported_stuck') : null;
}

/** `2h 03m`, `45m`: minutes are what matters for a run hung for hours. */
export function formatRunning(language: Language, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? t(language, 'duration.hm', { h, m: String(m).padStart(2, '0') }) : t(language, 'duration.m', { m });
}

const endOf = (transition: Transition): number => transition.execution.endMs ?? transition.detectedAt;

/** `09:12` in the display zone, with the date in front when it is not the day the run ended. */
export function clock(ms: number, reference: number, timeZone: string): string {
  const at = formatInstant(ms, timeZone);
  const sameDay = at.slice(0, 10) === formatInstant(reference, timeZone).slice(0, 10);
  return sameDay ? at.slice(11, 16) : at.slice(0, 16);
}

const grouped = (n: number): string => n.toLocaleString('en-US');

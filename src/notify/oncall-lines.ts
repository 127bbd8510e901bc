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

const endOf = (transition: Transition): number => transition.execution.endMs ?? transition.detectedAt;

/** `09:12` in the display zone, with the date in front when it is not the day the run ended. */
function clock(ms: number, reference: number, timeZone: string): string {
  const at = formatInstant(ms, timeZone);
  const sameDay = at.slice(0, 10) === formatInstant(reference, timeZone).slice(0, 10);
  return sameDay ? at.slice(11, 16) : at.slice(0, 16);
}

const grouped = (n: number): string => n.toLocaleString('en-US');

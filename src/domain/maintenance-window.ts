import { CronExpressionParser } from 'cron-parser';

/** A recurring silence from the file: `{ cron: "0 2 * * *", for: 1h }`, read in DIGEST_TIMEZONE. */
export interface MaintenanceWindow {
  cron: string;
  forMs: number;
  timeZone: string;
}

/**
 * The occurrence of the window that covers `at` ([start, end), ms), if any. Only the latest start at
 * or before `at` can: every occurrence lasts as long, so an earlier one ends earlier. The caller can
 * treat it as a mute until `end` (see isMuted), for the window's workflows.
 */
export function maintenanceOccurrence(window: MaintenanceWindow, at: number): { start: number; end: number } | undefined {
  // cron-parser's prev() is strictly before its current date: one millisecond on, a start at `at` counts.
  const start = CronExpressionParser.parse(window.cron, { currentDate: at + 1, tz: window.timeZone }).prev().getTime();
  const end = start + window.forMs;
  return at < end ? { start, end } : undefined;
}

export function isInMaintenance(window: MaintenanceWindow, at: number): boolean {
  return maintenanceOccurrence(window, at) !== undefined;
}

/**
 * Throws a one-line reason when the window cannot work: a cron that does not parse or never fires
 * (`0 0 30 2 *`), a zone that does not exist, a duration that is not positive. For the config check at start.
 */
export function validateMaintenanceWindow(window: MaintenanceWindow, now = Date.now()): void {
  if (!(Number.isFinite(window.forMs) && window.forMs > 0)) throw new Error(`maintenance "for" must be a positive duration, got ${window.forMs} ms`);
  try {
    const cron = CronExpressionParser.parse(window.cron, { currentDate: now, tz: window.timeZone });
    cron.next();
  } catch (error) {
    throw new Error(`maintenance cron "${window.cron}" (${window.timeZone}) never fires or does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The next start of the window strictly after `at` (ms), for `rpa-notify mutes` and `check`. */
export function nextMaintenanceStart(window: MaintenanceWindow, at: number): number {
  return CronExpressionParser.parse(window.cron, { currentDate: at, tz: window.timeZone }).next().getTime();
}

import { CronExpressionParser } from 'cron-parser';
import { zoneOffsetMinutes } from './api-time';

/** Where digest periods begin and end. */
export interface DigestSchedule {
  /** The first boundary strictly after `ms`. */
  next(ms: number): number;
  /** The last boundary at or before `ms`. */
  prev(ms: number): number;
}

const DAY_MS = 86_400_000;
/** 1970-01-05, a Monday, in days since the epoch: periods of whole days count from it, so weekly ones start on Mondays. */
const FIRST_MONDAY = 4;

/**
 * Every `intervalMs`, aligned to the clock in `timeZone`: hourly digests close on the hour. Whole days
 * (`1d`, `7d`) follow the zone's calendar: local midnight to local midnight, 23 or 25 hours across a
 * DST change, weeks from Monday. Other intervals that divide a day are aligned to the local clock; the
 * rest to the Unix epoch.
 */
export function intervalSchedule(intervalMs: number, timeZone: string): DigestSchedule {
  if (intervalMs % DAY_MS === 0) return calendarDays(intervalMs / DAY_MS, timeZone);
  const alignsToDay = intervalMs < DAY_MS && DAY_MS % intervalMs === 0;
  const offset = (ms: number) => (alignsToDay ? zoneOffsetMinutes(ms, timeZone) * 60_000 : 0);
  return {
    next(ms) {
      const o = offset(ms);
      return (Math.floor((ms + o) / intervalMs) + 1) * intervalMs - o;
    },
    prev(ms) {
      const o = offset(ms);
      return Math.floor((ms + o) / intervalMs) * intervalMs - o;
    },
  };
}

/** Periods of `days` calendar days in `timeZone`, each from a local midnight (counted from FIRST_MONDAY). */
function calendarDays(days: number, timeZone: string): DigestSchedule {
  const localDay = (ms: number) => Math.floor((ms + zoneOffsetMinutes(ms, timeZone) * 60_000) / DAY_MS);
  const periodOf = (ms: number) => Math.floor((localDay(ms) - FIRST_MONDAY) / days);
  const startOf = (period: number) => startOfLocalDay(FIRST_MONDAY + period * days, timeZone, localDay);
  return {
    next(ms) {
      let period = periodOf(ms) + 1;
      while (startOf(period) <= ms) period++;
      return startOf(period);
    },
    prev(ms) {
      let period = periodOf(ms);
      while (startOf(period) > ms) period--;
      return startOf(period);
    },
  };
}

/** The first instant of a local calendar day: its midnight, or the end of the gap when the clocks skip midnight. */
function startOfLocalDay(day: number, timeZone: string, localDay: (ms: number) => number): number {
  const wall = day * DAY_MS;
  const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  const second = wall - zoneOffsetMinutes(first, timeZone) * 60_000;
  const inDay = [first, second].filter((ms) => localDay(ms) === day);
  return inDay.length > 0 ? Math.min(...inDay) : second;
}

/** A cron expression (e.g. `0 9 * * 1-5`, weekdays at 09:00) read in `timeZone`. */
export function cronSchedule(expression: string, timeZone: string): DigestSchedule {
  const at = (ms: number) => CronExpressionParser.parse(expression, { currentDate: ms, tz: timeZone });
  return {
    next: (ms) => at(ms).next().getTime(),
    // cron-parser's prev() is strictly before: step a millisecond past so a boundary counts as its own prev.
    prev: (ms) => at(ms + 1).prev().getTime(),
  };
}

/** Throws with a readable message when the expression is not a cron expression. */
export function validateCron(expression: string, timeZone: string): void {
  CronExpressionParser.parse(expression, { tz: timeZone }).next();
}

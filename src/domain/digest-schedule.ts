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

/**
 * Every `intervalMs`, aligned to the clock in `timeZone`: hourly digests close on the hour, daily ones
 * at local midnight. An interval that does not divide a day is aligned to the Unix epoch instead.
 */
export function intervalSchedule(intervalMs: number, timeZone: string): DigestSchedule {
  const alignsToDay = intervalMs <= DAY_MS && DAY_MS % intervalMs === 0;
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

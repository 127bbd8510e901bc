import { isInMaintenance, maintenanceOccurrence, type MaintenanceWindow, validateMaintenanceWindow } from '../../src/domain/maintenance-window';

const MIN = 60_000;
const HOUR = 60 * MIN;
const utc = (text: string) => Date.parse(`${text}Z`);
const window = (cron: string, forMs: number, timeZone = 'Asia/Shanghai'): MaintenanceWindow => ({ cron, forMs, timeZone });

describe('maintenanceOccurrence', () => {
  // 02:00 in Shanghai is 18:00 UTC the day before.
  it.each<[string, MaintenanceWindow, string, boolean]>([
    ['02:00 Shanghai for 1h: its first instant', window('0 2 * * *', HOUR), '2026-11-28T18:00:00.000', true],
    ['02:00 Shanghai for 1h: its last millisecond', window('0 2 * * *', HOUR), '2026-11-28T18:59:59.999', true],
    ['02:00 Shanghai for 1h: the end is exclusive', window('0 2 * * *', HOUR), '2026-11-28T19:00:00.000', false],
    ['02:00 Shanghai for 1h: just before', window('0 2 * * *', HOUR), '2026-11-28T17:59:59.999', false],
    ['02:00 Shanghai is not 02:00 UTC', window('0 2 * * *', HOUR), '2026-11-29T02:30:00.000', false],
    ['02:00 UTC in UTC', window('0 2 * * *', HOUR, 'UTC'), '2026-11-29T02:30:00.000', true],
    ['23:00 for 2h spans midnight', window('0 23 * * *', 2 * HOUR, 'UTC'), '2026-11-30T00:30:00.000', true],
    ['weekdays only: a Saturday is not covered', window('0 2 * * 1-5', HOUR, 'UTC'), '2026-11-28T02:30:00.000', false],
    ['weekdays only: a Friday is', window('0 2 * * 1-5', HOUR, 'UTC'), '2026-11-27T02:30:00.000', true],
    ['longer than its interval: always covered', window('*/10 * * * *', 15 * MIN, 'UTC'), '2026-11-29T10:09:00.000', true],
    ['Berlin 02:00 on the autumn DST day: the first 02:00 (CEST)', window('0 2 * * *', 30 * MIN, 'Europe/Berlin'), '2026-10-25T00:10:00.000', true],
  ])('%s', (_name, w, at, covered) => {
    expect(isInMaintenance(w, utc(at))).toBe(covered);
  });

  it('says when the occurrence began and ends', () => {
    expect(maintenanceOccurrence(window('0 2 * * *', HOUR), utc('2026-11-28T18:20:00'))).toEqual({ start: utc('2026-11-28T18:00:00'), end: utc('2026-11-28T19:00:00') });
    expect(maintenanceOccurrence(window('0 2 * * *', HOUR), utc('2026-11-28T20:00:00'))).toBeUndefined();
  });
});

describe('validateMaintenanceWindow', () => {
  it.each<[string, MaintenanceWindow, RegExp | null]>([
    ['a daily window', window('0 2 * * *', HOUR), null],
    ['a cron that never fires (30 February)', window('0 0 30 2 *', HOUR), /^maintenance cron "0 0 30 2 \*" \(Asia\/Shanghai\) never fires or does not parse: /],
    ['a cron that does not parse', window('61 * * * *', HOUR), /^maintenance cron "61 \* \* \* \*"/],
    ['a zone that does not exist', window('0 2 * * *', HOUR, 'Mars/Olympus'), /^maintenance cron "0 2 \* \* \*" \(Mars\/Olympus\)/],
    ['a zero duration', window('0 2 * * *', 0), /^maintenance "for" must be a positive duration, got 0 ms$/],
    ['a negative duration', window('0 2 * * *', -HOUR), /must be a positive duration/],
  ])('%s', (_name, w, error) => {
    const check = () => validateMaintenanceWindow(w, utc('2026-11-29T00:00:00'));
    if (error === null) expect(check).not.toThrow();
    else expect(check).toThrow(error);
  });
});

import { cronSchedule, intervalSchedule } from '../../src/domain/digest-schedule';

const utc = (text: string) => Date.parse(`${text}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describe('digest periods', () => {
  it.each<[string, number, string, string, string, string]>([
    ['hourly in Shanghai closes on the hour', 3_600_000, 'Asia/Shanghai', '2026-11-25T06:17', '2026-11-25T06:00', '2026-11-25T07:00'],
    ['hourly in Kolkata (+05:30) closes on the local hour', 3_600_000, 'Asia/Kolkata', '2026-11-25T06:17', '2026-11-25T05:30', '2026-11-25T06:30'],
    ['daily in Shanghai closes at local midnight', 86_400_000, 'Asia/Shanghai', '2026-11-25T06:17', '2026-11-24T16:00', '2026-11-25T16:00'],
    ['15 minutes in UTC', 900_000, 'UTC', '2026-11-25T06:17', '2026-11-25T06:15', '2026-11-25T06:30'],
    ['a boundary is its own prev, and next is strictly after', 3_600_000, 'UTC', '2026-11-25T06:00', '2026-11-25T06:00', '2026-11-25T07:00'],
    ['7 hours does not divide a day: aligned to the epoch', 7 * 3_600_000, 'Asia/Shanghai', '2026-11-25T06:17', '2026-11-25T03:00', '2026-11-25T10:00'],
  ])('%s', (_name, interval, zone, at, prev, next) => {
    const schedule = intervalSchedule(interval, zone);
    expect(iso(schedule.prev(utc(at)))).toBe(prev);
    expect(iso(schedule.next(utc(at)))).toBe(next);
  });

  it.each<[string, number, string, string, string, string]>([
    // zone, interval, an instant (UTC), the period around it (UTC): midnight to midnight on the zone's calendar
    ['Berlin daily, spring: 29 March has 23 hours', 86_400_000, 'Europe/Berlin', '2026-03-29T12:00', '2026-03-28T23:00', '2026-03-29T22:00'],
    ['Berlin daily, spring: before the switch (01:30 CET)', 86_400_000, 'Europe/Berlin', '2026-03-29T00:30', '2026-03-28T23:00', '2026-03-29T22:00'],
    ['Berlin daily, spring: the day starting at its midnight', 86_400_000, 'Europe/Berlin', '2026-03-28T23:00', '2026-03-28T23:00', '2026-03-29T22:00'],
    ['Berlin daily, spring: the day after', 86_400_000, 'Europe/Berlin', '2026-03-29T22:00', '2026-03-29T22:00', '2026-03-30T22:00'],
    ['Berlin daily, autumn: 25 October has 25 hours', 86_400_000, 'Europe/Berlin', '2026-10-25T12:00', '2026-10-24T22:00', '2026-10-25T23:00'],
    ['Berlin daily, autumn: the day starting at its midnight', 86_400_000, 'Europe/Berlin', '2026-10-24T22:00', '2026-10-24T22:00', '2026-10-25T23:00'],
    ['Berlin daily, autumn: 23:30 CET is still the 25th (no extra one-hour period)', 86_400_000, 'Europe/Berlin', '2026-10-25T22:30', '2026-10-24T22:00', '2026-10-25T23:00'],
    ['Berlin daily, autumn: the day after', 86_400_000, 'Europe/Berlin', '2026-10-25T23:00', '2026-10-25T23:00', '2026-10-26T23:00'],
    ['Berlin weekly, spring: Monday to Monday, 167 hours', 7 * 86_400_000, 'Europe/Berlin', '2026-03-29T12:00', '2026-03-22T23:00', '2026-03-29T22:00'],
    ['Berlin weekly, autumn: Monday to Monday, 169 hours', 7 * 86_400_000, 'Europe/Berlin', '2026-10-25T12:00', '2026-10-18T22:00', '2026-10-25T23:00'],
    ['Berlin hourly, spring: 01:00 UTC is 03:00 CEST, still one hour', 3_600_000, 'Europe/Berlin', '2026-03-29T00:30', '2026-03-29T00:00', '2026-03-29T01:00'],
    ['Berlin hourly, autumn: the first 02:00–03:00', 3_600_000, 'Europe/Berlin', '2026-10-25T00:30', '2026-10-25T00:00', '2026-10-25T01:00'],
    ['Berlin hourly, autumn: the repeated 02:00–03:00', 3_600_000, 'Europe/Berlin', '2026-10-25T01:30', '2026-10-25T01:00', '2026-10-25T02:00'],
    ['Shanghai daily on the Berlin spring date', 86_400_000, 'Asia/Shanghai', '2026-03-29T12:00', '2026-03-28T16:00', '2026-03-29T16:00'],
    ['Shanghai daily on the Berlin autumn date', 86_400_000, 'Asia/Shanghai', '2026-10-25T12:00', '2026-10-24T16:00', '2026-10-25T16:00'],
    ['Shanghai weekly: Monday 00:00 to Monday 00:00', 7 * 86_400_000, 'Asia/Shanghai', '2026-03-29T12:00', '2026-03-22T16:00', '2026-03-29T16:00'],
    ['Shanghai hourly', 3_600_000, 'Asia/Shanghai', '2026-10-25T01:30', '2026-10-25T01:00', '2026-10-25T02:00'],
    ['Santiago daily: a midnight the clocks skip, the day starts at 01:00', 86_400_000, 'America/Santiago', '2026-09-06T12:00', '2026-09-06T04:00', '2026-09-07T03:00'],
  ])('calendar periods across DST: %s', (_name, interval, zone, at, prev, next) => {
    const schedule = intervalSchedule(interval, zone);
    expect(iso(schedule.prev(utc(at)))).toBe(prev);
    expect(iso(schedule.next(utc(at)))).toBe(next);
  });

  it('Berlin daily through both 2026 transitions: every period is one calendar day, 23, 24 or 25 hours', () => {
    const schedule = intervalSchedule(86_400_000, 'Europe/Berlin');
    let cursor = schedule.prev(utc('2026-01-01T12:00'));
    const lengths = new Map<number, number>();
    for (let i = 0; i < 365; i++) {
      const end = schedule.next(cursor);
      const hours = (end - cursor) / 3_600_000;
      lengths.set(hours, (lengths.get(hours) ?? 0) + 1);
      expect(schedule.prev(end)).toBe(end);
      cursor = end;
    }
    expect(Object.fromEntries(lengths)).toEqual({ 23: 1, 24: 363, 25: 1 });
  });

  it('cron "every weekday at 09:00" in Shanghai: 01:00 UTC, Friday to Monday', () => {
    const schedule = cronSchedule('0 9 * * 1-5', 'Asia/Shanghai');
    // 2026-11-27 is a Friday.
    expect(iso(schedule.next(utc('2026-11-27T00:30')))).toBe('2026-11-27T01:00');
    expect(iso(schedule.next(utc('2026-11-27T01:00')))).toBe('2026-11-30T01:00');
    expect(iso(schedule.prev(utc('2026-11-29T12:00')))).toBe('2026-11-27T01:00');
    expect(iso(schedule.prev(utc('2026-11-27T01:00')))).toBe('2026-11-27T01:00');
  });

  it('cron in New York follows daylight saving time', () => {
    const schedule = cronSchedule('0 9 * * *', 'America/New_York');
    expect(iso(schedule.next(utc('2026-07-01T00:00')))).toBe('2026-07-01T13:00');
    expect(iso(schedule.next(utc('2026-12-01T00:00')))).toBe('2026-12-01T14:00');
  });
});

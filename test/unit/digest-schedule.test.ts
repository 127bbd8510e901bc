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

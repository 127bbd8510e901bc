import { formatInstant, parseApiTime } from '../../src/domain/api-time';

describe('parseApiTime', () => {
  it.each([
    ['the sample start (China time)', '2026-01-07T17:57:56', '+08:00', Date.UTC(2026, 0, 7, 9, 57, 56)],
    ['the sample end (UTC)', '2026-01-07T09:58:11', '+00:00', Date.UTC(2026, 0, 7, 9, 58, 11)],
    ['a space instead of T', '2026-01-07 17:57:56', '+08:00', Date.UTC(2026, 0, 7, 9, 57, 56)],
    ['fractional seconds', '2026-01-07T09:58:11.250', '+00:00', Date.UTC(2026, 0, 7, 9, 58, 11, 250)],
    ['a time with its own zone keeps it', '2026-01-07T09:58:11Z', '+08:00', Date.UTC(2026, 0, 7, 9, 58, 11)],
    ['a negative offset', '2026-01-07T04:58:11', '-05:00', Date.UTC(2026, 0, 7, 9, 58, 11)],
  ])('%s', (_name, text, offset, expected) => {
    expect(parseApiTime(text, offset)).toBe(expected);
  });

  it.each([['not a date'], ['2026-02-30T10:00:00'], ['2026-01-07T25:00:00'], [''], ['2026-01-07']])('refuses %p', (text) => {
    expect(parseApiTime(text, '+08:00')).toBeNull();
  });

  it('gives the 15-second duration of the documented sample', () => {
    const start = parseApiTime('2026-01-07T17:57:56', '+08:00')!;
    const end = parseApiTime('2026-01-07T09:58:11', '+00:00')!;
    expect(end - start).toBe(15_000);
  });

  it('gives the 11-second duration of the synchronous-execute sample', () => {
    expect(parseApiTime('2025-07-02T02:46:26', '+00:00')! - parseApiTime('2025-07-02T10:46:15', '+08:00')!).toBe(11_000);
  });
});

describe('formatInstant', () => {
  it.each([
    ['Asia/Shanghai', '2026-01-07 17:57:56 +08:00'],
    ['UTC', '2026-01-07 09:57:56 +00:00'],
    ['America/New_York', '2026-01-07 04:57:56 -05:00'],
  ])('shows an instant in %s', (zone, expected) => {
    expect(formatInstant(Date.UTC(2026, 0, 7, 9, 57, 56), zone)).toBe(expected);
  });
});

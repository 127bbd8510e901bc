import { formatPeriod } from '../../src/notify/email/digest-message';

const at = (text: string) => Date.parse(text);

describe('formatPeriod', () => {
  it.each<[string, string, string, string, string]>([
    ['an hour', '2026-11-25T14:00:00+08:00', '2026-11-25T15:00:00+08:00', 'Asia/Shanghai', '2026-11-25 14:00–15:00'],
    ['a day ending at midnight', '2026-11-25T00:00:00+08:00', '2026-11-26T00:00:00+08:00', 'Asia/Shanghai', '2026-11-25 00:00 – 2026-11-26 00:00'],
    ['an evening ending at midnight', '2026-11-25T18:00:00+08:00', '2026-11-26T00:00:00+08:00', 'Asia/Shanghai', '2026-11-25 18:00–00:00'],
    ['a weekend', '2026-11-27T09:00:00+08:00', '2026-11-30T09:00:00+08:00', 'Asia/Shanghai', '2026-11-27 09:00 – 2026-11-30 09:00'],
    ['under a minute: seconds shown', '2026-11-25T02:05:10Z', '2026-11-25T02:05:40Z', 'UTC', '2026-11-25 02:05:10–02:05:40'],
    ['one bound not a whole minute: seconds on both', '2026-11-25T02:05:00Z', '2026-11-25T02:07:30Z', 'UTC', '2026-11-25 02:05:00–02:07:30'],
    ['seconds, ending at midnight', '2026-11-25T23:59:30Z', '2026-11-26T00:00:00Z', 'UTC', '2026-11-25 23:59:30–00:00:00'],
    ['a 25-hour day in Berlin', '2026-10-25T00:00:00+02:00', '2026-10-26T00:00:00+01:00', 'Europe/Berlin', '2026-10-25 00:00 – 2026-10-26 00:00'],
  ])('%s', (_name, start, end, zone, expected) => {
    expect(formatPeriod(at(start), at(end), zone)).toBe(expected);
  });
});

import { type FloodRate, type TokenBucket, takeToken } from '../../src/oncall/flood-gate';

const slack: FloodRate = { ratePerSec: 1, burst: 3 };

describe('takeToken', () => {
  it.each<[string, TokenBucket | undefined, number, FloodRate, { allowed: boolean; bucket: TokenBucket; waitMs: number }]>([
    ['a fresh channel: the first alert goes at once', undefined, 1000, slack, { allowed: true, bucket: { tokens: 2, updatedAt: 1000 }, waitMs: 0 }],
    ['tokens left: goes', { tokens: 1, updatedAt: 1000 }, 1000, slack, { allowed: true, bucket: { tokens: 0, updatedAt: 1000 }, waitMs: 0 }],
    ['empty: waits a second at 1/s', { tokens: 0, updatedAt: 1000 }, 1000, slack, { allowed: false, bucket: { tokens: 0, updatedAt: 1000 }, waitMs: 1000 }],
    ['half refilled: waits the other half', { tokens: 0, updatedAt: 1000 }, 1500, slack, { allowed: false, bucket: { tokens: 0.5, updatedAt: 1500 }, waitMs: 500 }],
    ['refilled after a second: goes', { tokens: 0, updatedAt: 1000 }, 2000, slack, { allowed: true, bucket: { tokens: 0, updatedAt: 2000 }, waitMs: 0 }],
    ['a long quiet spell refills to the burst, no more', { tokens: 0, updatedAt: 0 }, 3_600_000, slack, { allowed: true, bucket: { tokens: 2, updatedAt: 3_600_000 }, waitMs: 0 }],
    ['2 per second: empty waits 500 ms', { tokens: 0, updatedAt: 0 }, 0, { ratePerSec: 2, burst: 1 }, { allowed: false, bucket: { tokens: 0, updatedAt: 0 }, waitMs: 500 }],
    ['a clock behind the bucket adds nothing', { tokens: 0.5, updatedAt: 5000 }, 4000, slack, { allowed: false, bucket: { tokens: 0.5, updatedAt: 5000 }, waitMs: 500 }],
  ])('%s', (_name, bucket, now, rate, expected) => {
    expect(takeToken(bucket, now, rate)).toEqual(expected);
  });

  it('a burst of 10 at one instant: 3 go (the burst), 7 wait', () => {
    let bucket: TokenBucket | undefined;
    const allowed: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const out = takeToken(bucket, 0, slack);
      bucket = out.bucket;
      allowed.push(out.allowed);
    }
    expect(allowed).toEqual([true, true, true, false, false, false, false, false, false, false]);
  });

  it('over a minute of steady pressure, no more than rate × time + burst messages go', () => {
    let bucket: TokenBucket | undefined;
    let sent = 0;
    for (let now = 0; now <= 60_000; now += 100) {
      const out = takeToken(bucket, now, slack);
      bucket = out.bucket;
      if (out.allowed) sent++;
    }
    expect(sent).toBeLessThanOrEqual(60 + slack.burst);
    expect(sent).toBeGreaterThanOrEqual(60);
  });

  it('waiting exactly waitMs is enough', () => {
    const first = takeToken({ tokens: 0.3, updatedAt: 0 }, 0, { ratePerSec: 0.7, burst: 2 });
    expect(first.allowed).toBe(false);
    expect(takeToken(first.bucket, first.waitMs, { ratePerSec: 0.7, burst: 2 }).allowed).toBe(true);
  });

  it.each<[FloodRate]>([[{ ratePerSec: 0, burst: 1 }], [{ ratePerSec: 1, burst: 0 }], [{ ratePerSec: Number.NaN, burst: 1 }]])('refuses a rate that cannot work: %j', (rate) => {
    expect(() => takeToken(undefined, 0, rate)).toThrow(RangeError);
  });
});

import { SEEN_BUCKETS, seenBucket } from '../../src/state/seen-bucket';

describe('seenBucket: where a run is filed (part of the data format: must never change)', () => {
  it.each([
    ['a', 300], // FNV-1a 32 of "a" is 0xe40c292c; its low 10 bits are 0x12c
    ['2008840517644636160', 254],
    ['42ffe376-48a2-4ac6-91ed-81f5f06dc296', 316],
    ['运行', 633],
  ])('%s → %i', (id, bucket) => {
    expect(seenBucket(id)).toBe(bucket);
  });

  it('spreads 19-digit ids evenly: 50,000 runs leave every bucket compact (≤ 128)', () => {
    const counts = new Array<number>(SEEN_BUCKETS).fill(0);
    for (let i = 0; i < 50_000; i++) counts[seenBucket(String(2008840517644636160n + BigInt(i * 7919)))]! += 1;
    expect(Math.max(...counts)).toBeLessThan(128);
    expect(Math.min(...counts)).toBeGreaterThan(20);
  });
});

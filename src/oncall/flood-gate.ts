/** A channel's sending allowance: `tokens` left as of `updatedAt` (ms). Kept per channel, shared by all workers. */
export interface TokenBucket {
  tokens: number;
  updatedAt: number;
}

export interface FloodRate {
  /** Sustained messages per second (Slack: about 1 per channel). */
  ratePerSec: number;
  /** Messages that may go back to back after a quiet spell: short bursts tolerated. */
  burst: number;
}

/**
 * May one more message go to the channel now? A token bucket: a channel nobody wrote to lately has
 * a full bucket, so the first alert of a burst goes at once; the rest wait `waitMs`, and what piles
 * up meanwhile is grouped by the caller. A clock that steps back (another worker's, a little behind)
 * adds nothing and takes nothing away.
 */
export function takeToken(bucket: TokenBucket | undefined, now: number, rate: FloodRate): { allowed: boolean; bucket: TokenBucket; waitMs: number } {
  if (!(rate.ratePerSec > 0) || !(rate.burst >= 1)) throw new RangeError(`flood rate needs ratePerSec > 0 and burst >= 1, got ${rate.ratePerSec}/s, burst ${rate.burst}`);
  const updatedAt = Math.max(now, bucket?.updatedAt ?? now);
  const elapsedMs = Math.max(0, now - (bucket?.updatedAt ?? now));
  const tokens = Math.min(rate.burst, (bucket?.tokens ?? rate.burst) + (elapsedMs / 1000) * rate.ratePerSec);
  if (tokens >= 1) return { allowed: true, bucket: { tokens: tokens - 1, updatedAt }, waitMs: 0 };
  return { allowed: false, bucket: { tokens, updatedAt }, waitMs: Math.ceil(((1 - tokens) / rate.ratePerSec) * 1000) };
}

import type { ChannelLimits } from '../notify/channel-kind';
import type { FloodRate } from './flood-gate';

/** How one channel is paced: its token bucket, and how long a partial group may gather before it goes. */
export interface FloodPlan extends FloodRate {
  gatherMs: number;
}

/** Gathering is bounded: a partial group never waits longer than this for company. */
const MAX_GATHER_MS = 30_000;
const MIN_GATHER_MS = 2_000;

/**
 * A channel type's pace: its own `floodRate` if it names one (email: a mail server has no "too fast",
 * but an inbox has), else its documented `messagesPerSecond` with a burst of two seconds' worth (Slack:
 * "short bursts tolerated"). A partial group gathers for two tokens' time, so a burst arriving over a few
 * polls becomes a few full messages rather than one small one per token. No known limit: not paced.
 */
export function floodPlanOf(limits: ChannelLimits): FloodPlan | undefined {
  const rate = limits.floodRate ?? (limits.messagesPerSecond ? { ratePerSec: limits.messagesPerSecond, burst: Math.max(1, Math.floor(limits.messagesPerSecond * 2)) } : undefined);
  if (!rate || !(rate.ratePerSec > 0)) return undefined;
  return { ...rate, gatherMs: Math.min(MAX_GATHER_MS, Math.max(MIN_GATHER_MS, Math.ceil(2000 / rate.ratePerSec))) };
}

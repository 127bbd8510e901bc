import type { ChannelLimits } from '../../src/notify/channel-kind';
import { channelKinds } from '../../src/notify/channel-registry';
import { type FloodPlan, floodPlanOf } from '../../src/oncall/flood-rate';

describe('floodPlanOf', () => {
  it.each<[string, ChannelLimits, FloodPlan | undefined]>([
    ['no known limit: not paced', {}, undefined],
    ['Slack, 1/s: a burst of two, partial groups gather 2 s', { messagesPerSecond: 1 }, { ratePerSec: 1, burst: 2, gatherMs: 2000 }],
    ['20 a minute: one at a time, gathering 6 s', { messagesPerSecond: 20 / 60 }, { ratePerSec: 20 / 60, burst: 1, gatherMs: 6000 }],
    ['a type’s own pace wins (email)', { floodRate: { ratePerSec: 0.2, burst: 1 } }, { ratePerSec: 0.2, burst: 1, gatherMs: 10_000 }],
    ['gathering is bounded', { floodRate: { ratePerSec: 0.01, burst: 1 } }, { ratePerSec: 0.01, burst: 1, gatherMs: 30_000 }],
  ])('%s', (_name, limits, expected) => {
    expect(floodPlanOf(limits)).toEqual(expected);
  });

  // A token bucket lets through at most its burst plus what refills during a window.
  const mostIn = (plan: FloodPlan, windowMs: number) => plan.burst + Math.floor((plan.ratePerSec * windowMs) / 1000);
  it.each<[string, number, number]>([
    ['dingtalk', 60_000, 20],
    ['wecom', 60_000, 20],
    ['feishu', 1_000, 5],
    ['feishu', 60_000, 100],
  ])('%s never sends more than the service takes: at most %i ms -> %i', (name, windowMs, limit) => {
    const plan = floodPlanOf(channelKinds.find((kind) => kind.name === name)!.limits)!;
    expect(mostIn(plan, windowMs)).toBeLessThanOrEqual(limit);
  });

  it('Slack and email are paced; a webhook (your own tooling) is not', () => {
    const paced = Object.fromEntries(channelKinds.map((kind) => [kind.name, floodPlanOf(kind.limits) !== undefined]));
    expect(paced).toMatchObject({ slack: true, email: true, webhook: false });
  });
});

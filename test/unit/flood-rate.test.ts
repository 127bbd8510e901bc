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

  it('Slack and email are paced; a webhook (your own tooling) is not', () => {
    const paced = Object.fromEntries(channelKinds.map((kind) => [kind.name, floodPlanOf(kind.limits) !== undefined]));
    expect(paced).toMatchObject({ slack: true, email: true, webhook: false });
  });
});

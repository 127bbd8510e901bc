import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

describe('the first poll finds no runs at all', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  it('a run that started just before it (the API clock behind ours) is alerted; one from an hour before stays history', async () => {
    const bot = h.addBot();
    const firstPoll = Date.now();
    await bot.pollAndSettle();
    expect(await bot.store.baseline()).not.toBeNull();
    expect(h.allLogLines().some((line) => line.includes('no executions with a start time yet'))).toBe(true);

    // Served only now, stamped 20 s before the first poll by a clock running behind.
    h.simulator.fail(h.simulator.startExecution({ startedAt: firstPoll - 20_000 }).id, 'skewed-run-failed');
    h.simulator.complete(h.simulator.startExecution({ startedAt: firstPoll - 3_600_000 }).id);
    await bot.pollAndSettle();

    const texts = h.slack.posts.map(slackPostText);
    expect(texts.filter((t) => t.includes('skewed-run-failed'))).toHaveLength(1);
    expect(h.slack.posts).toHaveLength(1);
  });
});

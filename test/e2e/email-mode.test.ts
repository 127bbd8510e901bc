import { Harness } from '../helpers/harness';

describe('EMAIL_MODE=digest while digests are not built', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: 'digest' });
  });
  afterEach(() => h.stop());

  it('still emails every alert right away, and says so at start', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'digest-mode failure');
    await bot.pollAndSettle();
    expect(h.smtp.mails).toHaveLength(1);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.logs[0]!.messages()).toContain('EMAIL_MODE=digest: email digests are not implemented yet; every alert is emailed immediately instead');
  });
});

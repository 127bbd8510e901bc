import { Harness } from '../helpers/harness';

const HOUR = 3_600_000;

describe.each([
  ['digest', 0],
  ['both', 1],
])('EMAIL_MODE=%s', (mode, immediateMails) => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: mode, DIGEST_INTERVAL: '1h' });
  });
  afterEach(() => h.stop());

  it(`Slack stays immediate; email: ${immediateMails} immediate mail, then the transition in the period's digest`, async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    const bot = h.addBot();
    await bot.pollAndSettle();
    await bot.digestRunner!.tick(Date.now());
    h.simulator.fail(run.id, 'digest-mode failure');
    await bot.pollAndSettle();
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(immediateMails);

    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const digest = h.smtp.mails[immediateMails]!;
    expect(digest.subject).toMatch(/^\[RPA\] Digest .*: 1 failed, 0 completed$/);
    expect(digest.text).toContain('digest-mode failure');
    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('notDue');
  });
});

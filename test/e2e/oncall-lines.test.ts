import type { Bot } from '../../src/bot';
import { Harness } from '../helpers/harness';
import { type SlackPost, slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const errorOf = (n: number) => `robot host rh-${n}x${n}k${n}q went away after ${n * 1000} ms (job JOB2026112${n}A7)`;

describe('on-call lines through the whole pipeline', () => {
  let h: Harness;
  let bot: Bot;

  beforeEach(async () => {
    h = await new Harness().start();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    bot = h.addBot();
    await bot.pollAndSettle(); // the baseline: history, no alerts
  });
  afterEach(() => h.stop());

  const postFor = (executionId: string): SlackPost => {
    const post = h.slack.posts.find((p) => slackPostText(p).includes(executionId));
    if (!post) throw new Error(`no Slack post names ${executionId}: ${JSON.stringify(h.slack.posts.map(slackPostText))}`);
    return post;
  };
  const mailFor = (executionId: string): { text: string; html: string } => {
    const mail = h.smtp.mails.find((m) => (m.text ?? '').includes(executionId));
    if (!mail) throw new Error(`no mail names ${executionId}`);
    return { text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' };
  };

  it('fails twice with errors differing only in ids, then completes: same error in 2 runs, then recovered after 2 failed runs', async () => {
    const failed: string[] = [];
    for (const n of [1, 2]) {
      const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
      h.simulator.fail(run.id, errorOf(n));
      failed.push(run.id);
      expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
    }
    const ok = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    h.simulator.complete(ok.id);
    expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);

    // The first run of an error has nothing to compare with; the second says so, one workflow named no count.
    expect(slackPostText(postFor(failed[0]!))).not.toContain('same error');
    expect(slackPostText(postFor(failed[1]!))).toMatch(/same error in 2 runs since (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}(?!, \d+ workflows)/);
    expect(mailFor(failed[1]!).text).toContain('same error in 2 runs');

    const recovered = /recovered after 2 failed runs since (\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}/;
    expect(slackPostText(postFor(ok.id))).toMatch(recovered);
    expect(mailFor(ok.id).text).toMatch(recovered);
    expect(mailFor(ok.id).html).toMatch(recovered);
    expect(slackPostText(postFor(ok.id))).not.toContain('same error');
  });
});

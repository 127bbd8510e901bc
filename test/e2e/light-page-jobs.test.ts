import { Job } from 'bullmq';
import type { Bot } from '../../src/bot';
import { MAX_JSON_CHARS } from '../../src/domain/bound-json';
import type { PageJob } from '../../src/queues/job-schemas';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const BULKY = 'H'.repeat(100_000);

describe('page jobs carry full records only where news can be', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  async function pollJobs(bot: Bot): Promise<PageJob[]> {
    const summary = await bot.pollAndSettle();
    const jobs = await Promise.all(summary.pageJobIds.map((id) => Job.fromId<PageJob>(bot.pageQueue, id)));
    return jobs.map((job) => job!.data);
  }

  it('a steady poll queues no ended record; the run that ends travels in full to every channel', async () => {
    for (let i = 3; i > 0; i--) h.simulator.fail(h.simulator.startExecution({ startedAt: Date.now() - i * 10 * MINUTE, parameters: { bulky: BULKY } }).id, 'old failure');
    const running = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    const baseline = await pollJobs(bot);
    expect(baseline.flatMap((j) => j.records).map((e) => e.id)).toEqual([running.id]);

    // The ended runs are left out (nothing to detect); the running one travels, for its STUCK alert.
    const steady = await pollJobs(bot);
    expect(steady).toHaveLength(1);
    expect(steady[0]!.items.map(([id]) => id)).toEqual([running.id]);
    expect(steady[0]!.records.map((e) => e.id)).toEqual([running.id]);
    expect(JSON.stringify(steady).length).toBeLessThan(2_000);

    h.simulator.fail(running.id, 'ElementNotFound: the real failure');
    const ended = await pollJobs(bot);
    expect(ended.flatMap((j) => j.records).map((e) => [e.id, e.status, e.error])).toEqual([[running.id, 'FAILED', 'ElementNotFound: the real failure']]);
    await h.slack.waitForPosts(1);
    await h.smtp.waitForMails(1);
    expect(slackPostText(h.slack.posts[0]!)).toContain('ElementNotFound: the real failure');
    expect(h.smtp.mails[0]!.text).toContain('ElementNotFound: the real failure');
    expect(h.allLogLines().join('\n')).not.toContain('alerted with id, status and times only');
    // Nothing left that can change: the poll queues no page job at all.
    expect(await pollJobs(bot)).toEqual([]);
    expect(h.slack.posts).toHaveLength(1);
  });

  it('a hostile record (1.5 MB of parameters) travels bounded when it ends, and not at all once it is history', async () => {
    h.simulator.startExecution({ startedAt: Date.now() - 10 * MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    const hostile = h.simulator.startExecution({ startedAt: Date.now() - MINUTE, parameters: 'x'.repeat(1_500_000) });
    h.simulator.fail(hostile.id, 'the hostile one failed');

    const ended = await pollJobs(bot);
    const size = JSON.stringify(ended).length;
    expect(size).toBeGreaterThan(MAX_JSON_CHARS / 2);
    expect(size).toBeLessThan(MAX_JSON_CHARS + 10_000);
    await h.slack.waitForPosts(1);
    await h.smtp.waitForMails(1);
    expect(slackPostText(h.slack.posts[0]!)).toContain('the hostile one failed');

    const after = await pollJobs(bot);
    expect(after.flatMap((j) => j.records).map((e) => e.id)).not.toContain(hostile.id);
    expect(JSON.stringify(after).length).toBeLessThan(2_000);
  });
});

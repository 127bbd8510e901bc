import { randomUUID } from 'node:crypto';
import type { Bot } from '../../src/bot';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { Harness } from '../helpers/harness';
import { FakePagerDutyServer } from '../helpers/pagerduty-server';
import { type SlackPost, slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

const WORKFLOWS = ['invoices', 'orders', 'payroll', 'reports'];
const GROUPED = 'alerts at once';

/** Execution ids whose short id (8 characters) says which run of the burst it is: `x0042zz…`. */
const idOf = (i: number) => `x${String(i).padStart(4, '0')}zz${randomUUID()}`;
const runsNamed = (text: string): Set<number> => new Set([...text.matchAll(/x(\d{4})zz/g)].map((m) => Number(m[1])));

/** How many messages name each run of the burst. */
function namings(texts: string[], runs: number): number[] {
  const counts = Array.from({ length: runs }, () => 0);
  for (const text of texts) for (const i of runsNamed(text)) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** Most sends that fell in any window of `windowMs` (the pace: at most burst + rate × window). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((t, i) => sorted.slice(i).filter((u) => u < t + windowMs).length));
}

describe('flood control end to end: a burst arrives as a handful of grouped messages', () => {
  let h: Harness;
  afterEach(() => h.stop());

  async function start(env: Record<string, string> = {}): Promise<Bot> {
    h = await new Harness().start({ FLOOD_CONTROL: 'on', PAGE_SIZE: '100', ...env });
    // History before the baseline, so the burst is news.
    h.simulator.complete(h.simulator.startExecution({ projectId: WORKFLOWS[0], startedAt: Date.now() - 10 * 60_000 }).id);
    const bot = h.addBot();
    await bot.pollAndSettle();
    return bot;
  }

  /** `runs` runs end between two polls: most fail (two kinds of error), every tenth completes. */
  function burst(runs: number): void {
    for (let i = 0; i < runs; i++) {
      const run = h.simulator.startExecution({ id: idOf(i), projectId: WORKFLOWS[i % WORKFLOWS.length], startedAt: Date.now() - 1000 });
      if (i % 10 === 9) h.simulator.complete(run.id);
      else h.simulator.fail(run.id, i % 3 === 0 ? `robot host rh-${i} went away after ${i * 7} ms\nTraceback (most recent call last): ...` : `ElementNotFound: button "提交" (${i})`);
    }
  }

  const postTimes = () => h.slack.requests.filter((r) => r.method === 'chat.postMessage' && r.ok).map((r) => r.receivedAt);
  const isGrouped = (post: SlackPost) => post.blocks[0]?.text?.text.includes(GROUPED) ?? false;

  it('300 runs end at once: Slack and email get a handful of messages, each run named in exactly one, the first alone and at once', async () => {
    const bot = await start();
    burst(300);
    const polled = Date.now();
    const summary = await bot.pollAndSettle(150_000);
    expect(summary).toMatchObject({ transitions: 300, notificationsFailed: 0 });

    const posts = h.slack.posts;
    expect(posts.length).toBeLessThanOrEqual(12);
    expect(namings(posts.map(slackPostText), 300).every((n) => n === 1)).toBe(true);
    // The first alert of the burst is an ordinary alert, sent without waiting for the grouping.
    expect(isGrouped(posts[0]!)).toBe(false);
    expect(postTimes()[0]! - polled).toBeLessThan(5_000);
    const grouped = posts.filter(isGrouped);
    expect(grouped.length).toBeGreaterThanOrEqual(5);
    for (const post of grouped) {
      expect(runsNamed(slackPostText(post)).size).toBeLessThanOrEqual(50);
      expect(post.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
      expect(post.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const block of post.blocks) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText);
    }
    // Failures first: every completion comes after the last grouped message holding only failures began.
    const firstCompletion = grouped.findIndex((p) => slackPostText(p).includes('✅'));
    expect(grouped.slice(firstCompletion + 1).every((p) => !slackPostText(p).includes('❌'))).toBe(true);
    expect(slackPostText(grouped[0]!)).toMatch(/By workflow[\s\S]*invoices: \d+ failed/);
    expect(slackPostText(grouped[0]!)).toMatch(/Same error[\s\S]*\d+ runs, 4 workflows: ElementNotFound/);
    // Slack's pace: about one a second, a burst of two tolerated.
    expect(busiestWindow(postTimes(), 1000)).toBeLessThanOrEqual(3);

    const mails = h.smtp.mails;
    expect(mails.length).toBeLessThanOrEqual(12);
    expect(namings(mails.map((m) => m.text ?? ''), 300).every((n) => n === 1)).toBe(true);
    expect(mails[0]!.subject).not.toMatch(/alerts:/);
    expect(mails.slice(1).every((m) => /^\[RPA\] \d+ alerts: /.test(m.subject ?? ''))).toBe(true);
    expect(busiestWindow(h.smtp.acceptedAt, 5000)).toBeLessThanOrEqual(2);

    // Reported for the record: how the burst was told.
    console.info(`flood control: 300 runs -> Slack ${posts.length} messages (${grouped.length} grouped), email ${mails.length} mails`);
    const metrics = (await bot.metricsText()).body;
    expect(metrics).toContain(`rpa_notify_grouped_messages_total{channel="slack"} ${grouped.length}`);
    expect(metrics).toContain(`rpa_notify_grouped_alerts_total{channel="email"} ${mails.length - 1 === 0 ? 0 : 299}`);
  }, 180_000);

  it('two processes share one channel’s pace, and a 429 inside a drain is waited out: each run still named once', async () => {
    const bot = await start();
    h.addBot();
    // The first two posts are the burst's lone alerts; the third, a grouped message, is answered "too fast".
    h.slack.replyTo('chat.postMessage', {}, {}, { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    burst(120);
    await bot.pollAndSettle(150_000);

    const limited = await h.slack.waitForAnswer((r) => r.status === 429);
    expect(namings(h.slack.posts.map(slackPostText), 120).every((n) => n === 1)).toBe(true);
    const after = postTimes().filter((t) => t > limited.receivedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after) - limited.receivedAt).toBeGreaterThanOrEqual(900);
    expect(busiestWindow(postTimes(), 1000)).toBeLessThanOrEqual(3);
    expect(h.allLogLines().join('\n')).toContain('Slack is rate limiting us');
  }, 180_000);

  it('a process dies while its grouped message is in flight: another sends that batch, no run lost', async () => {
    const bot = await start({ JOB_LOCK_DURATION: '2s' });
    h.slack.replyTo('chat.postMessage', {}, {}, 'hang');
    burst(60);
    void bot.poll();
    await until(() => h.slack.requests.filter((r) => r.method === 'chat.postMessage').length >= 3);
    await bot.close(300);
    const survivor = h.addBot();
    await survivor.pollAndSettle(150_000);
    await until(() => namings(h.slack.posts.map(slackPostText), 60).every((n) => n >= 1));
    expect(namings(h.slack.posts.map(slackPostText), 60).every((n) => n === 1)).toBe(true);
  }, 180_000);

  it('a grouped message Slack refuses for good: the runs it held are named in the log, poll-once counts the failure', async () => {
    const bot = await start();
    h.slack.replyTo('chat.postMessage', {}, {}, { body: { ok: false, error: 'invalid_blocks' } });
    burst(10);
    const summary = await bot.pollAndSettle(150_000);
    expect(summary.notificationsFailed).toBe(1);
    expect(h.slack.posts).toHaveLength(2);
    const refused = h.allLogLines().find((line) => line.includes('refused for good; not sent:'));
    expect(refused).toBeDefined();
    const alone = new Set(h.slack.posts.flatMap((p) => [...runsNamed(slackPostText(p))]));
    // Every run of the burst is either in a message or named in that log line.
    for (let i = 0; i < 10; i++) expect(alone.has(i) !== runsNamed(refused!).has(i)).toBe(true);
  }, 180_000);

  it('a type with no grouped message (PagerDuty, 2/s) sends a burst one by one at its pace, nothing lost', async () => {
    const pagerduty = new FakePagerDutyServer();
    try {
      const bot = await start({ PAGERDUTY_ROUTING_KEY: 'R0utingKeyE2e00123456789abcdefAB', PAGERDUTY_EVENTS_URL: await pagerduty.start() });
      burst(16);
      const arrivals: number[] = [];
      const settled = bot.pollAndSettle(150_000);
      // The stand-in records no times: note when each event arrived, to 25 ms.
      await until(() => {
        while (arrivals.length < pagerduty.events.length) arrivals.push(Date.now());
        return pagerduty.events.filter((e) => e.event_action === 'trigger').length >= 15;
      });
      await settled;
      // 16 runs, the tenth completes: 15 failures, each its own trigger.
      expect(pagerduty.events.filter((e) => e.event_action === 'trigger')).toHaveLength(15);
      // At 2/s with a burst of 4: 15 events take at least (15 - 4) / 2 = 5.5 s.
      expect(arrivals[14]! - arrivals[0]!).toBeGreaterThanOrEqual(5_000);
      expect(busiestWindow(arrivals, 1000)).toBeLessThanOrEqual(4 + 2 + 1);
    } finally {
      await pagerduty.stop();
    }
  }, 180_000);
});

import { slackPostText } from '../helpers/slack-server';
import { Harness } from '../helpers/harness';
import { parseExecutions } from '../../src/iflyrpa/execution-schema';
import type { FullPageJob, PageJob } from '../../src/queues/job-schemas';
import { QueueEvents } from 'bullmq';
import type { Execution } from '../../src/domain/execution';
import { sampleCompleted } from '../fixtures/executions';
import { until } from '../helpers/until';

const MINUTE = 60_000;

describe('the pipeline end to end: simulator → BullMQ → Redis → Slack and email', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  /** Some finished history and one running run, then the baseline poll. */
  async function baseline(extra: () => void = () => undefined) {
    const now = Date.now();
    for (let i = 3; i > 0; i--) {
      const r = h.simulator.startExecution({ startedAt: now - i * 10 * MINUTE });
      if (i % 2) h.simulator.fail(r.id, 'old failure', now - i * 10 * MINUTE + 5000);
      else h.simulator.complete(r.id, undefined, now - i * 10 * MINUTE + 5000);
    }
    extra();
    const bot = h.addBot();
    const summary = await bot.pollAndSettle();
    return { bot, summary };
  }

  it('first start: records a baseline, says how many, sends nothing', async () => {
    const running = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const { summary } = await baseline();
    expect(summary).toMatchObject({ baselinePoll: true, transitions: 0, notificationsSent: 0 });
    expect(h.slack.posts).toHaveLength(0);
    expect(h.smtp.mails).toHaveLength(0);
    expect(h.logs[0]!.messages()).toContain('baseline: recorded 4 executions as history (no alerts for them)');
    expect(await h.bots[0]!.store.trackedPending()).toEqual([expect.objectContaining({ id: running.id })]);
  });

  it('PENDING → FAILED and PENDING → COMPLETED each alert exactly once on both channels, with the error or the result', async () => {
    const a = h.simulator.startExecution({ startedAt: Date.now() - 2 * MINUTE });
    const b = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const { bot } = await baseline();
    h.simulator.fail(a.id, 'ElementNotFound: 找不到元素 "登录按钮"');
    h.simulator.complete(b.id, { code: '0000', msg: '运行成功', data: { right: 71 }, video_path: 'D:\\rpa\\v.mp4' });
    const summary = await bot.pollAndSettle();
    expect(summary).toMatchObject({ transitions: 2, notificationsSent: 4, notificationsFailed: 0 });
    await bot.pollAndSettle();
    await bot.pollAndSettle();

    expect(h.slack.posts).toHaveLength(2);
    expect(h.smtp.mails).toHaveLength(2);
    const failedPost = h.slack.posts.find((p) => p.text.includes('FAILED'))!;
    expect(failedPost.text.startsWith('<!here> ')).toBe(true);
    expect(slackPostText(failedPost)).toContain('ElementNotFound: 找不到元素 "登录按钮"');
    const completedPost = h.slack.posts.find((p) => p.text.includes('COMPLETED'))!;
    expect(slackPostText(completedPost)).toContain('运行成功');
    expect(slackPostText(completedPost)).toContain('D:\\rpa\\v.mp4');
    const failedMail = h.smtp.mails.find((m) => m.subject?.includes('FAILED'))!;
    expect(failedMail.subject).toBe(`[RPA] FAILED 2008381617971200000 (${a.id.slice(0, 8)})`);
    expect(failedMail.text).toContain('找不到元素');
    expect(h.smtp.mails.find((m) => m.subject?.includes('COMPLETED'))!.html).toContain('运行成功');
  });

  it('a run that started and ended between two polls is alerted', async () => {
    const { bot } = await baseline();
    const quick = h.simulator.startExecution();
    h.simulator.fail(quick.id, 'quick failure');
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(1);
    expect(h.slack.posts).toHaveLength(1);
    expect(slackPostText(h.slack.posts[0]!)).toContain('started and ended between two polls');
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('a PENDING run pushed to page 3+ by newer runs is still caught when it ends', async () => {
    const deep = h.simulator.startExecution({ startedAt: Date.now() - 5 * MINUTE });
    const { bot } = await baseline();
    for (let i = 0; i < 17; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 4 * MINUTE + i * 1000 }).id);
    await bot.pollAndSettle();
    h.slack.posts.length = 0;
    expect(h.simulator.executions.findIndex((e) => e.id === deep.id)).toBeGreaterThanOrEqual(15); // page 4 at 5 per page
    h.simulator.fail(deep.id, 'deep failure');
    h.simulator.requests.length = 0;
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(1);
    expect(slackPostText(h.slack.posts[0]!)).toContain('deep failure');
    // Page 1 and one lookup by id: cheaper than paging down to page 4.
    expect(h.simulator.requests.map((r) => r.executionId ?? `page${r.pageNo}`)).toEqual(['page1', deep.id]);
  });

  it('several drifted runs are caught by paging deeper, within MAX_PAGES_PER_POLL', async () => {
    const deep = [h.simulator.startExecution({ startedAt: Date.now() - 6 * MINUTE }), h.simulator.startExecution({ startedAt: Date.now() - 5 * MINUTE })];
    const { bot } = await baseline();
    for (let i = 0; i < 12; i++) h.simulator.startExecution({ startedAt: Date.now() - 4 * MINUTE + i * 1000 });
    await bot.pollAndSettle();
    for (const d of deep) h.simulator.fail(d.id, 'drifted failure');
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(2);
    expect(h.slack.posts).toHaveLength(2);
    expect(summary.pagesFetched).toBeGreaterThan(1);
  });

  it('more new runs than one page: pages until the known ones, and alerts every ended one', async () => {
    const { bot } = await baseline();
    const burst = Array.from({ length: 12 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - MINUTE + i * 100 }));
    for (const r of burst) h.simulator.complete(r.id);
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(12);
    expect(summary.pagesFetched).toBe(3);
    expect(h.slack.posts).toHaveLength(12);
  });

  it('steady state: one API request per poll', async () => {
    h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const { bot } = await baseline();
    h.simulator.requests.length = 0;
    await bot.pollAndSettle();
    await bot.pollAndSettle();
    h.simulator.startExecution(); // a new run on page 1 changes nothing
    await bot.pollAndSettle();
    expect(h.simulator.requests).toHaveLength(3);
  });

  // As queued before page jobs were lightened (every record in full): jobs waiting across an upgrade still work.
  const pageJob = (executions: Execution[], fetchedAt: number): FullPageJob => ({ pollId: 'test', source: { kind: 'page', pageNo: 1 }, fetchedAt, baselinePoll: false, executions });

  async function runPageJobs(jobs: (PageJob | FullPageJob)[]) {
    const bot = h.bots[0]!;
    const events = new QueueEvents('page', { connection: { url: h.config.redisUrl }, prefix: h.config.keyPrefix });
    await events.waitUntilReady();
    const added = await Promise.all(jobs.map((j) => bot.enqueuePage(j)));
    await Promise.all(added.map((j) => j.waitUntilFinished(events, 30_000)));
    await events.close();
    // The notification jobs those pages queued: settle them with an empty poll.
    await bot.pollAndSettle();
  }

  it('the same record in two pages processed concurrently alerts once', async () => {
    const r = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    await baseline();
    const failed = h.simulator.fail(r.id, 'overlap');
    const [execution] = parseExecutions([failed], { start: '+08:00', end: '+00:00' }).executions;
    await runPageJobs([pageJob([execution!], 1), pageJob([execution!], 2), pageJob([execution!], 3)]);
    await h.slack.waitForPosts(1);
    await h.smtp.waitForMails(1);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('a stale page processed after a newer one neither regresses nor re-alerts', async () => {
    const r = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    await baseline();
    const [stale] = parseExecutions([{ ...r }], { start: '+08:00', end: '+00:00' }).executions;
    const [fresh] = parseExecutions([h.simulator.fail(r.id, 'late')], { start: '+08:00', end: '+00:00' }).executions;
    await runPageJobs([pageJob([fresh!], 2)]);
    await runPageJobs([pageJob([stale!], 1)]);
    await runPageJobs([pageJob([fresh!], 3)]);
    expect(h.slack.posts).toHaveLength(1);
    expect(await h.bots[0]!.store.trackedPending()).toEqual([]);
    expect((await h.bots[0]!.store.knownIds([r.id])).has(r.id)).toBe(true);
  });

  it('killed between detection and enqueue: the outbox still holds the alert and the next poll sends it', async () => {
    const r = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const { bot } = await baseline();
    const [ended] = parseExecutions([h.simulator.fail(r.id, 'crash window')], { start: '+08:00', end: '+00:00' }).executions;
    // What a page worker that died right after its Lua step leaves behind: the state and the outbox, no jobs.
    await bot.store.detectTransitions([ended!], { baselinePoll: false, now: Date.now() });
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(0);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
    expect(await bot.store.readOutbox()).toEqual([]);
  });

  it('the documented 15-second sample shows 15s on both channels', async () => {
    h.simulator.startExecution({ startedAt: Date.UTC(2025, 11, 31) });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.addRecord({ ...sampleRecord(), status: 'PENDING', end_time: null, result: null });
    await bot.pollAndSettle();
    h.simulator.update(sampleRecord().id, sampleRecord());
    await bot.pollAndSettle();
    expect(h.slack.posts).toHaveLength(1);
    expect(slackPostText(h.slack.posts[0]!)).toMatch(/Duration\*\n15s/);
    expect(slackPostText(h.slack.posts[0]!)).toContain('2026-01-07 17:57:56 +08:00');
    expect(slackPostText(h.slack.posts[0]!)).toContain('2026-01-07 17:58:11 +08:00');
    expect(h.smtp.mails[0]!.text).toContain('Duration: 15s');
  });

  it('two bot processes on one Redis: each transition alerted once, polling not doubled', async () => {
    const runs = Array.from({ length: 6 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - MINUTE + i * 1000 }));
    await baseline();
    const second = h.addBot();
    h.bots[0]!.startPolling();
    second.startPolling();
    for (const [i, r] of runs.entries()) {
      if (i % 2) h.simulator.fail(r.id, `failure ${i}`);
      else h.simulator.complete(r.id);
    }
    await h.slack.waitForPosts(6);
    await h.smtp.waitForMails(6);
    const firstRequest = h.simulator.requests.length;
    await until(() => h.simulator.requests.length >= firstRequest + 4);
    const times = h.simulator.requestTimes.slice(firstRequest);
    const slots = Math.floor(times[times.length - 1]! / 1000) - Math.floor(times[0]! / 1000) + 1;
    expect(times.length).toBeLessThanOrEqual(slots);
    // Every alert exactly once, across both processes.
    expect(new Set(h.slack.posts.map((p) => p.text)).size).toBe(6);
    expect(h.slack.posts).toHaveLength(6);
    expect(h.smtp.mails).toHaveLength(6);
  });

  it('never logs a secret', async () => {
    h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    await baseline();
    const all = h.allLogLines().join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of ['sk-harness-5b1e2c3d4e', 'xoxb-harness-1234-secret', 'smtp-harness-pw-77']) expect(all).not.toContain(secret);
  });
});

function sampleRecord() {
  return {
    id: sampleCompleted.id,
    project_id: '2008381617971200000',
    status: 'COMPLETED',
    parameters: {},
    result: { code: '0000', msg: '运行成功', data: { right: 71 }, video_path: 'D:\\rpa\\data\\logs\\2008381617971200000\\2008840517644636160.mp4' },
    error: null,
    exec_position: 'EXECUTOR',
    version: 2,
    user_id: '5df30eb2-4737-4515-bb3f-d11236086e7',
    start_time: '2026-01-07T17:57:56',
    end_time: '2026-01-07T09:58:11',
  };
}


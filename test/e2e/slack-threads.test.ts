import type { Bot } from '../../src/bot';
import { Harness } from '../helpers/harness';
import { type SlackPost, slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';

/** Most requests that fell in any window of `windowMs` (a bucket allows at most burst + rate × window). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.max(0, ...sorted.map((t, i) => sorted.slice(i).filter((u) => u < t + windowMs).length));
}

/** The Slack side of failing streaks: one root per streak, replies in its thread, the root edited to the true count. */
describe('Slack threads per failing streak (real Redis, the Slack stand-in)', () => {
  let h: Harness;

  afterEach(() => h.stop());

  const start = async (env: Record<string, string> = {}, bots = 1): Promise<Bot[]> => {
    h = await new Harness().start(env);
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    const all = Array.from({ length: bots }, () => h.addBot());
    await all[0]!.pollAndSettle(); // the baseline: history, no alerts
    return all;
  };
  const fail = (projectId = INVOICES): string => {
    const run = h.simulator.startExecution({ projectId, startedAt: Date.now() - MINUTE });
    h.simulator.fail(run.id, `robot host went away (${run.id})`);
    return run.id;
  };
  const complete = (projectId = INVOICES): string => {
    const run = h.simulator.startExecution({ projectId, startedAt: Date.now() - MINUTE });
    h.simulator.complete(run.id);
    return run.id;
  };
  const settle = async (bot: Bot) => expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
  const slackPostOf = (executionId: string): SlackPost => {
    const found = h.slack.posts.filter((p) => slackPostText(p).includes(executionId));
    if (found.length !== 1) throw new Error(`expected one Slack post naming ${executionId}, found ${found.length}`);
    return found[0]!;
  };
  /** The root's header as Slack shows it now (after its edits). */
  const headerOf = (ts: string): string => {
    const message = h.slack.messages.get(ts);
    if (!message) throw new Error(`Slack has no message ${ts}`);
    return message.blocks[0]?.text?.text ?? '';
  };

  it('the first failure is the root, later ones reply in its thread and the root counts them; the success replies with broadcast and the root says recovered', async () => {
    const [bot] = await start();
    const failed: string[] = [];
    for (let i = 0; i < 3; i++) {
      failed.push(fail());
      await settle(bot!);
    }
    const root = slackPostOf(failed[0]!);
    expect(root.threadTs).toBeUndefined();
    for (const id of failed.slice(1)) expect(slackPostOf(id)).toMatchObject({ threadTs: root.ts, replyBroadcast: false });
    // The first reply made the root say 2, the second 3: edited after every reply.
    expect(h.slack.updates.map((u) => u.ts)).toEqual([root.ts, root.ts]);
    expect(headerOf(root.ts!)).toMatch(new RegExp(`^❌ ${INVOICES} failing: 3 failed runs since \\d\\d:\\d\\d, latest \\d\\d:\\d\\d$`));
    // The root keeps the first failure's details below the count.
    expect(slackPostText(h.slack.messages.get(root.ts!)!)).toContain(failed[0]);

    const ok = complete();
    await settle(bot!);
    const recovery = slackPostOf(ok);
    expect(recovery).toMatchObject({ threadTs: root.ts, replyBroadcast: true });
    expect(recovery.blocks[0]?.text?.text).toMatch(new RegExp(`^✅ ${INVOICES} recovered after 3 failed runs \\(\\d+(ms|s|m)\\)$`));
    expect(headerOf(root.ts!)).toMatch(new RegExp(`^✅ ${INVOICES} recovered at \\d\\d:\\d\\d after 3 failed runs since \\d\\d:\\d\\d`));

    // The streak is over: the next failure opens a new root, top-level.
    const next = fail();
    await settle(bot!);
    expect(slackPostOf(next).threadTs).toBeUndefined();
    expect(slackPostOf(next).ts).not.toBe(root.ts);
    // Another workflow has its own streak and root meanwhile.
    const other = fail(ORDERS);
    await settle(bot!);
    expect(slackPostOf(other).threadTs).toBeUndefined();
  });

  it('3 bots on one Redis, 4 workers each, 15 failures at once: one root, 14 replies in its thread, the root ends at 15', async () => {
    const bots = await start({ WORKER_CONCURRENCY: '4' }, 3);
    // Slower answers widen every window between a claim, the post and the stored ts.
    h.slack.delayMs = 40;
    const failed = Array.from({ length: 15 }, () => fail());
    await settle(bots[0]!);
    const posts = failed.map(slackPostOf);
    const roots = posts.filter((p) => p.threadTs === undefined);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(posts.filter((p) => p.threadTs === root.ts)).toHaveLength(14);
    expect(headerOf(root.ts!)).toContain('failing: 15 failed runs');
    expect(await bots[1]!.streaks.read(INVOICES)).toMatchObject({ failing: true, count: 15 });
    // Every delivery went out once: no second root, no reply twice.
    expect(h.slack.posts).toHaveLength(15);
    expect((await bots[2]!.metricsText()).body).toMatch(/^rpa_notify_open_streaks 1$/m);

    complete();
    await settle(bots[1]!);
    expect(headerOf(root.ts!)).toContain('recovered at');
    expect(headerOf(root.ts!)).toContain('after 15 failed runs');
    expect((await bots[2]!.metricsText()).body).toMatch(/^rpa_notify_open_streaks 0$/m);
  });

  it('flood control on: a streak failing as fast as Slack takes it keeps the channel at its pace, replies and root edits counted together, and the root ends at the true count', async () => {
    const [bot] = await start({ FLOOD_CONTROL: 'on' });
    const failed: string[] = [];
    // Each failure is polled as soon as the previous one is in Slack: more than a token's worth of calls a second, were edits free.
    for (let i = 0; i < 10; i++) {
      const id = fail();
      failed.push(id);
      await bot!.poll();
      await h.slack.waitFor(() => h.slack.posts.some((p) => slackPostText(p).includes(id)), `the Slack post naming failure ${i + 1}`, 30_000);
    }
    await settle(bot!);
    const root = slackPostOf(failed[0]!);
    // The last edit may have been deferred for want of a token: it comes by itself, with the true count.
    await h.slack.waitFor(() => headerOf(root.ts!).includes('failing: 10 failed runs'), 'the root edited to 10 failed runs');
    // Every failure is in Slack (in a reply, or a grouped message had they piled up), none twice.
    for (const id of failed) expect(h.slack.posts.filter((p) => slackPostText(p).includes(id))).toHaveLength(1);
    expect(h.slack.updates.length).toBeGreaterThan(0);
    const sent = h.slack.requests.filter((r) => r.ok && (r.method === 'chat.postMessage' || r.method === 'chat.update')).map((r) => r.receivedAt);
    // Slack's pace: 1 a second with a burst of 2 (one more for the jitter of arrival times), replies and edits alike.
    expect(busiestWindow(sent, 1000)).toBeLessThanOrEqual(3);
    expect(busiestWindow(sent, 5000)).toBeLessThanOrEqual(2 + 5 + 1);
  }, 120_000);

  it('the root deleted in Slack: the next failure becomes a new root with the streak count, and the recovery goes in its thread', async () => {
    const [bot] = await start();
    const first = fail();
    await settle(bot!);
    const second = fail();
    await settle(bot!);
    const oldRoot = slackPostOf(first).ts!;
    expect(slackPostOf(second).threadTs).toBe(oldRoot);
    h.slack.deleteMessage(oldRoot);

    const third = fail();
    await settle(bot!);
    expect(h.slack.requests.some((r) => r.method === 'chat.postMessage' && !r.ok)).toBe(true); // Slack said thread_not_found
    const newRoot = slackPostOf(third);
    expect(newRoot.threadTs).toBeUndefined();
    expect(headerOf(newRoot.ts!)).toContain('failing: 3 failed runs');

    const ok = complete();
    await settle(bot!);
    expect(slackPostOf(ok)).toMatchObject({ threadTs: newRoot.ts, replyBroadcast: true });
    expect(headerOf(newRoot.ts!)).toContain('recovered at');
  });

  it('an edit Slack refuses once is retried by the queue without posting the reply again', async () => {
    const [bot] = await start();
    const first = fail();
    await settle(bot!);
    h.slack.replyTo('chat.update', { body: { ok: false, error: 'internal_error' } });
    const second = fail();
    await settle(bot!);
    expect(slackPostOf(second).threadTs).toBe(slackPostOf(first).ts); // one reply, though its job ran twice
    expect(h.slack.requests.filter((r) => r.method === 'chat.update').map((r) => r.ok)).toEqual([false, true]);
    expect(headerOf(slackPostOf(first).ts!)).toContain('failing: 2 failed runs');
  }, 60_000);

  it('SLACK_THREADS=off: every alert top-level, no edits, as before threads', async () => {
    const [bot] = await start({ SLACK_THREADS: 'off' });
    const ids = [fail(), fail()];
    await settle(bot!);
    const ok = complete();
    await settle(bot!);
    for (const id of [...ids, ok]) expect(slackPostOf(id).threadTs).toBeUndefined();
    expect(h.slack.updates).toHaveLength(0);
  });

  it('a Slack channel of the config file may turn threads off for itself', async () => {
    h = await new Harness().start();
    h.useConfigFile(`
channels:
  quiet:
    type: slack
    channel: C0QUIET
    threads: false
routes:
  - match: { statuses: [FAILED, COMPLETED] }
    to: [default, quiet]
`);
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    const bot = h.addBot();
    await bot.pollAndSettle();
    const ids = [fail(), fail()];
    await settle(bot);
    const inChannel = (channel: string) => h.slack.posts.filter((p) => p.channel === channel);
    expect(inChannel('C0QUIET').filter((p) => ids.some((id) => slackPostText(p).includes(id))).map((p) => p.threadTs)).toEqual([undefined, undefined]);
    // The environment's channel (SLACK_THREADS on by default) threads them.
    expect(inChannel('C0RPA').filter((p) => p.threadTs !== undefined)).toHaveLength(1);
  });
});

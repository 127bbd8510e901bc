import type { Bot } from '../../src/bot';
import { type HttpServer, startHttpServer } from '../../src/http/http-server';
import { MuteStore } from '../../src/oncall/mute-store';
import { Harness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';
import { SIGNING_SECRET, clickPayload, formBody, postToActions, slackHeaders } from '../helpers/slack-click';
import { type SlackPost, slackPostText } from '../helpers/slack-server';
import { Redis } from 'ioredis';

const ORDERS = '2008381617971200000';
const ALICE = { id: 'U0ALICE', username: 'alice' };
const EVE = { id: 'U0EVE', username: 'eve' };

/** The whole bot with buttons: simulator, Slack stand-in, real Redis, the HTTP server Slack posts clicks to. */
describe('Slack actions: Re-run, Mute 2h and Ack from the alert, signed as Slack signs', () => {
  let h: Harness;
  let bot: Bot;
  let server: HttpServer;

  beforeEach(async () => {
    h = await new Harness().start({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_ACTIONS_ALLOWED: ALICE.id });
    h.simulator.asyncRuns = { endAfterMs: null, status: 'COMPLETED' };
    bot = h.addBot();
    server = await startHttpServer(bot, { host: '127.0.0.1', port: 0, pollIntervalMs: 1000, slackActions: bot.actions!.endpoint });
  });
  afterEach(async () => {
    await server.close();
    await h.stop();
  });

  /** A run of ORDERS that fails after the baseline, alerted with buttons: its post. */
  async function failedAlert(options: { parameters?: unknown; version?: number; error?: string } = {}): Promise<{ post: SlackPost; id: string }> {
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000, parameters: options.parameters, version: options.version });
    await bot.pollAndSettle();
    h.simulator.fail(run.id, options.error ?? 'robot crashed');
    const before = h.slack.posts.length;
    await bot.pollAndSettle();
    const post = h.slack.posts.slice(before).find((p) => slackPostText(p).includes(run.id));
    if (!post) throw new Error(`no alert posted for ${run.id}`);
    return { post, id: run.id };
  }

  async function click(post: SlackPost, kind: string, user = ALICE, options: { value?: string; withoutBlocks?: boolean } = {}) {
    const payload = clickPayload(h.slack, post, `rpa-notify-${kind}`, user, options);
    const body = formBody(payload);
    const headers = slackHeaders(body);
    const started = Date.now();
    const answer = await postToActions(server.url, body, headers);
    return { answer, body, headers, tookMs: Date.now() - started, responseUrl: String(payload.response_url) };
  }

  /** What the clicker alone was told through this click's response_url. */
  async function toldClicker(responseUrl: string): Promise<string> {
    const path = new URL(responseUrl).pathname;
    await h.slack.waitFor(() => h.slack.responses.some((r) => r.url === path), 'reply to the clicker');
    return h.slack.responses.find((r) => r.url === path)!.body.text ?? '';
  }

  it('Re-run starts the run again with its project, position, parameters (a Python dict) and version; says so in the thread; acts once; tells how the new run ended', async () => {
    const { post, id } = await failedAlert({ parameters: "{'inputer': '查一下', 'ok': True}", version: 3 });
    expect(post.blocks.some((b) => b.type === 'actions')).toBe(true);

    const first = await click(post, 'rerun');
    expect(first.answer.status).toBe(200);
    expect(first.tookMs).toBeLessThan(3000);
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts), 'reply in the alert thread');
    const [started] = h.simulator.executeRequests();
    expect(started!.body).toEqual({ project_id: ORDERS, exec_position: 'EXECUTOR', params: { inputer: '查一下', ok: true }, version: 3 });
    const newRun = h.simulator.executions.find((e) => e.id !== id && e.status === 'PENDING')!;
    const reply = h.slack.posts.find((p) => p.threadTs === post.ts)!;
    expect(reply.text).toBe(`🔁 re-run started by <@${ALICE.id}>: execution \`${newRun.id}\``);

    // A double click (a new payload) and a replay of the first request (the same bytes) start nothing.
    const second = await click(post, 'rerun');
    expect(await toldClicker(second.responseUrl)).toBe(`Already done by <@${ALICE.id}>. (${newRun.id})`);
    const replay = await postToActions(server.url, first.body, first.headers);
    expect(replay.status).toBe(200);
    // The replay is dropped at the door: wait for the double click's job, then nothing more came.
    expect(h.simulator.executeRequests()).toHaveLength(1);
    expect(h.slack.responses.filter((r) => r.url === new URL(first.responseUrl).pathname)).toHaveLength(0);

    // The new run is watched like any other: its end is alerted, and the thread says how the re-run went.
    await bot.pollAndSettle();
    h.simulator.complete(newRun.id);
    await bot.pollAndSettle();
    // It ends the workflow's failing streak: the recovery is a broadcast reply in the alert's thread (SLACK_THREADS on).
    expect(h.slack.posts.some((p) => p.threadTs === post.ts && p.replyBroadcast === true && slackPostText(p).includes(newRun.id))).toBe(true);
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts && p.text.includes('succeeded')), '"re-run succeeded" in the thread');
    expect(h.slack.posts.filter((p) => p.threadTs === post.ts && !p.replyBroadcast).map((p) => p.text)).toEqual([reply.text, `✅ re-run succeeded: execution \`${newRun.id}\``]);

    const metrics = (await bot.metricsText()).body;
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="rerun",outcome="done"} 1');
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="rerun",outcome="already"} 1');
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="request",outcome="replayed"} 1');
  });

  it('a failed re-run is said in the thread with its error', async () => {
    const { post } = await failedAlert();
    await click(post, 'rerun');
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts), 'reply in the alert thread');
    const newId = h.simulator.executions.find((e) => e.status === 'PENDING')!.id;
    await bot.pollAndSettle();
    h.simulator.fail(newId, 'still broken <!channel>');
    await bot.pollAndSettle();
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts && p.text.includes('re-run failed')), '"re-run failed" in the thread');
    expect(h.slack.posts.find((p) => p.threadTs === post.ts && p.text.includes('re-run failed'))!.text).toBe(`❌ re-run failed: execution \`${newId}\` — still broken &lt;!channel&gt;`);
  });

  it('Mute 2h: refused to someone not allowed (told why, alone); by an allowed user it mutes the workflow and the alert shows it; Ack by anyone shows beside it', async () => {
    const { post } = await failedAlert();
    const redis = new Redis(REDIS_URL);
    const mutes = new MuteStore(redis, h.prefix);
    try {
      const refused = await click(post, 'mute', EVE);
      expect(await toldClicker(refused.responseUrl)).toBe('You may not mute from Slack: ask for your Slack user id to be added to SLACK_ACTIONS_ALLOWED.');
      expect(await mutes.active()).toEqual([]);

      await click(post, 'mute', ALICE);
      await h.slack.waitFor(() => h.slack.updates.length === 1, 'chat.update for the mute');
      const [mute] = await mutes.active();
      expect(mute).toMatchObject({ workflows: [ORDERS], reason: 'muted from Slack by @alice', who: 'slack:@alice' });
      expect(mute!.until - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
      const muted = h.slack.message(post.ts!)!;
      expect(slackPostText({ ...post, ...muted })).toContain(`🔕 muted for 2h by <@${ALICE.id}>`);

      await click(post, 'ack', EVE);
      await h.slack.waitFor(() => h.slack.updates.length === 2, 'chat.update for the ack');
      const text = slackPostText({ ...post, ...h.slack.message(post.ts!)! });
      expect(text).toContain(`👀 acknowledged by <@${EVE.id}>`);
      expect(text).toContain('🔕 muted for 2h');
      expect(await bot.actions!.acks.current('default', ORDERS)).toMatchObject({ userId: EVE.id, userName: 'eve' });

      // The mute holds: the next failure of the workflow is not posted.
      const before = h.slack.posts.length;
      const next = h.simulator.startExecution({ projectId: ORDERS });
      await bot.pollAndSettle();
      h.simulator.fail(next.id, 'muted failure');
      await bot.pollAndSettle();
      expect(h.slack.posts.length).toBe(before);
    } finally {
      redis.disconnect();
    }
  });

  it('Ack on a streak root is kept by the root’s later edits (the next failure)', async () => {
    const { post } = await failedAlert();
    await click(post, 'ack', EVE);
    await h.slack.waitFor(() => h.slack.updates.length === 1, 'chat.update for the ack');

    const again = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 30_000 });
    await bot.pollAndSettle();
    h.simulator.fail(again.id, 'robot crashed again');
    await bot.pollAndSettle();
    await h.slack.waitFor(() => h.slack.updates.some((u) => u.ts === post.ts && u.text.includes('2 failed runs')), 'the root edited to 2 failed runs');
    const root = h.slack.message(post.ts!)!;
    expect(slackPostText({ ...post, ...root })).toContain(`👀 acknowledged by <@${EVE.id}>`);
  });

  it('a burst goes as a grouped message with buttons per execution; Re-run from it starts that run', async () => {
    await server.close();
    await h.stop();
    h = await new Harness().start({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_ACTIONS_ALLOWED: ALICE.id, FLOOD_CONTROL: 'on' });
    h.simulator.asyncRuns = { endAfterMs: null, status: 'COMPLETED' };
    bot = h.addBot();
    server = await startHttpServer(bot, { host: '127.0.0.1', port: 0, pollIntervalMs: 1000, slackActions: bot.actions!.endpoint });
    const runs = Array.from({ length: 6 }, (_, i) => h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 + i }));
    await bot.pollAndSettle();
    for (const r of runs) h.simulator.fail(r.id, 'robot host down');
    await bot.pollAndSettle();
    const group = h.slack.posts.find((p) => p.blocks.filter((b) => b.type === 'actions').length > 1);
    if (!group) throw new Error('no grouped message with several sets of buttons');
    const target = runs.find((r) => group.blocks.some((b) => b.type === 'actions' && JSON.stringify(b).includes(`rerun|default|${r.id}`)))!;
    const payload = clickPayload(h.slack, group, 'rpa-notify-rerun', ALICE);
    const actions = payload.actions as { value: string }[];
    actions[0]!.value = `rerun|default|${target.id}`;
    const body = formBody(payload);
    expect((await postToActions(server.url, body, slackHeaders(body))).status).toBe(200);
    await h.slack.waitFor(() => h.simulator.executeRequests().length === 1, 'the re-run request');
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === group.ts && p.text.includes('re-run started')), 're-run started in the grouped message thread');
  });

  it('Ack on a click that carried no blocks re-renders the stored alert with the line', async () => {
    const { post, id } = await failedAlert({ error: 'element not found' });
    await click(post, 'ack', EVE, { withoutBlocks: true });
    await h.slack.waitFor(() => h.slack.updates.length === 1, 'chat.update for the ack');
    const text = slackPostText({ ...post, ...h.slack.message(post.ts!)! });
    expect(text).toContain(id);
    expect(text).toContain('element not found');
    expect(text).toContain(`👀 acknowledged by <@${EVE.id}>`);
    expect(h.slack.message(post.ts!)!.blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
  });

  it('forged, stale, oversized and non-form requests are refused and do nothing', async () => {
    const { post } = await failedAlert();
    const payload = clickPayload(h.slack, post, 'rpa-notify-rerun', ALICE);
    const body = formBody(payload);
    const forged = await postToActions(server.url, body, slackHeaders(body, { secret: 'not-the-signing-secret' }));
    const stale = await postToActions(server.url, body, slackHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }));
    const unsigned = await postToActions(server.url, body, { 'content-type': 'application/x-www-form-urlencoded' });
    const big = `payload=${'x'.repeat(70 * 1024)}`;
    const tooLarge = await postToActions(server.url, big, slackHeaders(big));
    const json = JSON.stringify(payload);
    const notForm = await postToActions(server.url, json, { ...slackHeaders(json), 'content-type': 'application/json' });
    const get = await fetch(`${server.url}/slack/actions`, { headers: slackHeaders('') });
    expect([forged.status, stale.status, unsigned.status, tooLarge.status, notForm.status, get.status]).toEqual([401, 401, 401, 413, 400, 401]);
    // The same body, properly signed, still works: nothing above had claimed it.
    expect((await postToActions(server.url, body, slackHeaders(body))).status).toBe(200);
    await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts), 'reply in the alert thread');
    expect(h.simulator.executeRequests()).toHaveLength(1);
    const metrics = (await bot.metricsText()).body;
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="request",outcome="unverified"} 4');
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="request",outcome="tooLarge"} 1');
    expect(metrics).toContain('rpa_notify_slack_actions_total{kind="request",outcome="badRequest"} 1');
  });

  it('tells the clicker when the button is unknown, the alert is not the bot’s, the API no longer serves the run, or refuses the re-run', async () => {
    const { post, id } = await failedAlert();
    const unknown = await click(post, 'approve');
    expect(await toldClicker(unknown.responseUrl)).toBe('This button is not one rpa-notify knows; nothing was done.');
    const notOurs = await click(post, 'rerun', ALICE, { value: 'rerun|default|00000000-never-sent' });
    expect(await toldClicker(notOurs.responseUrl)).toBe('rpa-notify did not send this alert (or no longer remembers it); nothing was done.');

    h.simulator.executeFaults.push({ kind: 'apiCode', code: '5003', msg: '执行器离线 (robot offline) <!channel>' });
    const refused = await click(post, 'rerun');
    expect(await toldClicker(refused.responseUrl)).toBe('iFlyRPA refused the re-run: 执行器离线 (robot offline) &lt;!channel&gt;');

    // Refused means nothing started: the button works again; the run is gone by now.
    const record = h.simulator.remove(id);
    const gone = await click(post, 'rerun');
    expect(await toldClicker(gone.responseUrl)).toBe(`iFlyRPA no longer serves execution ${id}; nothing was re-run.`);
    h.simulator.addRecord(record);
    expect(h.simulator.executions.filter((e) => e.status === 'PENDING')).toHaveLength(0);

    // The start request got no answer: the run may have started, so the button stays taken.
    h.simulator.executeFaults.push({ kind: 'reset' });
    const unclear = await click(post, 'rerun');
    expect(await toldClicker(unclear.responseUrl)).toMatch(/^iFlyRPA did not answer clearly \(iFlyRPA could not be reached \(.+\)\); the run may have started: check iFlyRPA before trying again\.$/);
    const after = await click(post, 'rerun');
    expect(await toldClicker(after.responseUrl)).toBe(`Already done by <@${ALICE.id}>.`);
    expect(h.simulator.executeRequests()).toHaveLength(2);
    expect(h.allLogLines().join('\n')).not.toContain(SIGNING_SECRET);
  });
});

describe('without SLACK_SIGNING_SECRET', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('alerts carry no buttons and /slack/actions does not exist', async () => {
    h = await new Harness().start();
    const bot = h.addBot();
    expect(bot.actions).toBeUndefined();
    const server = await startHttpServer(bot, { host: '127.0.0.1', port: 0, pollIntervalMs: 1000, slackActions: bot.actions?.endpoint });
    try {
      const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 });
      await bot.pollAndSettle();
      h.simulator.fail(run.id);
      await bot.pollAndSettle();
      expect(h.slack.posts).toHaveLength(1);
      expect(h.slack.posts[0]!.blocks.some((b) => b.type === 'actions')).toBe(false);
      const body = 'payload=%7B%7D';
      expect((await postToActions(server.url, body, slackHeaders(body))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

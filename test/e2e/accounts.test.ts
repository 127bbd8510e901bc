import { Redis } from 'ioredis';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { StateStore } from '../../src/state/state-store';
import { Harness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';
import { SIGNING_SECRET, clickPayload, formBody, postToActions, slackHeaders } from '../helpers/slack-click';
import { slackPostText } from '../helpers/slack-server';
import { startHttpServer } from '../../src/http/http-server';

const FIN_KEY = 'sk-fin-account-7f3a9c';
const OPS_KEY = 'sk-ops-account-2b8d41';

const ACCOUNTS_FILE = ['accounts:', '  - { name: fin, api_key: "${FIN_KEY}", base_url: "${FIN_URL}" }', '  - { name: ops, api_key: "${OPS_KEY}", base_url: "${OPS_URL}" }', ''].join('\n');

/** Waits for what the running bots do on their own timers; says what it waited for when the deadline passes. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Two iFlyRPA accounts (a simulator each, as the real API serves one account per key), the Slack stand-in, real Redis. */
describe('several iFlyRPA accounts', () => {
  let h: Harness;
  let fin: IflyrpaSimulator;
  let ops: IflyrpaSimulator;
  let redis: Redis;

  async function start(options: { opsServesKey?: string; env?: Record<string, string> } = {}): Promise<void> {
    fin = new IflyrpaSimulator({ apiKey: FIN_KEY });
    ops = new IflyrpaSimulator({ apiKey: options.opsServesKey ?? OPS_KEY });
    const [finUrl, opsUrl] = await Promise.all([fin.start(), ops.start()]);
    h = await new Harness().start({ POLL_INTERVAL: '200ms', FIN_KEY, OPS_KEY, FIN_URL: finUrl, OPS_URL: opsUrl, ...options.env });
    h.useConfigFile(ACCOUNTS_FILE);
    // History before the first poll: the baseline is its start, so runs started from now on are news.
    for (const simulator of [fin, ops]) simulator.complete(simulator.startExecution({ startedAt: Date.now() - 10 * 60_000 }).id, undefined, Date.now() - 9 * 60_000);
  }

  beforeEach(() => {
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await h.stop();
    await Promise.all([fin.stop(), ops.stop()]);
    redis.disconnect();
  });

  const alerts = () => h.slack.posts.filter((p) => !p.text.includes('iFlyRPA'));
  const notices = () => h.slack.posts.filter((p) => p.text.includes('iFlyRPA'));
  const baselineOf = async (account: string) => (await redis.get(`${h.prefix}:acct:${account}:baseline`)) !== null;

  it('two processes share both accounts: each alert arrives once and names its account; state is kept per account', async () => {
    await start();
    const [one, two] = [h.addBot(), h.addBot()];
    await one.pollAndSettle();
    // A run each that started and ended after the baseline.
    const finRun = fin.startExecution({ projectId: '2008381617971200001' });
    fin.fail(finRun.id, 'timeout waiting for the invoice page');
    const opsRun = ops.startExecution({ projectId: '2008381617971200002' });
    one.startPolling();
    two.startPolling();
    await waitFor('the ops run to be tracked as PENDING', async () => (await redis.zscore(`${h.prefix}:acct:ops:exec:pending`, opsRun.id)) !== null);
    ops.complete(opsRun.id);
    await waitFor('one alert per account', () => alerts().length >= 2);
    // Several more polls of each account by the two processes: nothing is sent twice.
    const [finSeen, opsSeen] = [fin.listRequests().length, ops.listRequests().length];
    await waitFor('four more polls of each account', () => fin.listRequests().length >= finSeen + 4 && ops.listRequests().length >= opsSeen + 4);
    expect(alerts()).toHaveLength(2);
    const texts = alerts().map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining([expect.stringContaining('[fin] 2008381617971200001'), expect.stringContaining('[ops] 2008381617971200002')]));
    expect(texts.find((t) => t.includes('[fin]'))).toContain('FAILED');
    expect(texts.find((t) => t.includes('[ops]'))).toContain('COMPLETED');
    // Each account's state under its own prefix; the environment's account's keys are untouched.
    const stateOf = (account: string, id: string) => new StateStore(redis, `${h.prefix}:acct:${account}`).recordedStatuses([id]);
    expect(await stateOf('fin', finRun.id)).toEqual(new Map([[finRun.id, 'ENDED']]));
    expect(await stateOf('ops', opsRun.id)).toEqual(new Map([[opsRun.id, 'ENDED']]));
    expect(await stateOf('fin', opsRun.id)).toEqual(new Map());
    expect(await new StateStore(redis, h.prefix).recordedStatuses([finRun.id, opsRun.id])).toEqual(new Map());
    expect(await redis.exists(`${h.prefix}:baseline`)).toBe(0);
    // The environment's account (IFLYRPA_BASE_URL, the harness's own simulator) is not watched; no key reaches a log.
    expect(h.simulator.listRequests()).toHaveLength(0);
    for (const log of h.logs) expect(log.lines.join('\n')).not.toMatch(new RegExp(`${FIN_KEY}|${OPS_KEY}`));
  });

  it('an account whose key is refused gets its own health alert; the other goes on', async () => {
    await start({ opsServesKey: 'sk-some-other-key-000' });
    const bot = h.addBot();
    bot.startPolling();
    await waitFor('the fin baseline', () => baselineOf('fin'));
    await waitFor('the ops health alert', () => notices().length >= 1);
    expect(notices()[0]!.text).toContain('[ops] iFlyRPA unreachable: iFlyRPA rejected the API key (HTTP 401)');
    const run = fin.startExecution();
    fin.fail(run.id);
    await waitFor('the fin alert', () => alerts().length >= 1);
    expect(alerts()[0]!.text).toContain('[fin] ');
    // The refused key alerts once, not once per poll, and fin's polling never raised one.
    const opsAsked = ops.listRequests().length;
    await waitFor('two more polls of ops', () => ops.listRequests().length >= opsAsked + 2, 30_000);
    expect(notices()).toHaveLength(1);
    expect(notices().some((n) => n.text.includes('[fin]'))).toBe(false);
    expect(await redis.exists(`${h.prefix}:acct:fin:health:outage`)).toBe(0);
    expect(await redis.exists(`${h.prefix}:acct:ops:health:outage`)).toBe(1);
  });

  it('shares the poll backoff: a failing API gets few requests however many processes run', async () => {
    await start({ env: { HEALTH_ALERT_AFTER: '1000' } });
    const bots = [h.addBot(), h.addBot(), h.addBot()];
    await bots[0]!.pollAndSettle();
    ops.injectFault({ kind: 'httpStatus', status: 503 }, 10_000);
    const from = Date.now();
    const finBefore = fin.listRequests().length;
    for (const bot of bots) bot.startPolling();
    await waitFor('4 seconds of polling', () => Date.now() - from >= 4_000 && fin.listRequests().length >= finBefore + 5);
    // Counted in the same 4 s window for both, however late the machine let this test look.
    const inWindow = (simulator: IflyrpaSimulator) => simulator.requestTimes.filter((t) => t >= from && t < from + 4_000).length;
    const opsRequests = inWindow(ops);
    const finRequests = inWindow(fin);
    // Backoff from a 200ms interval, doubling, shared: about 5 requests in 4 s; each process on its own would
    // take the slots the failing one leaves and hit the API nearly every interval (about 20).
    expect(opsRequests).toBeGreaterThanOrEqual(2);
    expect(opsRequests).toBeLessThanOrEqual(8);
    expect(finRequests).toBeGreaterThan(opsRequests);
    const backoff = await redis.hgetall(`${h.prefix}:acct:ops:poll-backoff`);
    expect(Number(backoff.failures)).toBeGreaterThanOrEqual(opsRequests - 1);
    expect(await redis.exists(`${h.prefix}:acct:fin:poll-backoff`)).toBe(0);
    // The API answers again: the next poll clears the backoff for every process.
    ops.clearFaults();
    await waitFor('the ops backoff to clear after the API recovers', async () => (await redis.exists(`${h.prefix}:acct:ops:poll-backoff`)) === 0, 30_000);
  });

  it('a Re-run button acts through the account of its run (its API key and base URL)', async () => {
    await start({ env: { SLACK_SIGNING_SECRET: SIGNING_SECRET } });
    ops.asyncRuns = { endAfterMs: null, status: 'COMPLETED' };
    const bot = h.addBot();
    const server = await startHttpServer(bot, { host: '127.0.0.1', port: 0, pollIntervalMs: 1000, slackActions: bot.actions!.endpoint });
    try {
      await bot.pollAndSettle();
      const run = ops.startExecution({ projectId: '2008381617971200002' });
      ops.fail(run.id, 'robot crashed');
      await bot.pollAndSettle();
      const post = alerts().find((p) => slackPostText(p).includes(run.id))!;
      const body = formBody(clickPayload(h.slack, post, 'rpa-notify-rerun', { id: 'U0ALICE', username: 'alice' }));
      expect((await postToActions(server.url, body, slackHeaders(body))).status).toBe(200);
      await h.slack.waitFor(() => h.slack.posts.some((p) => p.threadTs === post.ts && p.text.includes('re-run started')), 're-run started in the alert thread');
      expect(ops.executeRequests()).toHaveLength(1);
      expect(fin.executeRequests()).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

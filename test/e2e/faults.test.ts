import { Harness } from '../helpers/harness';
import { deleteKeys } from '../helpers/redis';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;

describe('faults of the outside world', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ IFLYRPA_TIMEOUT: '2s' });
  });
  afterEach(() => h.stop());

  it('an API outage of several polls: after recovery every transition of the outage is alerted exactly once', async () => {
    const running = Array.from({ length: 3 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - 10 * MINUTE + i }));
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 502 });
    h.simulator.injectFault({ kind: 'hang' });
    h.simulator.injectFault({ kind: 'apiCode', code: '5001', msg: '系统繁忙' });
    h.simulator.injectFault({ kind: 'body', body: '<html>maintenance</html>' });
    const causes: string[] = [];
    for (let i = 0; i < 4; i++) causes.push(await bot.pollAndSettle().then(() => 'ok', (e: Error) => e.message));
    expect(causes).toEqual([
      'iFlyRPA had a server error (HTTP 502)',
      'iFlyRPA did not answer in time',
      'iFlyRPA answered code 5001: 系统繁忙',
      'iFlyRPA answered with something that is not JSON',
    ]);
    // Meanwhile: the running ones end, and more runs than a page start and end.
    for (const r of running) h.simulator.fail(r.id, `outage ${r.id}`);
    for (let i = 0; i < 8; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 5 * MINUTE + i * 1000 }).id);
    const summary = await bot.pollAndSettle();
    await bot.pollAndSettle();
    expect(summary.transitions).toBe(11);
    expect(h.slack.posts).toHaveLength(11);
    expect(new Set(h.slack.posts.map((p) => p.text)).size).toBe(11);
    expect(h.smtp.mails).toHaveLength(11);
  });

  it('a Slack rate limit (429) is honoured through the queue: the post waits out Retry-After and goes once; email goes too', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.slack.replyTo('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    h.simulator.fail(run.id, 'rate limited failure');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsSent).toBe(2);

    // Judged on the recorded order and times of what Slack and SMTP received, not on a snapshot at some instant.
    const limited = h.slack.requests.filter((r) => r.status === 429);
    expect(limited).toEqual([expect.objectContaining({ method: 'chat.postMessage', answeredAt: expect.any(Number) })]);
    const posted = h.slack.requests.filter((r) => r.method === 'chat.postMessage' && r.ok);
    expect(posted).toHaveLength(1);
    expect(h.slack.requests.indexOf(posted[0]!)).toBeGreaterThan(h.slack.requests.indexOf(limited[0]!));
    // Retry-After is 1 s (10 ms of leeway for clock rounding).
    expect(posted[0]!.receivedAt).toBeGreaterThanOrEqual(limited[0]!.answeredAt! + 1000 - 10);
    expect(h.smtp.acceptedAt).toHaveLength(1);
    expect(h.slack.posts).toHaveLength(1);
    expect(slackPostText(h.slack.posts[0]!)).toContain('rate limited failure');
    expect(h.logs[0]!.messages()).toContain(`slack alert for ${run.id} FAILED failed: Slack is rate limiting us (retry after 1s)`);
  });

  it('a Slack rate limit does not hold email back', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    // A long Retry-After: the mail can only arrive first if it does not wait for Slack, however slow this machine is.
    h.slack.replyTo('chat.postMessage', { status: 429, headers: { 'retry-after': '600' }, body: { ok: false, error: 'ratelimited' } });
    h.simulator.fail(run.id, 'rate limited failure');
    await bot.poll();
    await h.slack.waitForAnswer((r) => r.status === 429);
    await h.smtp.waitForMails(1);
    expect(h.smtp.mails[0]!.subject).toContain('FAILED');
    expect(h.slack.requests).toEqual([expect.objectContaining({ method: 'chat.postMessage', status: 429 })]);
    expect(h.slack.posts).toHaveLength(0);
  });

  it('a Slack rate limit holds back the Slack workers of every process sharing the queue', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    h.addBot(); // idle, its Slack worker waiting for a job: it must not take the rate-limited one early
    await bot.pollAndSettle();
    h.slack.replyTo('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    h.simulator.fail(run.id, 'rate limited failure');
    await bot.pollAndSettle();
    const [limited, ...rest] = h.slack.requests;
    expect(limited).toMatchObject({ method: 'chat.postMessage', status: 429 });
    expect(rest).toEqual([expect.objectContaining({ method: 'chat.postMessage', ok: true })]);
    expect(rest[0]!.receivedAt).toBeGreaterThanOrEqual(limited!.answeredAt! + 1000 - 10);
  });

  it('a transient Slack error is retried by the queue and posts once', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.slack.replies.push({ status: 503, body: { ok: false } });
    h.simulator.fail(run.id, 'retried failure');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsSent).toBe(2);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.logs[0]!.messages().some((m) => m.includes('Slack answered HTTP 503 (will retry)'))).toBe(true);
  });

  it('a permanent Slack error fails at once, and email still goes', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.slack.replies.push({ body: { ok: false, error: 'channel_not_found' } });
    h.simulator.fail(run.id, 'unroutable');
    const summary = await bot.pollAndSettle();
    expect(summary).toMatchObject({ notificationsSent: 1, notificationsFailed: 1 });
    expect(h.smtp.mails).toHaveLength(1);
    const failed = await bot.notifyQueues.slack!.getJobs(['failed']);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.attemptsMade).toBe(1);
  });

  it('state wiped (a fresh Redis): re-baselines and says so, instead of flooding', async () => {
    const old = Array.from({ length: 4 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - 20 * MINUTE + i }));
    for (const r of old) h.simulator.complete(r.id);
    const bot = h.addBot();
    await bot.pollAndSettle();
    const runningAtWipe = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    await bot.pollAndSettle();
    await deleteKeys(h.prefix);
    h.simulator.fail(runningAtWipe.id, 'ended while the state was gone');
    const summary = await bot.pollAndSettle();
    expect(summary).toMatchObject({ baselinePoll: true, transitions: 0 });
    expect(h.slack.posts).toHaveLength(0);
    expect(h.logs[0]!.messages().filter((m) => m.startsWith('no state in Redis (first start, or Redis was wiped)'))).toHaveLength(2);
    const next = h.simulator.startExecution();
    h.simulator.fail(next.id, 'after the new baseline');
    await bot.pollAndSettle();
    expect(h.slack.posts).toHaveLength(1);
  });

  it('a page whose total_pages disagrees with its data, with an invalid date in it: no crash, the good record alerted', async () => {
    const bot = h.addBot();
    h.simulator.startExecution({ startedAt: Date.now() - 30 * MINUTE });
    await bot.pollAndSettle();
    const good = h.simulator.startExecution();
    h.simulator.fail(good.id, 'good record');
    const [record] = h.simulator.executions;
    const page = { code: '0000', msg: '', data: { executions: [record, { ...record, id: 'bad-date-1', start_time: '2026-13-45T99:00:00' }], total: 2, pageNo: 1, pageSize: 5, total_pages: 99 } };
    h.simulator.injectFault({ kind: 'body', body: JSON.stringify(page) });
    const summary = await bot.pollAndSettle();
    expect(summary.pagesFetched).toBe(1);
    expect(summary.transitions).toBe(2); // the bad date is news, not history: alerted with its time shown as served
    expect(h.slack.posts.map((p) => p.text).join('\n')).toContain('good record');
  });

  it.each<[string, unknown[], number]>([
    ['an empty executions list', [], 0],
    ['duplicate ids in one page', ['dup', 'dup'], 1],
    ['a record with a string result and one without a status', ['string-result', 'no-status'], 1],
  ])('a hostile page (%s) is handled: bad records skipped with a log line, the rest alerted', async (_name, kinds, alerts) => {
    const bot = h.addBot();
    h.simulator.startExecution({ startedAt: Date.now() - 30 * MINUTE });
    await bot.pollAndSettle();
    const now = Date.now();
    for (const kind of kinds) {
      const base = { id: `${kind}-${now}`, project_id: '2008381617971200000', status: 'FAILED', parameters: {}, result: null, error: 'x', exec_position: 'EXECUTOR', version: 2, user_id: 'u', start_time: new Date(now + 8 * 3_600_000).toISOString().slice(0, 19), end_time: null };
      if (kind === 'dup') h.simulator.addRecord({ ...base, id: `dup-${now}` }, now);
      if (kind === 'string-result') h.simulator.addRecord({ ...base, status: 'COMPLETED', result: 'plain text result' }, now);
      if (kind === 'no-status') h.simulator.addRecord({ ...base, status: undefined }, now);
    }
    const summary = await bot.pollAndSettle();
    expect(summary.transitions).toBe(alerts);
    expect(h.slack.posts).toHaveLength(alerts);
    if (kinds.includes('no-status') || kinds.includes('dup')) {
      expect(h.logs[0]!.messages().some((m) => m.startsWith('skipped a malformed execution record on page 1'))).toBe(true);
    }
  });
});

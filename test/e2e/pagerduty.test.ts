import { parseExecutions } from '../../src/iflyrpa/execution-schema';
import { Harness } from '../helpers/harness';
import { FakePagerDutyServer } from '../helpers/pagerduty-server';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const ROUTING_KEY = 'R0utingKeyE2e00123456789abcdefAB';
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';

describe('pagerduty through the whole pipeline: incidents, not runs', () => {
  let h: Harness;
  let pagerduty: FakePagerDutyServer;

  async function start(routingKey = ROUTING_KEY, env: Record<string, string> = {}) {
    pagerduty = new FakePagerDutyServer();
    const eventsUrl = await pagerduty.start();
    h = await new Harness().start({ PAGERDUTY_ROUTING_KEY: routingKey, PAGERDUTY_EVENTS_URL: eventsUrl, ...env });
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    const bot = h.addBot();
    await bot.pollAndSettle(); // the baseline: history, no alerts
    return bot;
  }
  afterEach(async () => {
    await h.stop();
    await pagerduty.stop();
  });

  const events = () => pagerduty.events.map((e) => `${e.event_action} ${e.dedup_key}${e.payload ? ` ${e.payload.severity}` : ''}`);

  it('a STUCK run triggers its own incident (warning), resolved when the run ends', async () => {
    const bot = await start(ROUTING_KEY, { STUCK_AFTER: '1m' });
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 5 * MINUTE });
    await bot.pollAndSettle();
    await bot.pollAndSettle();
    h.simulator.complete(run.id);
    await bot.pollAndSettle();
    const key = `rpa-notify:default:${run.id}:stuck`;
    expect(events()).toEqual([`trigger ${key} warning`, `resolve ${key}`]);
  });

  it('a workflow fails 3 times then completes: 3 triggers on one dedup_key, then 1 resolve; a COMPLETED outside a streak sends nothing', async () => {
    const bot = await start();
    const key = `rpa-notify:default:${INVOICES}`;
    for (let i = 1; i <= 3; i++) {
      const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
      h.simulator.fail(run.id, `invoice portal login failed #${i}`);
      expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
    }
    const ok = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    h.simulator.complete(ok.id);
    await bot.pollAndSettle();
    const other = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - MINUTE });
    h.simulator.complete(other.id);
    await bot.pollAndSettle();

    expect(events()).toEqual([`trigger ${key} critical`, `trigger ${key} critical`, `trigger ${key} critical`, `resolve ${key}`]);
    expect(pagerduty.events.every((e) => e.routing_key === ROUTING_KEY)).toBe(true);
    const summaries = pagerduty.events.flatMap((e) => (e.payload ? [e.payload.summary] : []));
    expect(summaries[0]).toMatch(/failed: run \w{8}: invoice portal login failed #1$/);
    expect(summaries[2]).toMatch(/failing: 3 failed runs since .*, latest \w{8}: invoice portal login failed #3$/);
    // Every run still reached Slack, the COMPLETED of the other workflow included.
    expect(h.slack.posts).toHaveLength(5);
    expect(slackPostText(h.slack.posts[4]!)).toContain(other.id);
    expect(await bot.streaks.read(INVOICES)).toMatchObject({ failing: false, count: 0 });
    // The routing key is in no log line and no job.
    expect(h.allLogLines().join('\n')).not.toContain(ROUTING_KEY);
  });

  it('killed after the streak was applied but before the alerts were queued: the drain re-applies, same effect, nothing counted twice', async () => {
    const bot = await start();
    const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    const [ended] = parseExecutions([h.simulator.fail(run.id, 'crash window')], { start: '+08:00', end: '+00:00' }).executions;
    // What a page worker that died between the streak and the enqueue leaves: state, outbox and streak applied, no jobs.
    const { transitions } = await bot.store.detectTransitions([ended!], { baselinePoll: false, now: Date.now() });
    expect((await bot.streaks.attach(transitions))[0]!.streak).toEqual({ kind: 'opened', id: ended!.id, seq: expect.any(Number) });
    await bot.pollAndSettle();
    expect(events()).toEqual([`trigger rpa-notify:default:${INVOICES} critical`]);
    expect(await bot.streaks.read(INVOICES)).toMatchObject({ failing: true, count: 1 });
    const job = await bot.notifyQueues.pagerduty!.getJob((await bot.notifyQueues.pagerduty!.getJobs(['completed']))[0]!.id!);
    expect(job!.data.transition.streak).toEqual({ kind: 'opened', id: ended!.id, seq: expect.any(Number) });
    expect(JSON.stringify(job!.data)).not.toContain(ROUTING_KEY);
  });

  it('a routing key PagerDuty does not know: permanent, logged once with the channel name, never the key; Slack and email still go', async () => {
    const bot = await start();
    pagerduty.knownKeys = ['SomeOtherIntegrationKey000000000'];
    const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    h.simulator.fail(run.id, 'invoice portal login failed');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(1);
    expect(pagerduty.events).toEqual([]);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
    const lines = h.allLogLines().filter((line) => line.includes('pagerduty alert') && line.includes('failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/pagerduty alert for .* FAILED failed: PagerDuty refused the event \(HTTP 400: Invalid routing key\) \(permanent, not retried\)/);
    expect(h.allLogLines().join('\n')).not.toContain(ROUTING_KEY);
  });
});

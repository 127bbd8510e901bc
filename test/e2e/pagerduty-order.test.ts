import { Harness } from '../helpers/harness';
import { FakePagerDutyServer } from '../helpers/pagerduty-server';
import { until } from '../helpers/until';

const MINUTE = 60_000;
const ROUTING_KEY = 'R0utingKeyOrder0123456789abcdefA';
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const KEY = `rpa-notify:default:${INVOICES}`;

/** A trigger and the resolve of one incident, sent by concurrent workers: they reach PagerDuty in the order the runs happened. */
describe('pagerduty: trigger and resolve of one dedup_key never cross', () => {
  let h: Harness;
  let pagerduty: FakePagerDutyServer;

  beforeEach(async () => {
    pagerduty = new FakePagerDutyServer();
    h = await new Harness().start({ PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: await pagerduty.start(), WORKER_CONCURRENCY: '4' });
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
  });
  afterEach(async () => {
    await h.stop();
    await pagerduty.stop();
  });

  const events = () => pagerduty.events.map((e) => `${e.event_action} ${e.dedup_key}`);

  /** Fails #1 (its trigger sent), then fails #2 with its trigger held by PagerDuty; returns the hold and the success that ends the streak. */
  async function triggerInFlight() {
    const bot = h.addBot();
    await bot.pollAndSettle(); // the baseline
    const first = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 3 * MINUTE });
    h.simulator.fail(first.id, 'portal down #1');
    await bot.pollAndSettle();
    expect(events()).toEqual([`trigger ${KEY}`]);
    const second = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 2 * MINUTE });
    h.simulator.fail(second.id, 'portal down #2');
    const slow = pagerduty.holdNext((e) => e.event_action === 'trigger');
    await bot.poll();
    await slow.arrived;
    // Then the success that ends the streak, while that trigger is still in flight.
    h.simulator.complete(h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE }).id);
    const settled = bot.pollAndSettle();
    const waiting = () => h.allLogLines().some((l) => l.includes(`resolve of ${KEY} waits for an earlier event`));
    return { slow, settled, waiting };
  }

  it('the resolve of a streak while its last trigger is slow in flight: the resolve waits for it and lands last', async () => {
    const { slow, settled, waiting } = await triggerInFlight();
    // Either the resolve overtakes the held trigger (what must not happen) or it waits for it (logged).
    await until(() => pagerduty.events.length >= 2 || waiting());
    slow.release();
    await settled;
    expect(events()).toEqual([`trigger ${KEY}`, `trigger ${KEY}`, `resolve ${KEY}`]);
  });

  it('that trigger fails (500) and is retried after the resolve went: skipped (logged), the incident stays resolved', async () => {
    const { slow, settled, waiting } = await triggerInFlight();
    await until(() => pagerduty.events.length >= 2 || waiting());
    pagerduty.replyNext({ status: 500, body: { status: 'error' } });
    slow.release();
    await settled;
    // The trigger's retry (after the queue's backoff) finds the resolve sent: it is skipped, and says so.
    await until(() => h.allLogLines().some((l) => l.includes(`trigger of ${KEY} not sent: a newer resolve of that incident was sent already`)));
    expect(events()).toEqual([`trigger ${KEY}`, `resolve ${KEY}`]);
  });
});

import type { Bot } from '../../src/bot';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const ORDERS = '2008381617971200000';
const OPTIONS = { fallbackMs: 120 * MINUTE, stuckAfterMs: {}, freshForMs: 120 * MINUTE } // the last record seen is an hour old: trusted here;

/**
 * A process dies half-way through a STUCK alert or an ending run's alert (simulated by doing the Redis
 * half of the work by hand and never the queueing); a fresh process picks up what it left, exactly once.
 */
describe('stuck runs across a crash (STUCK_AFTER 2h)', () => {
  let h: Harness;
  let clock: number;
  let first: Bot;

  beforeEach(async () => {
    h = await new Harness().start({ STUCK_AFTER: '2h' });
    clock = Date.now();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 5 * 60 * MINUTE }).id);
    first = h.addBot({ now: () => clock });
    await first.pollAndSettle(); // the baseline
  });
  afterEach(() => h.stop());

  const textsNaming = (id: string): string[] => h.slack.posts.map(slackPostText).filter((t) => t.includes(id));

  it('a crash right after the STUCK claim: the next process queues the alert from the outbox, once', async () => {
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 60 * MINUTE });
    await first.pollAndSettle();
    clock += 63 * MINUTE;
    // The dying process: it claims the run (and, with the fix, writes the outbox entry) and never queues it.
    const account = first.accounts[0]!;
    const claimed = await account.stuckRuns.claimDue(await account.store.trackedPending(), clock, OPTIONS);
    expect(claimed.map((t) => t.execution.id)).toEqual([run.id]);

    const next = h.addBot({ now: () => clock });
    await next.pollAndSettle();
    clock += MINUTE;
    await next.pollAndSettle();
    const stuck = textsNaming(run.id);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toContain('still running after 2h 03m');
  });

  it('a run that ends and whose page worker dies after detection: the drained alert still says it had been reported stuck', async () => {
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 60 * MINUTE });
    await first.pollAndSettle();
    clock += 63 * MINUTE;
    await first.pollAndSettle();
    expect(textsNaming(run.id)).toHaveLength(1);

    h.simulator.fail(run.id, 'login page never loaded');
    clock += MINUTE;
    // The dying process: detection (the outbox entry) done, nothing after it.
    const account = first.accounts[0]!;
    const ended = await account.client.getExecution(run.id);
    expect(ended?.status).toBe('FAILED');
    const detected = await account.store.detectTransitions([ended!], { baselinePoll: false, now: clock });
    expect(detected.transitions).toHaveLength(1);

    const next = h.addBot({ now: () => clock });
    await next.pollAndSettle();
    const failed = textsNaming(run.id).filter((t) => t.includes('login page never loaded'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('had been reported stuck before it ended');
  });
});

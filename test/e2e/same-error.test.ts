import { errorFingerprint } from '../../src/domain/error-fingerprint';
import type { Transition } from '../../src/domain/transition';
import { parseExecutions } from '../../src/iflyrpa/execution-schema';
import { notifyJobId } from '../../src/queues/queue-names';
import type { Bot } from '../../src/bot';
import { Harness } from '../helpers/harness';

const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const errorOf = (n: number) => `robot host rh-${n}x${n}k${n}q went away after ${n * 1000} ms (job JOB2026112${n}A7)`;

describe('same error through the whole pipeline', () => {
  let h: Harness;
  let bot: Bot;

  beforeEach(async () => {
    h = await new Harness().start();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    bot = h.addBot();
    await bot.pollAndSettle(); // the baseline: history, no alerts
  });
  afterEach(() => h.stop());

  /** The alert as queued for the Slack channel (what every message builder gets). */
  const queued = async (executionId: string, status = 'FAILED'): Promise<Transition> => {
    const job = await bot.notifyQueues.slack!.getJob(notifyJobId('slack', executionId, status));
    if (!job) throw new Error(`no slack job for ${executionId} ${status}`);
    return (job.data as { transition: Transition }).transition;
  };

  it('3 runs of two workflows fail with errors differing only in ids and numbers: the third says 3 runs, 2 workflows', async () => {
    const ids: string[] = [];
    for (const [n, projectId] of [INVOICES, ORDERS, INVOICES].entries()) {
      const run = h.simulator.startExecution({ projectId, startedAt: Date.now() - MINUTE });
      h.simulator.fail(run.id, errorOf(n + 1));
      ids.push(run.id);
      expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
    }
    const ok = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - MINUTE });
    h.simulator.complete(ok.id);
    await bot.pollAndSettle();

    const [first, second, third] = await Promise.all(ids.map((id) => queued(id)));
    const fingerprint = errorFingerprint(errorOf(1)).fingerprint;
    expect(first!.sameError).toEqual({ fingerprint, runs: 1, since: first!.detectedAt, workflows: 1 });
    expect(second!.sameError).toEqual({ fingerprint, runs: 2, since: first!.detectedAt, workflows: 2 });
    expect(third!.sameError).toEqual({ fingerprint, runs: 3, since: first!.detectedAt, workflows: 2 });
    expect((await queued(ok.id, 'COMPLETED')).sameError).toBeUndefined();
    // The streak effect rides along as before.
    expect(third!.streak).toEqual({ kind: 'continued', count: 2, since: expect.any(Number), id: expect.any(String), seq: expect.any(Number) });
  });

  it('killed after counting but before the alerts were queued: the drain counts the run once', async () => {
    const before = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - MINUTE });
    h.simulator.fail(before.id, errorOf(7));
    await bot.pollAndSettle();
    const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    const [ended] = parseExecutions([h.simulator.fail(run.id, errorOf(8))], { start: '+08:00', end: '+00:00' }).executions;
    // What a page worker that died between the counts and the enqueue leaves: state, outbox and counts, no jobs.
    const { transitions } = await bot.store.detectTransitions([ended!], { baselinePoll: false, now: Date.now() });
    expect((await bot.errorCounts.attach(transitions))[0]!.sameError).toMatchObject({ runs: 2, workflows: 2 });
    await bot.pollAndSettle();
    expect((await queued(run.id)).sameError).toMatchObject({ runs: 2, workflows: 2 });
    // A later failure of the same error counts 3, not 4.
    const later = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    h.simulator.fail(later.id, errorOf(9));
    await bot.pollAndSettle();
    expect((await queued(later.id)).sameError).toMatchObject({ runs: 3, workflows: 2 });
  });
});

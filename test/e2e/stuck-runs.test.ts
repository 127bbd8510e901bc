import type { Bot } from '../../src/bot';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';
import { sampleCompleted, transitionOf } from '../fixtures/executions';

const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';

describe('stuck runs (STUCK_AFTER 2h): one STUCK alert, then the end says it had been reported stuck', () => {
  let h: Harness;
  let clock: number;
  let bots: Bot[];

  beforeEach(async () => {
    h = await new Harness().start({ STUCK_AFTER: '2h' });
    clock = Date.now();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 5 * 60 * MINUTE }).id);
    bots = [h.addBot({ now: () => clock }), h.addBot({ now: () => clock })];
    await bots[0]!.pollAndSettle(); // the baseline: history, no alerts
  });
  afterEach(() => h.stop());

  const textsNaming = (id: string): string[] => h.slack.posts.map(slackPostText).filter((t) => t.includes(id));
  const mailsNaming = (id: string): string[] => h.smtp.mails.map((m) => m.text ?? '').filter((t) => t.includes(id));
  const metric = async (bot: Bot, name: string): Promise<number> => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await bot.metricsText()).body)?.[1] ?? NaN);

  it('alerts once however many polls and processes look, in Slack and email, and the FAILED alert says it had been reported stuck', async () => {
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 60 * MINUTE });
    await bots[0]!.pollAndSettle();
    expect(textsNaming(run.id)).toEqual([]);

    clock += 63 * MINUTE; // running 2h 03m
    await Promise.all(bots.map((bot) => bot.pollAndSettle()));
    for (let poll = 0; poll < 4; poll++) {
      clock += MINUTE;
      await bots[poll % 2]!.pollAndSettle();
    }

    const stuck = textsNaming(run.id);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toContain('⏳');
    expect(stuck[0]).toContain('still running after 2h 03m');
    const stuckMails = mailsNaming(run.id);
    expect(stuckMails).toHaveLength(1);
    expect(stuckMails[0]).toContain('still running after 2h 03m');
    // Counted once, by whichever process claimed it.
    const reported = await Promise.all(bots.map((bot) => metric(bot, 'rpa_notify_stuck_runs_reported_total')));
    expect(reported[0]! + reported[1]!).toBe(1);
    expect(await metric(bots[0]!, 'rpa_notify_open_streaks')).toBe(0);

    h.simulator.fail(run.id, 'login page never loaded');
    await bots[1]!.pollAndSettle();
    const failed = textsNaming(run.id).filter((t) => t.includes('login page never loaded'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('had been reported stuck before it ended');
    expect(mailsNaming(run.id).filter((t) => t.includes('had been reported stuck before it ended'))).toHaveLength(1);
    expect(textsNaming(run.id)).toHaveLength(2);
    // The failure opened ORDERS' streak: every process sees it, whoever applied it.
    expect(await metric(bots[0]!, 'rpa_notify_open_streaks')).toBe(1);
    expect(await metric(bots[1]!, 'rpa_notify_open_streaks')).toBe(1);
  });

  it('says nothing of a run that ended before its threshold, and records its duration', async () => {
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 60 * MINUTE });
    await bots[0]!.pollAndSettle();
    h.simulator.complete(run.id, { code: '0000', msg: 'ok' }, clock - 30 * MINUTE);
    clock += 2 * 60 * MINUTE;
    await bots[1]!.pollAndSettle();
    const texts = textsNaming(run.id);
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toContain('stuck');
    expect(await bots[0]!.stuckRuns.durations(ORDERS)).toEqual([30 * MINUTE]);
  });
});

describe('a workflow with stuck_after in the config file (STUCK_AFTER off)', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('alerts that workflow after its own stuck_after, and no other', async () => {
    h = await new Harness().start({ STUCK_AFTER: 'off' });
    h.useConfigFile(`
workflows:
  "${INVOICES}": { name: 发票下载, stuck_after: 45m }
  "${ORDERS}": 订单同步
`);
    let clock = Date.now();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 5 * 60 * MINUTE }).id);
    const bot = h.addBot({ now: () => clock });
    await bot.pollAndSettle();
    const invoices = h.simulator.startExecution({ projectId: INVOICES, startedAt: clock - 10 * MINUTE });
    const orders = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 10 * MINUTE });
    await bot.pollAndSettle();

    clock += 30 * MINUTE; // 40m: under the 45m of 发票下载
    await bot.pollAndSettle();
    expect(h.slack.posts).toEqual([]);

    clock += 6 * 60 * MINUTE; // 6h 40m
    await bot.pollAndSettle();
    await bot.pollAndSettle();
    const texts = h.slack.posts.map(slackPostText);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(invoices.id);
    expect(texts[0]).toContain('发票下载');
    expect(texts[0]).toContain('still running after 6h 40m');
    expect(texts.some((t) => t.includes(orders.id))).toBe(false);
  });
});

describe('a workflow with stuck_after: off (STUCK_AFTER 2h, and a learned threshold)', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('never alerts that workflow, whatever its learned threshold or STUCK_AFTER; the others still are', async () => {
    h = await new Harness().start({ STUCK_AFTER: '2h' });
    h.useConfigFile(`
workflows:
  "${INVOICES}": { name: 发票下载, stuck_after: off }
  "${ORDERS}": 订单同步
`);
    let clock = Date.now();
    h.simulator.complete(h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 5 * 60 * MINUTE }).id);
    const bot = h.addBot({ now: () => clock });
    await bot.pollAndSettle();
    // 20 runs of 10 min each: a learned threshold of 30 min for 发票下载, were it not off.
    const learned = Array.from({ length: 20 }, (_, i) => transitionOf({ ...sampleCompleted, id: `learned-${i}`, projectId: INVOICES, startMs: 0, endMs: 10 * MINUTE }));
    await bot.stuckRuns.observe([], learned, clock);
    const invoices = h.simulator.startExecution({ projectId: INVOICES, startedAt: clock - 10 * MINUTE });
    const orders = h.simulator.startExecution({ projectId: ORDERS, startedAt: clock - 10 * MINUTE });
    await bot.pollAndSettle();

    clock += 3 * 60 * MINUTE;
    await bot.pollAndSettle();
    await bot.pollAndSettle();
    const texts = h.slack.posts.map(slackPostText);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(orders.id);
    expect(texts[0]).toContain('still running after 3h 10m');
    expect(texts.some((t) => t.includes(invoices.id))).toBe(false);
  });
});

import type { Setup } from '../../src/config/load-setup';
import { muteCommand, unmuteCommand } from '../../src/cli/mute-commands';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const HOUR = 3_600_000;
const ORDERS = '2008381617971200000';
const INVOICES = '2008381617971200417';

const FILE = `
workflows:
  "${ORDERS}": 订单同步
  "${INVOICES}": 发票下载
`;

describe('mutes: a muted alert skips Slack and immediate mail, is logged and counted, and still reaches the digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: 'both', DIGEST_INTERVAL: '1h' });
  });
  afterEach(() => h.stop());

  it('mute 订单同步 --status FAILED: its failure is silent, 发票下载 is not; after unmute the next failure is posted', async () => {
    const path = h.useConfigFile(FILE);
    const setup: Setup = { config: h.config, file: { path, content: h.file! }, secrets: [], warnings: [] };
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(`stderr: ${line}`), who: 'alice' };

    const bot = h.addBot();
    const orders1 = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 });
    const invoices = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 60_000 });
    const ordersDone = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 50_000 });
    await bot.pollAndSettle();
    await bot.digestRunner!.tick(Date.now());

    expect(await muteCommand(setup, '订单同步', { for: '2h', status: 'FAILED', reason: 'planned maintenance' }, io)).toBe(0);
    const muteId = out[0]!;
    expect(muteId).toMatch(/^[0-9a-f]{8}$/);

    h.simulator.fail(orders1.id, 'orders under maintenance');
    h.simulator.fail(invoices.id, 'invoice portal down');
    h.simulator.complete(ordersDone.id);
    expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);

    // Slack and immediate mail: the invoices failure and the orders success (the mute is FAILED only), not the orders failure.
    const posts = h.slack.posts.map(slackPostText);
    expect(posts).toHaveLength(2);
    expect(posts.some((p) => p.includes('invoice portal down'))).toBe(true);
    expect(posts.some((p) => p.includes(ordersDone.id))).toBe(true);
    expect(posts.some((p) => p.includes('orders under maintenance'))).toBe(false);
    expect(h.smtp.mails).toHaveLength(2);
    expect(h.smtp.mails.some((m) => (m.text ?? '').includes('orders under maintenance'))).toBe(false);

    expect(h.logs[0]!.messages()).toContain(`alert for ${orders1.id} FAILED muted by ${muteId} (planned maintenance)`);
    expect((await bot.metricsText()).body).toContain('rpa_notify_alerts_muted_total{status="FAILED",reason="mute"} 1');

    // The digest still lists the muted failure, marked muted.
    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const digest = h.smtp.mails[2]!;
    expect(digest.text).toContain(`[muted by ${muteId}] orders under maintenance`);
    expect(digest.html).toContain(`[muted by ${muteId}] orders under maintenance`);
    expect(digest.text).toContain('invoice portal down');
    expect(digest.text).not.toContain('] invoice portal down');

    expect(await unmuteCommand(setup, muteId, io)).toBe(0);
    const orders2 = h.simulator.startExecution({ projectId: ORDERS });
    await bot.pollAndSettle();
    h.simulator.fail(orders2.id, 'orders back, failing again');
    await bot.pollAndSettle();
    expect(h.slack.posts.map(slackPostText).some((p) => p.includes('orders back, failing again'))).toBe(true);
    expect(h.smtp.mails.some((m) => (m.text ?? '').includes('orders back, failing again'))).toBe(true);
  });
});

import { reloadConfigFile } from '../../src/cli/config-reloader';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const HOUR = 3_600_000;
const ORDERS = '2008381617971200000';
const INVOICES = '2008381617971200417';

/** `m h * * *` starting this minute in Asia/Shanghai (UTC+8 all year): a window in force for the next hour. */
function cronStartingNow(shiftHours = 0): string {
  const local = new Date(Date.now() + 8 * HOUR + shiftHours * HOUR);
  return `${local.getUTCMinutes()} ${local.getUTCHours()} * * *`;
}

const file = (ordersCron: string, invoicesCron: string) => `
workflows:
  "${ORDERS}": 订单同步
  "${INVOICES}": 发票下载
maintenance:
  - { workflows: ["订单*"], cron: "${ordersCron}", for: 1h, reason: nightly backup }
  - { workflows: [发票下载], cron: "${invoicesCron}", for: 1h, statuses: [FAILED] }
`;

describe('maintenance windows: an alert inside one is muted like a mute, one outside is sent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: 'both', DIGEST_INTERVAL: '1h', DIGEST_TIMEZONE: 'Asia/Shanghai' });
  });
  afterEach(() => h.stop());

  it('订单同步 in its window is silent (logged, counted, in the digest marked), 发票下载 outside its own is posted; SIGHUP brings a new window into force', async () => {
    const inForce = cronStartingNow();
    // Six hours away: not in force now, whenever the test runs.
    const later = cronStartingNow(6);
    const path = h.useConfigFile(file(inForce, later));
    const bot = h.addBot();
    const orders = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 });
    const invoices = h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 60_000 });
    await bot.pollAndSettle();
    await bot.digestRunner!.tick(Date.now());

    h.simulator.fail(orders.id, 'orders under maintenance');
    h.simulator.fail(invoices.id, 'invoice portal down');
    expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);

    const posts = h.slack.posts.map(slackPostText);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('invoice portal down');
    expect(h.smtp.mails).toHaveLength(1);
    expect(h.smtp.mails[0]!.text).toContain('invoice portal down');

    const label = `${inForce} (1h)`;
    expect(h.logs[0]!.messages()).toContain(`alert for ${orders.id} FAILED muted by maintenance ${label} (nightly backup)`);
    const metrics = (await bot.metricsText()).body;
    expect(metrics).toContain('rpa_notify_alerts_muted_total{status="FAILED",reason="maintenance"} 1');
    expect(metrics).not.toContain('reason="mute"}');

    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const digest = h.smtp.mails[1]!;
    expect(digest.text).toContain(`[muted by maintenance ${label}] orders under maintenance`);
    expect(digest.html).toContain(`[muted by maintenance ${label}] orders under maintenance`);
    expect(digest.text).not.toContain('] invoice portal down');

    // SIGHUP: the invoices window now starts this minute; its next failure is muted, a completion is not (FAILED only).
    h.writeConfigFile(file(inForce, cronStartingNow()));
    expect(reloadConfigFile(path, { bot, config: h.config, logger: h.logs[0]!.logger, secrets: [], env: h.env })).toBe(true);
    const invoices2 = h.simulator.startExecution({ projectId: INVOICES });
    const invoices3 = h.simulator.startExecution({ projectId: INVOICES });
    await bot.pollAndSettle();
    h.simulator.fail(invoices2.id, 'invoice portal down again');
    h.simulator.complete(invoices3.id);
    await bot.pollAndSettle();
    const after = h.slack.posts.map(slackPostText);
    expect(after.some((p) => p.includes('invoice portal down again'))).toBe(false);
    expect(after.some((p) => p.includes(invoices3.id))).toBe(true);
    expect((await bot.metricsText()).body).toContain('rpa_notify_alerts_muted_total{status="FAILED",reason="maintenance"} 2');
  });
});

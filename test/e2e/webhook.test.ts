import { Harness } from '../helpers/harness';
import { FakeWebhookServer } from '../helpers/webhook-server';

const MINUTE = 60_000;
const ORDERS = '2008381617971200000';
const SECRET = 'whsec-e2e-0451';

interface Body {
  event: string;
  delivery_id: string;
  workflow: { id: string; name: string | null };
  execution: { id: string; status: string; error: string | null };
  text: string;
}

describe('webhook channel through the whole pipeline', () => {
  let h: Harness;
  let receiver: FakeWebhookServer;
  let url: string;
  beforeEach(async () => {
    receiver = new FakeWebhookServer(SECRET);
    url = await receiver.start();
  });
  afterEach(async () => {
    await h.stop();
    await receiver.stop();
  });

  const fileWith = (secret: string) => `
workflows:
  "${ORDERS}": 订单同步
channels:
  ops-hook: { type: webhook, url: "${url}", secret: "${secret}" }
routes:
  - match: { statuses: [FAILED] }
    to: [ops-hook, default]
`;

  /** A bot past its baseline poll, with one run of 订单同步 about to end. */
  async function started(secret: string) {
    h.useConfigFile(fileWith(secret));
    const bot = h.addBot();
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 3 * MINUTE });
    await bot.pollAndSettle();
    return { bot, run };
  }

  it('a FAILED run reaches the receiver signed, with the workflow’s name; a 429 is retried after Retry-After with the same delivery id', async () => {
    h = await new Harness().start();
    const { bot, run } = await started(SECRET);
    receiver.replies.push({ status: 429, headers: { 'retry-after': '1' } });
    h.simulator.fail(run.id, 'order sync timed out');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(0);

    expect(receiver.deliveries.map((d) => d.status)).toEqual([429, 204]);
    expect(receiver.refused).toEqual([]);
    const [limited, delivered] = receiver.deliveries;
    expect(delivered!.headers['x-rpa-notify-delivery']).toBe(limited!.headers['x-rpa-notify-delivery']);
    const body = delivered!.json as Body;
    expect(body.event).toBe('execution.failed');
    expect(body.delivery_id).toBe(delivered!.headers['x-rpa-notify-delivery']);
    expect(body.workflow).toEqual({ id: ORDERS, name: '订单同步' });
    expect(body.execution).toMatchObject({ id: run.id, status: 'FAILED', error: 'order sync timed out' });
    expect(body.text).toContain(`FAILED · workflow 订单同步 (${ORDERS})`);
    // Slack and email (default) had it too.
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('a wrong secret is permanent, logged once with the channel’s name and never the secret, and Slack and email still go', async () => {
    h = await new Harness().start();
    const { bot, run } = await started('whsec-not-the-receivers');
    h.simulator.fail(run.id, 'order sync timed out');
    await bot.pollAndSettle();

    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.refused).toEqual(['signature mismatch']);
    const errors = h.logs[0]!.messages().filter((m) => m.startsWith('ops-hook '));
    expect(errors).toEqual([expect.stringMatching(/^ops-hook alert for .* FAILED failed: the webhook refused the delivery \(HTTP 401\).*secret.*\(permanent, not retried\)$/)]);
    expect(h.allLogLines().join('\n')).not.toContain('whsec-not-the-receivers');
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('WEBHOOK_URL / WEBHOOK_SECRET: the environment’s webhook channel joins default', async () => {
    h = await new Harness().start({ WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
    const bot = h.addBot();
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 3 * MINUTE });
    await bot.pollAndSettle();
    h.simulator.complete(run.id);
    await bot.pollAndSettle();
    expect(receiver.deliveries.map((d) => d.status)).toEqual([204]);
    const body = receiver.deliveries[0]!.json as Body;
    expect(body.event).toBe('execution.completed');
    expect(body.workflow).toEqual({ id: ORDERS, name: null });
    expect(h.slack.posts).toHaveLength(1);
  });
});

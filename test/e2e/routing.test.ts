import type { AddressObject, ParsedMail } from 'mailparser';
import { reloadConfigFile } from '../../src/cli/config-reloader';
import { captureLogger } from '../helpers/capture-logger';
import { Harness } from '../helpers/harness';
import { type SlackPost, slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;

const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const RECONCILE = '2008381617971200533';
const UNNAMED = '2008381617971200999';

/** Two Slack channels and two recipient lists besides the environment's (C0RPA, oncall@example.com). */
const FILE = `
workflows:
  "${INVOICES}": 发票下载
  "${ORDERS}": 订单同步
  "${RECONCILE}": 订单对账
channels:
  finance-slack: { type: slack, channel: C0FIN }
  ops-slack: { type: slack, channel: C0OPS, statuses: [FAILED] }
  finance-mail: { type: email, to: [fin@example.com, cfo@example.com] }
  ops-mail: { type: email, to: ops@example.com }
routes:
  - match: { workflows: ["${INVOICES}"] }
    to: [finance-slack, finance-mail]
  - match: { workflows: ["订单*"] }
    to: [ops-slack, ops-mail]
    continue: true
  - match: { workflows: [订单对账], statuses: [COMPLETED] }
    to: []
  - match: { statuses: [FAILED] }
    to: [ops-slack]
`;

const recipients = (mail: ParsedMail): string => {
  const to = mail.to as AddressObject | AddressObject[] | undefined;
  return (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).sort().join(',');
};
const postsTo = (posts: SlackPost[], channel: string) => posts.filter((p) => p.channel === channel).map(slackPostText);

describe('routing with a config file: named workflows, named channels, routes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  /** A bot past its baseline poll, with one run of each workflow about to end. */
  async function started() {
    h.useConfigFile(FILE);
    const bot = h.addBot();
    const runs = {
      invoices: h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 4 * MINUTE }),
      orders: h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 3 * MINUTE }),
      reconcile: h.simulator.startExecution({ projectId: RECONCILE, startedAt: Date.now() - 2 * MINUTE }),
      unnamed: h.simulator.startExecution({ projectId: UNNAMED, startedAt: Date.now() - MINUTE }),
    };
    await bot.pollAndSettle();
    return { bot, runs };
  }

  it('each alert reaches the channels its routes pick: continue, to: [], a channel named twice, and default for the rest', async () => {
    const { bot, runs } = await started();
    h.simulator.fail(runs.invoices.id, 'invoice portal login failed');
    h.simulator.fail(runs.orders.id, 'order sync timed out');
    h.simulator.complete(runs.reconcile.id);
    h.simulator.complete(runs.unnamed.id);
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(0);

    // Slack: 发票下载 to finance only; 订单同步 FAILED to ops once although two routes name it; 订单对账 COMPLETED
    // nowhere in Slack (ops-slack takes FAILED only, then to: []); the unnamed workflow to the environment's channel.
    expect(postsTo(h.slack.posts, 'C0FIN')).toEqual([expect.stringContaining('invoice portal login failed')]);
    expect(postsTo(h.slack.posts, 'C0OPS')).toEqual([expect.stringContaining('order sync timed out')]);
    expect(postsTo(h.slack.posts, 'C0RPA')).toEqual([expect.stringContaining(runs.unnamed.id)]);
    expect(h.slack.posts).toHaveLength(3);

    const mails = h.smtp.mails.map((m) => ({ to: recipients(m), subject: m.subject ?? '', text: m.text ?? '' }));
    expect(mails.map((m) => `${m.to} ${m.subject.split(' ')[1]}`).sort()).toEqual([
      'cfo@example.com,fin@example.com FAILED',
      'oncall@example.com COMPLETED',
      'ops@example.com COMPLETED',
      'ops@example.com FAILED',
    ]);
  });

  it('names the workflow in every message, Slack and email: 订单同步 (id); an unnamed one by its id', async () => {
    const { bot, runs } = await started();
    h.simulator.fail(runs.orders.id, 'order sync timed out');
    h.simulator.complete(runs.unnamed.id);
    await bot.pollAndSettle();
    const ops = postsTo(h.slack.posts, 'C0OPS')[0]!;
    expect(ops).toContain(`订单同步 (${ORDERS})`);
    expect(h.slack.posts.find((p) => p.channel === 'C0OPS')!.text).toContain(`订单同步 (${ORDERS})`);
    const opsMail = h.smtp.mails.find((m) => recipients(m) === 'ops@example.com')!;
    expect(opsMail.text).toContain(`订单同步 (${ORDERS})`);
    expect(opsMail.html).toContain(`订单同步 (${ORDERS})`);
    expect(postsTo(h.slack.posts, 'C0RPA')[0]).toContain(UNNAMED);
    expect(postsTo(h.slack.posts, 'C0RPA')[0]).not.toContain(`(${UNNAMED})`);
    expect(h.logs[0]!.messages()).toContain(`execution ${runs.orders.id} is FAILED (workflow 订单同步 (${ORDERS}))`);
  });

  it('a reload applies to alerts detected after it, never re-sends old ones; a bad file is refused line by line and the old one stays', async () => {
    const { bot, runs } = await started();
    h.simulator.fail(runs.invoices.id, 'before the reload');
    await bot.pollAndSettle();
    expect(postsTo(h.slack.posts, 'C0FIN')).toHaveLength(1);

    // The new file sends invoices to a new channel as well, and renames the workflow.
    const next = FILE.replace('发票下载', '发票下载 v2').replace('to: [finance-slack, finance-mail]', 'to: [finance-slack, audit]').replace('channels:\n', 'channels:\n  audit: { type: slack, channel: C0AUD }\n');
    const log = captureLogger([]);
    expect(reloadConfigFile(h.writeConfigFile(next), { bot, config: h.config, logger: log.logger, secrets: [], env: h.env })).toBe(true);
    expect(log.messages().some((m) => m.startsWith('config file reloaded:'))).toBe(true);
    await bot.pollAndSettle();
    expect(h.slack.posts.filter((p) => p.channel === 'C0AUD')).toHaveLength(0); // the old alert is not sent again

    const after = h.simulator.startExecution({ projectId: INVOICES });
    h.simulator.fail(after.id, 'after the reload');
    await bot.pollAndSettle();
    expect(postsTo(h.slack.posts, 'C0AUD')).toEqual([expect.stringContaining(`发票下载 v2 (${INVOICES})`)]);
    expect(postsTo(h.slack.posts, 'C0FIN')).toHaveLength(2);

    // A bad file: each problem logged on its own line, the file read before stays in force.
    const bad = next.replace('to: [ops-slack]\n', 'to: [nowhere]\n').replace('type: email, to: ops@example.com', 'type: email, to: []');
    const refused = captureLogger([]);
    expect(reloadConfigFile(h.writeConfigFile(bad, 'bad.yml'), { bot, config: h.config, logger: refused.logger, secrets: [], env: h.env })).toBe(false);
    const problems = refused.messages().filter((m) => m.startsWith('config reload refused: '));
    expect(problems).toEqual([
      expect.stringMatching(/channels\.ops-mail\.to: an email channel needs at least one recipient$/),
      expect.stringMatching(/routes\[3\]\.to\[0\]: no channel named "nowhere"/),
    ]);
    const third = h.simulator.startExecution({ projectId: INVOICES });
    h.simulator.fail(third.id, 'after the refused reload');
    await bot.pollAndSettle();
    expect(postsTo(h.slack.posts, 'C0AUD')).toHaveLength(2);
  });
});

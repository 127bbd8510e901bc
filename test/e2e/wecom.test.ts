import { loadSetup } from '../../src/config/load-setup';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';
import { FakeWecomServer } from '../helpers/wecom-server';

const ORDERS = '2008381617971200000';
const KEY = '3c9e7b12-55aa-4f0e-8d21-6b0a9f4e7c31';

describe('WeCom through the whole pipeline', () => {
  let h: Harness;
  let wecom: FakeWecomServer;
  let url: string;
  beforeEach(async () => {
    wecom = new FakeWecomServer(KEY);
    url = await wecom.start();
  });
  afterEach(async () => {
    await h?.stop();
    await wecom.stop();
  });

  /** A bot past its baseline poll, with one run of 订单同步 about to end. */
  async function started(yaml?: string) {
    if (yaml) h.useConfigFile(yaml);
    const bot = h.addBot();
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 3 * 60_000 });
    await bot.pollAndSettle();
    return { bot, run };
  }

  const file = (robotUrl: string) => `
workflows:
  "${ORDERS}": 订单同步
channels:
  ops-wecom: { type: wecom, url: "${robotUrl}", mention: [zhangsan] }
routes:
  - match: { statuses: [FAILED] }
    to: [ops-wecom, default]
`;

  it('a FAILED run reaches the robot in Chinese with the workflow name, the key checked, the mention last; Slack and email too', async () => {
    h = await new Harness().start();
    const { bot, run } = await started(file(url));
    h.simulator.fail(run.id, '订单接口超时 <@all>');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(0);

    expect(wecom.posts).toHaveLength(1);
    const content = wecom.posts[0]!.content;
    expect(content).toMatch(/^### ❌ <font color="warning">失败<\/font> · 流程 订单同步 \(2008381617971200000\)/);
    expect(content).toContain('订单接口超时 ＜@all＞');
    expect(content).toContain(run.id);
    expect(content.endsWith('<@zhangsan>')).toBe(true);
    expect(h.slack.posts.map(slackPostText)).toEqual([expect.stringContaining('订单接口超时')]);
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('a wrong key is permanent: logged once with the channel name and without the key, while Slack and email still go', async () => {
    h = await new Harness().start({ NOTIFY_RETRY_FOR: '1h' });
    const wrongKey = KEY.replace('3c9e', '3c9f');
    const { bot, run } = await started(file(wecom.urlWithKey(wrongKey)));
    h.simulator.fail(run.id, 'order sync timed out');
    const summary = await bot.pollAndSettle();

    expect(summary.notificationsFailed).toBe(1);
    expect(wecom.answers).toEqual([93000]);
    expect(wecom.posts).toHaveLength(0);
    const lines = h.allLogLines().filter((line) => line.includes('ops-wecom alert'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('WeCom refused the robot key (errcode 93000)');
    expect(lines[0]).toContain('(permanent, not retried)');
    const log = h.allLogLines().join('\n');
    for (const secret of [wrongKey, KEY, '/cgi-bin/webhook/send']) expect(log).not.toContain(secret);
    expect(h.slack.posts.map(slackPostText)).toEqual([expect.stringContaining('order sync timed out')]);
    expect(h.smtp.mails).toHaveLength(1);
    const jobs = await bot.notifyQueues['ops-wecom']!.getJobs(['failed']);
    expect(JSON.stringify(jobs.map((j) => [j.data, j.failedReason, j.stacktrace]))).not.toContain(wrongKey);
  });

  it('WECOM_WEBHOOK_URL alone makes a channel named wecom that joins default, its URL and key scrubbed from logs', async () => {
    h = await new Harness().start({ WECOM_WEBHOOK_URL: url });
    const { bot, run } = await started();
    h.simulator.fail(run.id, 'env robot');
    expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
    expect(wecom.posts.map((p) => p.content)).toEqual([expect.stringContaining('env robot')]);
    expect(h.slack.posts).toHaveLength(1);

    const loaded = loadSetup({ ...h.env, RPA_NOTIFY_CONFIG: '' }, '/nonexistent');
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(loaded.setup.secrets).toEqual(expect.arrayContaining([url, KEY]));
  });
});

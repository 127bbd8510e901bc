import { Harness } from '../helpers/harness';
import { FakeDingTalkServer } from '../helpers/dingtalk-server';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const ORDERS = '2008381617971200000';
const TOKEN = 'dt-e2e-token-0f1e2d3c4b5a6978';
const SECRET = 'SECe2e0123456789abcdef0123456789abcdef0123';

const FILE = `
workflows:
  "${ORDERS}": 订单同步
channels:
  ops-dt: { type: dingtalk, url: "\${DT_URL}", secret: "\${DT_SECRET}", at_mobiles: [13800001111] }
routes:
  - to: [ops-dt, default]
`;

describe('dingtalk through the real pipeline', () => {
  let h: Harness;
  let dingtalk: FakeDingTalkServer;
  afterEach(async () => {
    await h.stop();
    await dingtalk.stop();
  });

  /** A bot past its baseline poll with one run about to end; the robot's secret is `robotSecret`. */
  async function started(env: (url: string) => Record<string, string>, robotSecret = SECRET) {
    dingtalk = new FakeDingTalkServer(TOKEN, robotSecret);
    const url = await dingtalk.start();
    h = await new Harness().start(env(url));
    return url;
  }

  it('a FAILED run reaches the robot signed, in Chinese, with the workflow name and the @; Slack and email too', async () => {
    await started((url) => ({ DT_URL: url, DT_SECRET: SECRET }));
    h.useConfigFile(FILE);
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, '订单接口超时 [重试](https://evil.example)');
    const summary = await bot.pollAndSettle();

    expect(summary.notificationsFailed).toBe(0);
    expect(dingtalk.posts).toHaveLength(1);
    const { message, query } = dingtalk.posts[0]!;
    expect(query.sign).toBeDefined();
    expect(message.markdown!.title).toBe('❌ 失败 · 流程 订单同步 (2008381617971200000)');
    expect(message.markdown!.text).toContain('**错误**：订单接口超时 ［重试］(https://evil.example)');
    expect(message.markdown!.text).toContain('@13800001111');
    expect(message.at).toEqual({ atMobiles: ['13800001111'], isAtAll: false });
    expect(h.slack.posts.map(slackPostText)).toEqual([expect.stringContaining('订单接口超时')]);
    expect(h.smtp.mails).toHaveLength(1);
  });

  it('a wrong secret is permanent: logged once with the channel name, never the secret or token; Slack and email still go', async () => {
    const url = await started((u) => ({ DT_URL: u, DT_SECRET: 'SECwrong-e2e-000000000000' }));
    h.useConfigFile(FILE);
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'wrong secret run');
    const summary = await bot.pollAndSettle();

    expect(summary).toMatchObject({ notificationsSent: 2, notificationsFailed: 1 });
    expect(dingtalk.answers).toEqual([{ errcode: 310000, status: 200 }]);
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(1);
    const refused = h.logs[0]!.messages().filter((m) => m.startsWith('ops-dt alert'));
    expect(refused).toEqual([expect.stringMatching(/^ops-dt alert for .* FAILED failed: DingTalk refused the message: .*310000: sign not match.*\(permanent, not retried\)$/)]);
    const log = h.allLogLines().join('\n');
    for (const secret of [TOKEN, 'SECwrong-e2e-000000000000', url, encodeURIComponent(url)]) expect(log).not.toContain(secret);
    const failed = await bot.notifyQueues['ops-dt']!.getJobs(['failed']);
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed.map((j) => [j.data, j.failedReason, j.stacktrace]))).not.toContain(TOKEN);
  });

  it('DINGTALK_WEBHOOK_URL / DINGTALK_SECRET alone: a channel named dingtalk that joins default', async () => {
    await started((url) => ({ DINGTALK_WEBHOOK_URL: url, DINGTALK_SECRET: SECRET }));
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'env shortcut failure');
    const summary = await bot.pollAndSettle();

    expect(summary.notificationsFailed).toBe(0);
    expect(Object.keys(bot.notifyQueues)).toContain('dingtalk');
    expect(dingtalk.posts).toHaveLength(1);
    expect(dingtalk.posts[0]!.message.markdown!.text).toContain('**错误**：env shortcut failure');
    expect(dingtalk.posts[0]!.message.at).toEqual({ atMobiles: [], isAtAll: false });
  });
});

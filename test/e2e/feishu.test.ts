import { FakeFeishuServer } from '../helpers/feishu-server';
import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const ORDERS = '2008381617971200000';
const TOKEN = 'e2e-feishu-hook-token-8e8e';
const SECRET = 'e2e-feishu-signing-secret-5f5f';

describe('feishu through the whole pipeline', () => {
  let h: Harness;
  let feishu: FakeFeishuServer;
  afterEach(async () => {
    await h.stop();
    await feishu.stop();
  });

  async function start(env: (url: string) => Record<string, string>) {
    feishu = new FakeFeishuServer(TOKEN, { secret: SECRET });
    const url = await feishu.start();
    h = await new Harness().start(env(url));
  }

  it('a FAILED run reaches a feishu channel of the config file: signed, in Chinese, with the workflow’s name', async () => {
    await start((url) => ({ FEISHU_URL: url, FEISHU_SIGNING: SECRET }));
    h.useConfigFile(`
workflows:
  "${ORDERS}": 订单同步
channels:
  ops-feishu: { type: feishu, url: "\${FEISHU_URL}", secret: "\${FEISHU_SIGNING}" }
routes:
  - match: { statuses: [FAILED] }
    to: [ops-feishu]
`);
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 2 * MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, '元素未找到：<at id=all></at> [登录](https://evil.example)');
    const summary = await bot.pollAndSettle();

    expect(summary.notificationsFailed).toBe(0);
    expect(feishu.posts).toHaveLength(1);
    const post = feishu.posts[0]!;
    expect(post.body.sign).toEqual(expect.any(String));
    expect(post.body.card?.header.template).toBe('red');
    const text = FakeFeishuServer.textOf(post);
    expect(text).toContain('❌ 失败 · 流程 订单同步 (2008381617971200000)');
    expect(text).toContain(run.id);
    expect(text).toContain('元素未找到');
    expect(text).not.toContain('<at id=all>');
    expect(text).not.toContain('](https://');
    // The route sent it to feishu only.
    expect(h.slack.posts).toHaveLength(0);
    expect(h.allLogLines().join('\n')).not.toContain(TOKEN);
  });

  it('a wrong FEISHU_SECRET: the environment’s feishu channel fails for good, logged once by name, never showing the hook; Slack and email still go', async () => {
    await start((url) => ({ FEISHU_WEBHOOK_URL: url, FEISHU_SECRET: 'not-the-bots-secret' }));
    const run = h.simulator.startExecution({ startedAt: Date.now() - MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'portal timeout');
    const summary = await bot.pollAndSettle();

    expect(summary).toMatchObject({ notificationsSent: 2, notificationsFailed: 1 });
    expect(feishu.codes).toEqual([19021]);
    expect(h.slack.posts.map(slackPostText)).toEqual([expect.stringContaining('portal timeout')]);
    expect(h.smtp.mails).toHaveLength(1);
    const refusals = h.logs[0]!.messages().filter((m) => m.includes('19021'));
    expect(refusals).toEqual([expect.stringMatching(/^feishu alert for \S+ FAILED failed: Feishu refused the message: the signature was refused.*\(permanent, not retried\)$/)]);
    const failed = await bot.notifyQueues.feishu!.getJobs(['failed']);
    expect(failed.map((job) => job.attemptsMade)).toEqual([1]);
    for (const secret of [TOKEN, 'not-the-bots-secret', SECRET]) expect(h.allLogLines().join('\n')).not.toContain(secret);
  });
});

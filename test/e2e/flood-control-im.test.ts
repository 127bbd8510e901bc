import { randomUUID } from 'node:crypto';
import { DINGTALK_LIMITS } from '../../src/notify/dingtalk/dingtalk-message';
import { WECOM_LIMITS } from '../../src/notify/wecom/wecom-limits';
import { FakeDingTalkServer } from '../helpers/dingtalk-server';
import { FakeFeishuServer } from '../helpers/feishu-server';
import { Harness } from '../helpers/harness';
import { FakeWecomServer } from '../helpers/wecom-server';

const WORKFLOWS = ['2008381617971200000', '2008381617971200417', '2008381617971200555'];
const TOKEN = 'dt-flood-token-0f1e2d3c4b5a6978';
const SECRET = 'SECflood0123456789abcdef0123456789abcdef01';
const KEY = '7d2e7b12-55aa-4f0e-8d21-6b0a9f4e7c31';
const GROUPED = '同时到达';

/** Execution ids whose short id (8 characters) says which run of the burst it is: `x0042zz…`. */
const idOf = (i: number) => `x${String(i).padStart(4, '0')}zz${randomUUID()}`;
const runsNamed = (text: string): number[] => [...text.matchAll(/x(\d{4})zz/g)].map((m) => Number(m[1]));

/** How many messages name each run of the burst (an ordinary alert names its run twice: field and footer). */
function namings(texts: string[], runs: number): number[] {
  const counts = Array.from({ length: runs }, () => 0);
  for (const text of texts) for (const i of new Set(runsNamed(text))) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

describe('flood control end to end: DingTalk and WeCom robots get a burst as a handful of grouped markdown messages', () => {
  let h: Harness;
  let dingtalk: FakeDingTalkServer;
  let wecom: FakeWecomServer;
  afterEach(async () => {
    await h.stop();
    await dingtalk.stop();
    await wecom.stop();
  });

  it('100 runs end at once: each robot gets a few messages within its size limit, each run named in exactly one', async () => {
    dingtalk = new FakeDingTalkServer(TOKEN, SECRET);
    wecom = new FakeWecomServer(KEY);
    const [dtUrl, wcUrl] = await Promise.all([dingtalk.start(), wecom.start()]);
    h = await new Harness().start({ FLOOD_CONTROL: 'on', PAGE_SIZE: '100', DT_URL: dtUrl, DT_SECRET: SECRET });
    h.useConfigFile(`
workflows:
  "${WORKFLOWS[0]}": 订单同步
  "${WORKFLOWS[1]}": 发票下载
channels:
  ops-dt: { type: dingtalk, url: "\${DT_URL}", secret: "\${DT_SECRET}", at_mobiles: [13800001111] }
  ops-wc: { type: wecom, url: "${wcUrl}", mention: [zhangsan] }
routes:
  - to: [ops-dt, ops-wc]
`);
    h.simulator.complete(h.simulator.startExecution({ projectId: WORKFLOWS[0], startedAt: Date.now() - 10 * 60_000 }).id);
    const bot = h.addBot();
    await bot.pollAndSettle();

    const runs = 100;
    for (let i = 0; i < runs; i++) {
      const run = h.simulator.startExecution({ id: idOf(i), projectId: WORKFLOWS[i % WORKFLOWS.length], startedAt: Date.now() - 1000 });
      if (i % 10 === 9) h.simulator.complete(run.id);
      else h.simulator.fail(run.id, i % 3 === 0 ? `机器人主机 rh-${i} 失联 **[重试](https://evil.example)** <@all>\nTraceback ...` : `ElementNotFound: button "提交" (${i}) ${'长'.repeat(300)}`);
    }
    const summary = await bot.pollAndSettle(150_000);
    expect(summary).toMatchObject({ transitions: runs, notificationsFailed: 0 });

    const dtTexts = dingtalk.posts.map((p) => p.message.markdown?.text ?? '');
    expect(dtTexts.length).toBeLessThanOrEqual(10);
    expect(namings(dtTexts, runs).every((n) => n === 1)).toBe(true);
    for (const text of dtTexts) expect(text.length).toBeLessThanOrEqual(DINGTALK_LIMITS.text);
    const dtGrouped = dtTexts.filter((text) => text.includes(GROUPED));
    expect(dtGrouped.length).toBeGreaterThanOrEqual(4);
    for (const text of dtGrouped) expect(runsNamed(text).length).toBe(new Set(runsNamed(text)).size);
    // Failures @ the people; a message of completions only (they come last) @ no one.
    for (const post of dingtalk.posts) expect(post.message.at?.atMobiles?.includes('13800001111')).toBe(runsNamed(post.message.markdown?.text ?? '').some((i) => i % 10 !== 9));

    const wcTexts = wecom.posts.map((p) => p.content);
    expect(wcTexts.length).toBeLessThanOrEqual(12);
    expect(namings(wcTexts, runs).every((n) => n === 1)).toBe(true);
    for (const text of wcTexts) expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(WECOM_LIMITS.contentBytes);
    const wcGrouped = wcTexts.filter((text) => text.includes(GROUPED));
    expect(wcGrouped.length).toBeGreaterThanOrEqual(6);
    for (const text of wcGrouped) expect(runsNamed(text).length).toBe(new Set(runsNamed(text)).size);
    // Hostile error text stays text: no link, no mention of everyone.
    expect([...dtTexts, ...wcTexts].some((text) => text.includes('](https://evil'))).toBe(false);
    expect(wcTexts.some((text) => text.includes('<@all>'))).toBe(false);
  }, 180_000);

  it('Feishu: 60 runs end at once; the pace stays within 5/s (nothing refused as too fast) and the card groups carry every run once', async () => {
    const feishu = new FakeFeishuServer('fs-flood-token-0a1b2c3d');
    dingtalk = new FakeDingTalkServer(TOKEN, SECRET);
    wecom = new FakeWecomServer(KEY);
    await dingtalk.start();
    await wecom.start();
    const url = await feishu.start();
    try {
      h = await new Harness().start({ FLOOD_CONTROL: 'on', PAGE_SIZE: '100' });
      h.useConfigFile(`
channels:
  ops-fs: { type: feishu, url: "${url}" }
routes:
  - to: [ops-fs]
`);
      h.simulator.complete(h.simulator.startExecution({ projectId: WORKFLOWS[0], startedAt: Date.now() - 10 * 60_000 }).id);
      const bot = h.addBot();
      await bot.pollAndSettle();
      const runs = 60;
      for (let i = 0; i < runs; i++) h.simulator.fail(h.simulator.startExecution({ id: idOf(i), projectId: WORKFLOWS[i % WORKFLOWS.length], startedAt: Date.now() - 1000 }).id, `robot lost ${i}`);
      const summary = await bot.pollAndSettle(150_000);
      expect(summary).toMatchObject({ transitions: runs, notificationsFailed: 0 });
      expect(feishu.codes.filter((code) => code !== 0)).toEqual([]);
      const texts = feishu.posts.map((p) => p.raw);
      expect(namings(texts, runs).every((n) => n === 1)).toBe(true);
      expect(feishu.posts.length).toBeLessThan(runs / 2);
    } finally {
      await feishu.stop();
    }
  }, 180_000);
});

import type { AddressObject, ParsedMail } from 'mailparser';
import { Harness } from '../helpers/harness';
import { type SlackPost, slackPostText } from '../helpers/slack-server';

const HOUR = 3_600_000;
const ORDERS = '2008381617971200000';

/** One Chinese Slack channel and one Chinese digest beside the environment's channels (C0RPA, oncall@example.com). */
const FILE = `
workflows:
  "${ORDERS}": 订单同步
channels:
  zh-slack: { type: slack, channel: C0ZH, language: zh-CN }
  en-slack: { type: slack, channel: C0EN, language: en }
  zh-digest: { type: email, to: zh@example.com, mode: digest, language: zh-CN }
routes:
  - to: [default, zh-slack, en-slack, zh-digest]
`;

const recipients = (mail: ParsedMail): string => {
  const to = mail.to as AddressObject | AddressObject[] | undefined;
  return (Array.isArray(to) ? to : to ? [to] : []).flatMap((a) => a.value.map((v) => v.address ?? '')).join(',');
};
const postTo = (posts: SlackPost[], channel: string): string => {
  const found = posts.filter((p) => p.channel === channel);
  expect(found).toHaveLength(1);
  return slackPostText(found[0]!);
};

describe('each channel in its language', () => {
  let h: Harness;
  afterEach(() => h.stop());

  /** A bot past its baseline poll whose one run fails after 2 min 3 s. */
  async function oneFailure(env: Record<string, string> = {}) {
    h = await new Harness().start(env);
    h.useConfigFile(FILE);
    const bot = h.addBot();
    await bot.digestRunner!.tick(Date.now());
    const run = h.simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 123_000 });
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'order sync timed out');
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(0);
    return { bot, run };
  }

  it('the same alert: in Chinese on the zh-CN channel, in English on the environment one; the digest in Chinese', async () => {
    const { bot, run } = await oneFailure();

    const english = postTo(h.slack.posts, 'C0RPA');
    expect(english).toContain(`❌ FAILED · workflow 订单同步 (${ORDERS})`);
    expect(english).toContain('*Status*\nFAILED');
    expect(english).not.toMatch(/状态|失败|耗时/);
    const chinese = postTo(h.slack.posts, 'C0ZH');
    expect(chinese).toContain(`❌ 失败 · 流程 订单同步 (${ORDERS})`);
    expect(chinese).toContain('*状态*\n失败');
    expect(chinese).toMatch(/\*耗时\*\n2分\d+秒/);
    expect(chinese).toContain('order sync timed out');
    expect(chinese).not.toMatch(/Status|FAILED|Duration|workflow/);
    expect(postTo(h.slack.posts, 'C0EN')).toContain('*Status*\nFAILED');

    expect(h.smtp.mails.map((m) => `${recipients(m)} ${m.subject}`)).toEqual([`oncall@example.com [RPA] FAILED 订单同步 (${ORDERS}) (${run.id.slice(0, 8)})`]);
    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const digest = h.smtp.mails.find((m) => recipients(m) === 'zh@example.com')!;
    expect(digest.subject).toMatch(/^\[RPA\] 汇总 .*：失败 1，成功 0$/);
    expect(digest.text).toMatch(/\(2分\d+秒\)/);
    expect(digest.html).toMatch(/耗时 2分\d+秒/);
    expect(digest.html).toContain('order sync timed out');
    expect(`${digest.text}\n${digest.html}`).not.toMatch(/Digest|By workflow|Failures|took|Times in/);
  });

  it('ALERT_LANGUAGE=zh-CN: the environment channels speak Chinese; a file channel with language: en stays English', async () => {
    await oneFailure({ ALERT_LANGUAGE: 'zh-CN' });
    expect(postTo(h.slack.posts, 'C0RPA')).toContain('*状态*\n失败');
    expect(postTo(h.slack.posts, 'C0ZH')).toContain('*状态*\n失败');
    expect(postTo(h.slack.posts, 'C0EN')).toContain('*Status*\nFAILED');
    expect(postTo(h.slack.posts, 'C0EN')).not.toMatch(/状态|失败/);
    const mail = h.smtp.mails.find((m) => recipients(m) === 'oncall@example.com')!;
    expect(mail.subject).toMatch(/^\[RPA\] 失败 订单同步/);
    expect(mail.text).toMatch(/耗时：2分\d+秒/);
  });
});

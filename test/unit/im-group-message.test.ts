import type { Transition } from '../../src/domain/transition';
import type { Language } from '../../src/i18n/messages';
import { buildDingTalkGroupMessage, dingTalkGroupCapacity } from '../../src/notify/dingtalk/dingtalk-group-message';
import { DINGTALK_LIMITS } from '../../src/notify/dingtalk/dingtalk-message';
import { buildFeishuGroupCard } from '../../src/notify/feishu/feishu-group-card';
import { FEISHU_LIMITS } from '../../src/notify/feishu/feishu-message';
import { buildGroupFacts } from '../../src/notify/group-facts';
import { buildWecomGroupMessage, wecomGroupCapacity } from '../../src/notify/wecom/wecom-group-message';
import { WECOM_LIMITS } from '../../src/notify/wecom/wecom-limits';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';

const HOSTILE = '**bold** [x](http://evil) <font color="info">@all</font> <@boss> & &lt; # `code` _i_ ~s~ | @13800000000\n> quote\n### h ';
const LONG_CJK = '订单同步失败：连接超时'.repeat(200);

const alert = (i: number, status: 'FAILED' | 'COMPLETED', error: string, projectId: string): Transition => ({
  kind: 'pendingEnded',
  detectedAt: 1_000 + i,
  execution: { ...(status === 'FAILED' ? sampleFailed : sampleCompleted), id: `${String(i).padStart(8, '0')}-${'x'.repeat(40)}`, projectId, status, error: status === 'FAILED' ? error : null },
});

/** `count` alerts, each with its own workflow and error, every text as long and hostile as it gets. */
const burst = (count: number, text: string): Transition[] => Array.from({ length: count }, (_, i) => alert(i, i % 5 === 4 ? 'COMPLETED' : 'FAILED', `${text} ${i}\nsecond line`, `p${i}`));
const labels = (text: string) => (projectId: string) => `${text}${projectId}`;

const dingMention = { atMobiles: Array.from({ length: 60 }, (_, i) => `1391234${String(i).padStart(4, '0')}`), atAll: false };
const wecomMention = Array.from({ length: 20 }, (_, i) => `user${i}`.padEnd(64, 'u'));

type Case = [string, string, Language];
const cases: Case[] = [
  ['hostile markup, en', HOSTILE.repeat(20), 'en'],
  ['long Chinese, zh-CN', LONG_CJK, 'zh-CN'],
  ['hostile markup, zh-CN', HOSTILE.repeat(20), 'zh-CN'],
];

describe.each(cases)('grouped robot messages: %s', (_name, text, language) => {
  const factsOf = (count: number) => buildGroupFacts(burst(count, text), { timeZone: 'Asia/Shanghai', language, workflowLabel: labels(text), remaining: 250 });

  it.each([
    ['no one to @', { atMobiles: [], atAll: false }],
    ['the longest @ line', dingMention],
  ])('DingTalk, %s: the capacity holds, within 4,000 characters, each execution once, no markup from the API', (_m, mention) => {
    const capacity = dingTalkGroupCapacity(mention);
    expect(capacity).toBeGreaterThanOrEqual(10);
    const text = buildDingTalkGroupMessage(factsOf(capacity), mention).markdown.text;
    expect(text.length).toBeLessThanOrEqual(DINGTALK_LIMITS.text);
    for (let i = 0; i < capacity; i++) expect(text.split(String(i).padStart(8, '0')).length - 1).toBe(1);
    expect(text).not.toMatch(/\]\(|<font|@all|<@/);
  });

  it.each([
    ['no mentions', undefined],
    ['twenty of the longest mentions', wecomMention],
  ])('WeCom, %s: the capacity holds, within 4,096 bytes, each execution once, no markup from the API', (_m, mention) => {
    const capacity = wecomGroupCapacity(mention);
    expect(capacity).toBeGreaterThanOrEqual(4);
    const content = buildWecomGroupMessage(factsOf(capacity), { mention }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_LIMITS.contentBytes);
    for (let i = 0; i < capacity; i++) expect(content.split(String(i).padStart(8, '0')).length - 1).toBe(1);
    // Only our own tags: the colour of the headline and the footer.
    expect(content.match(/<font/g)?.length).toBe(3);
    expect(content).not.toMatch(/<@boss>|\]\(/);
  });
});

describe.each(cases)('grouped Feishu card: %s', (_name, text, language) => {
  it('50 executions: the JSON body within 20 KB (signature room kept), each execution once, no markup from the API', () => {
    const facts = buildGroupFacts(burst(50, text), { timeZone: 'Asia/Shanghai', language, workflowLabel: labels(text), remaining: 250 });
    const body = JSON.stringify(buildFeishuGroupCard(facts));
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(FEISHU_LIMITS.bodyBytes - FEISHU_LIMITS.signatureRoom);
    for (let i = 0; i < 50; i++) expect(body.split(String(i).padStart(8, '0')).length - 1).toBe(1);
    expect(body).not.toMatch(/<at|<font|\]\(|\*\*bold/);
  });
});

describe('grouped robot messages: what they say', () => {
  const facts = buildGroupFacts(
    [alert(1, 'FAILED', 'robot host rh-1 went away', 'p1'), alert(2, 'FAILED', 'robot host rh-2 went away', 'p1'), alert(3, 'COMPLETED', '', 'p2')],
    { timeZone: 'Asia/Shanghai', language: 'zh-CN', workflowLabel: (id) => (id === 'p1' ? '发票下载' : '订单同步'), remaining: 7 },
  );

  it('DingTalk: counts, why, how many more, per workflow, per error, each line, @ on failures', () => {
    const message = buildDingTalkGroupMessage(facts, { atMobiles: ['13800000000'], atAll: false });
    expect(message.markdown.title).toBe('🚨 同时到达 3 条告警：失败 2，成功 1');
    expect(message.markdown.text).toContain('还有 7 条告警将在后续消息中发送');
    expect(message.markdown.text).toContain('- 发票下载：失败 2');
    expect(message.markdown.text).toContain('2 次：robot host rh-1 went away');
    expect(message.markdown.text).toMatch(/- \S+ 00000001 \*\*发票下载\*\* · 失败 — robot host rh-1 went away/);
    expect(message.at).toEqual({ atMobiles: ['13800000000'], isAtAll: false });
  });

  it('DingTalk and WeCom: only completions @ no one', () => {
    const calm = buildGroupFacts([alert(1, 'COMPLETED', '', 'p1'), alert(2, 'COMPLETED', '', 'p1')], { timeZone: 'Asia/Shanghai', remaining: 0 });
    expect(buildDingTalkGroupMessage(calm, { atMobiles: ['13800000000'], atAll: true }).at).toEqual({ atMobiles: [], isAtAll: false });
    expect(buildWecomGroupMessage(calm, { mention: ['ops'] }).markdown.content).not.toContain('<@ops>');
  });

  it('Feishu: a red card with the counts, per workflow, each line', () => {
    const message = buildFeishuGroupCard(facts);
    expect(message.card.header).toEqual({ template: 'red', title: { tag: 'plain_text', content: '🚨 同时到达 3 条告警：失败 2，成功 1' } });
    const body = JSON.stringify(message);
    expect(body).toContain('还有 7 条告警将在后续消息中发送');
    expect(body).toMatch(/00000001 \*\*发票下载\*\* · 失败 — robot host rh&#45;1 went away/);
  });

  it('WeCom: counts, per workflow, each line, mentions on failures', () => {
    const content = buildWecomGroupMessage(facts, { mention: ['ops'] }).markdown.content;
    expect(content).toContain('同时到达 3 条告警');
    expect(content).toContain('- 订单同步：成功 1');
    expect(content).toMatch(/> \S+ 00000003 \*\*订单同步\*\* · 成功/);
    expect(content.endsWith('<@ops>')).toBe(true);
  });
});

describe('group capacity', () => {
  it.each<[string, () => number, number]>([
    ['DingTalk, no @', () => dingTalkGroupCapacity({ atMobiles: [], atAll: false }), 19],
    ['WeCom, no mention', () => wecomGroupCapacity(undefined), 13],
    ['WeCom, twenty long mentions', () => wecomGroupCapacity(wecomMention), 7],
  ])('%s', (_name, capacity, expected) => {
    expect(capacity()).toBe(expected);
  });
});

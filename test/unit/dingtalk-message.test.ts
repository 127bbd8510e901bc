import type { Execution } from '../../src/domain/execution';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { escapeDingTalk } from '../../src/notify/dingtalk/dingtalk-markdown';
import { buildDingTalkMessage, buildDingTalkNotice, DINGTALK_LIMITS, shareBudget } from '../../src/notify/dingtalk/dingtalk-message';
import { describeNotice } from '../../src/notify/notice-text';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const ZWSP = '\u200B';
const MENTION = { atMobiles: ['13800001111', '13900002222'], atAll: true };
const build = (execution: Execution, options: { language?: 'en' | 'zh-CN'; mention?: typeof MENTION } = {}) =>
  buildDingTalkMessage(buildAlertFacts(transitionOf(execution), 'Asia/Shanghai', { language: options.language ?? 'zh-CN' }), options.mention);

/** The text with the parts we wrote ourselves taken out: what is left came from the API. */
const ourMarkup = /\*\*[^*\n]+\*\*：|^#### |^> |^@1\d{10}( @1\d{10})*$/gm;

describe('buildDingTalkMessage', () => {
  it('FAILED in zh-CN: a markdown message with the error, the workflow, times in the display zone and Chinese units', () => {
    const message = build(sampleFailed);
    expect(message.msgtype).toBe('markdown');
    expect(message.markdown.title).toBe('❌ 失败 · 流程 2008381617971200000');
    const text = message.markdown.text;
    expect(text.startsWith('#### ❌ 失败 · 流程 2008381617971200000\n\n')).toBe(true);
    expect(text).toContain("**错误**：'str' object has no attribute 'get'");
    expect(text).toContain('**开始**：2026-01-06 14:16:11 +08:00');
    expect(text).toContain('**耗时**：14秒');
    expect(text).toContain('> rpa-notify · 执行');
  });

  it('en when the channel says so', () => {
    const text = build(sampleCompleted, { language: 'en' }).markdown.text;
    expect(text).toContain('**Status**：COMPLETED');
    expect(text).toContain('**Message**：运行成功');
    expect(text).toContain('**Duration**：15s');
  });

  it.each([
    ['FAILED', sampleFailed, true],
    ['STUCK', { ...sampleFailed, status: 'STUCK' }, true],
    ['COMPLETED', sampleCompleted, false],
  ] as const)('%s: @ the mobiles (listed in the text too, as DingTalk needs) and @all only when alarming', (_status, execution, alarming) => {
    const message = build(execution as Execution, { mention: MENTION });
    expect(message.at).toEqual(alarming ? { atMobiles: MENTION.atMobiles, isAtAll: true } : { atMobiles: [], isAtAll: false });
    expect(message.markdown.text.includes('\n\n@13800001111 @13900002222\n\n')).toBe(alarming);
  });

  // Each hostile text, once escaped, must leave no markdown, HTML or mention behind.
  it.each([
    ['a forged link', '请[点此处理](https://evil.example/login)', /\]\(|\[/],
    ['an image', '![x](https://evil.example/x.png)', /!\[|\]\(/],
    ['an autolink', '<https://evil.example>', /</],
    ['HTML and font colour', '<font color=#ff0000>全部成功</font><a href="https://evil.example">x</a>', /<|>/],
    ['an HTML entity that would decode to markup', '&lt;font&gt; &#64;all', /&/],
    ['@all and @mobile', '@all @所有人 @13800001111', /@/],
    ['bold, italic, strike and code', '**粗体** __x__ _i_ ~~del~~ `code`', /[*_~`]/],
    ['a heading', '# 伪造标题', /#/],
    ['a table', '| a | b |\n|---|---|', /\|/],
    ['a quote on a new line', '正常\n>伪造引用', /\n>/],
    ['a list, an ordered list and a rule on new lines', '正常\n- 一\n1. 二\n---\n===', /^(-|\d+\.|=)/m],
    ['an indented code block', 'x\n    code', /\n {4}/],
  ])('API text cannot produce %s', (_what, hostile, forbidden) => {
    const text = build({ ...sampleFailed, error: hostile, projectId: hostile }).markdown.text;
    const fromApi = text.replace(ourMarkup, '');
    expect(fromApi).not.toMatch(forbidden);
  });

  it('every line from the API starts with a zero-width space, so none can open a block', () => {
    expect(escapeDingTalk('a\n# b\r\n- c')).toBe(`a  \n${ZWSP}＃ b  \n${ZWSP}- c`);
  });

  it('keeps Chinese text and ordinary punctuation as they are', () => {
    expect(escapeDingTalk('订单同步失败：超时 (30秒)！路径 C:\\data\\a.xlsx')).toBe('订单同步失败：超时 (30秒)！路径 C:\\data\\a.xlsx');
  });

  it.each([
    ['one huge error', { error: '错'.repeat(50_000) }],
    ['hostile characters that escaping makes longer', { error: '\n'.repeat(20_000) }],
    ['every long field at once', { error: '<&>\n'.repeat(5000), parameters: { blob: '[x](y)'.repeat(5000) }, projectId: 'P'.repeat(5000), execPosition: '@'.repeat(5000) }],
  ])('stays within 4,000 characters after escaping: %s, with the Chinese marker', (_what, overrides) => {
    const message = build({ ...sampleFailed, ...overrides } as Execution, { mention: MENTION });
    expect(message.markdown.text.length).toBeLessThanOrEqual(DINGTALK_LIMITS.text);
    expect(message.markdown.text).toMatch(/…（已截断，还有 \d+ 个字符）/);
    expect(Array.from(message.markdown.title).length).toBeLessThanOrEqual(DINGTALK_LIMITS.title);
  });

  it('stays within 4,000 characters with 300 mobiles to @ and every short field hostile, the error still shown', () => {
    const mobiles = Array.from({ length: 300 }, (_, i) => `138${String(i).padStart(8, '0')}`);
    const hostile = '<'.repeat(5000);
    const execution = { ...sampleFailed, id: hostile, projectId: hostile, execPosition: hostile, startMs: null, endMs: null, startTime: hostile, endTime: hostile, error: 'the error itself' };
    const message = build(execution as Execution, { mention: { atMobiles: mobiles, atAll: false } });
    expect(message.markdown.text.length).toBeLessThanOrEqual(DINGTALK_LIMITS.text);
    expect(message.markdown.text).toContain('the error itself');
    // Whoever is @-ed is also named in the text, or DingTalk would not notify them.
    for (const mobile of message.at.atMobiles) expect(message.markdown.text).toContain(`@${mobile}`);
    expect(message.at.atMobiles.length).toBeGreaterThan(0);
  });

  it('a COMPLETED result with data, video and parameters shares the room, each field cut only as much as needed', () => {
    const big = { ...sampleCompleted, parameters: { p: 'p'.repeat(3000) }, result: { msg: 'm'.repeat(3000), data: 'short data', video_path: 'v.mp4' } };
    const text = build(big as Execution).markdown.text;
    expect(text.length).toBeLessThanOrEqual(DINGTALK_LIMITS.text);
    expect(text).toContain('**数据**：short data');
    expect(text).toContain('**录像**：v.mp4');
    expect(text.match(/已截断/g)).toHaveLength(2);
  });

  it('the title, the headline and the short fields are one line each', () => {
    const message = build({ ...sampleFailed, projectId: 'a\nb\tc', execPosition: 'x\ny' });
    expect(message.markdown.title).not.toMatch(/[\n\t]/);
    expect(message.markdown.text).toContain('#### ❌ 失败 · 流程 a b c\n\n');
    expect(message.markdown.text).toContain('**执行位置**：x y\n\n');
  });
});

describe('shareBudget', () => {
  it.each([
    [[10, 20], 100, [10, 20]],
    [[1000, 10], 100, [90, 10]],
    [[1000, 1000], 100, [50, 50]],
    [[5, 1000, 1000], 105, [5, 50, 50]],
    [[10], -5, [0]],
  ])('needs %j within %d -> %j', (needs, budget, given) => {
    expect(shareBudget(needs, budget)).toEqual(given);
  });
});

describe('buildDingTalkNotice', () => {
  const unreachable = { kind: 'unreachable' as const, incidentId: 'i1', cause: 'HTTP 502 <font>[x](y)</font>', since: Date.UTC(2026, 0, 7, 2, 0, 0), at: Date.UTC(2026, 0, 7, 2, 5, 0), failures: 5 };

  it('zh-CN from the catalogue, escaped, @ people when iFlyRPA is unreachable', () => {
    const message = buildDingTalkNotice(describeNotice(unreachable, 'Asia/Shanghai', 'zh-CN'), 'zh-CN', { ...MENTION, alarming: true });
    expect(message.markdown.text).toContain('iFlyRPA 无法访问：HTTP 502 ＜font＞［x］(y)＜/font＞');
    expect(message.markdown.text).toContain('连续 5 次');
    expect(message.at).toEqual({ atMobiles: MENTION.atMobiles, isAtAll: true });
  });

  it('recovered: in Chinese units, nobody @-ed', () => {
    const message = buildDingTalkNotice(describeNotice({ ...unreachable, kind: 'recovered' }, 'Asia/Shanghai', 'zh-CN'), 'zh-CN', { ...MENTION, alarming: false });
    expect(message.markdown.text).toContain('失败 5分0秒 后轮询恢复');
    expect(message.at).toEqual({ atMobiles: [], isAtAll: false });
  });
});

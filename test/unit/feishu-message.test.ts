import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildFeishuCard, buildFeishuNotice, FEISHU_LIMITS, type FeishuCardMessage } from '../../src/notify/feishu/feishu-message';
import { escapeLarkMd, fitLarkMdBytes } from '../../src/notify/feishu/feishu-text';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

/** What Feishu shows for a lark_md text: entities decoded once. */
const shown = (content: string): string => content.replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)));
const contents = (message: FeishuCardMessage): string[] =>
  message.card.elements.flatMap((e) => ('text' in e && e.text ? [e.text.content] : 'fields' in e && e.fields ? e.fields.map((f) => f.text.content) : []));
const bodyBytes = (message: FeishuCardMessage): number => Buffer.byteLength(JSON.stringify(message), 'utf8');
const failedWith = (error: string, language: 'en' | 'zh-CN' = 'zh-CN') =>
  buildFeishuCard(buildAlertFacts(transitionOf({ ...sampleFailed, error }), 'Asia/Shanghai', { language }));
const errorContent = (message: FeishuCardMessage): string => contents(message).find((c) => c.startsWith('**错误**') || c.startsWith('**Error**'))!;

describe('buildFeishuCard', () => {
  it('FAILED in zh-CN: a red header naming the workflow, lark_md fields with times, duration and the error', () => {
    const facts = buildAlertFacts(transitionOf(sampleFailed), 'Asia/Shanghai', { language: 'zh-CN', workflowLabel: (id) => `订单同步 (${id})` });
    const message = buildFeishuCard(facts);
    expect(message.msg_type).toBe('interactive');
    expect(message.card.header.template).toBe('red');
    expect(message.card.header.title.content).toBe('❌ 失败 · 流程 订单同步 (2008381617971200000)');
    const text = contents(message).map(shown).join('\n');
    expect(text).toContain('**流程**\n订单同步 (2008381617971200000)');
    expect(text).toContain('2026-01-06 14:16:11 +08:00');
    expect(text).toContain('14秒');
    expect(text).toContain("**错误**\n'str' object has no attribute 'get'");
    for (const content of contents(message)) expect(content.startsWith('**')).toBe(true);
  });

  it.each([
    ['FAILED', 'red'],
    ['COMPLETED', 'green'],
    ['STUCK', 'orange'],
    ['CANCELLED', 'grey'],
    ['PENDING', 'grey'],
  ])('%s gets a %s header', (status, template) => {
    const base = status === 'COMPLETED' ? sampleCompleted : sampleFailed;
    expect(buildFeishuCard(buildAlertFacts(transitionOf({ ...base, status }), 'UTC', { language: 'zh-CN' })).card.header.template).toBe(template);
  });

  it('COMPLETED in English: result message, data and video, no error', () => {
    const message = buildFeishuCard(buildAlertFacts(transitionOf(sampleCompleted), 'Asia/Shanghai', { language: 'en' }));
    const text = contents(message).map(shown).join('\n');
    expect(message.card.header.title.content).toContain('COMPLETED · workflow 2008381617971200000');
    expect(text).toContain('运行成功');
    expect(text).toContain('2008840517644636160.mp4');
    expect(text).not.toContain('**Error**');
  });

  it('a test send is marked in the title', () => {
    expect(buildFeishuCard(buildAlertFacts(transitionOf(sampleFailed), 'UTC', { language: 'zh-CN', test: true })).card.header.title.content).toContain('[测试] ');
  });

  // Each hostile text must show exactly as written, and its raw content must hold none of the syntax it tries.
  it.each([
    ['an @all mention tag', '<at id=all></at> 所有人看过来', ['<at', '</at>']],
    ['a user mention tag', '<at id=ou_123>boss</at>', ['<at']],
    ['a forged link', '[点此修复](https://evil.example/phish)', ['[点此', '](', '(https']],
    ['an entity that would decode to a tag', '&lt;at id=all&gt;&lt;/at&gt;', ['&lt;', '&gt;']],
    ['a font tag', "<font color='red'>严重</font>", ['<font', '</font>']],
    ['emphasis', '**粗体** *斜体* ~~删除~~ __下划__', ['**粗体', '*斜体', '~~']],
    ['an emoji shortcode and a code span', ':OK: `rm -rf`', [':OK:', '`']],
    ['heading, rule and quote lines', '第一行\r\n# 标题\n---\n> 引用', ['\r', '\n#', '\n---', '\n>']],
  ])('%s from the API is escaped', (_what, hostile, forbidden) => {
    const content = errorContent(failedWith(hostile));
    const value = content.slice('**错误**\n'.length);
    for (const piece of forbidden) expect(value).not.toContain(piece);
    expect(shown(value)).toBe(hostile.replace(/\r\n?/g, '\n'));
  });

  it('the workflow name from the config file is escaped too, and kept on one line in its field', () => {
    const facts = buildAlertFacts(transitionOf(sampleFailed), 'UTC', { language: 'zh-CN', workflowLabel: () => '[订单](https://x.example)\n<at id=all></at>' });
    const field = contents(buildFeishuCard(facts)).find((c) => c.startsWith('**流程**'))!;
    expect(field).not.toMatch(/<at|\]\(|\n.*\n/);
  });

  it.each([
    ['ASCII', 'E'.repeat(100_000)],
    ['characters that escape to entities', '<&>'.repeat(20_000)],
    ['Chinese (3 bytes a character)', '元素未找到'.repeat(10_000)],
    ['control characters (6 bytes each in JSON)', '\u0001'.repeat(30_000)],
    ['emoji (surrogate pairs)', '🔥'.repeat(20_000)],
  ])('a huge error of %s: the JSON body stays within 20 KB less the signature room, with the visible marker', (_what, error) => {
    for (const language of ['zh-CN', 'en'] as const) {
      const message = failedWith(error, language);
      expect(bodyBytes(message)).toBeLessThanOrEqual(FEISHU_LIMITS.bodyBytes - FEISHU_LIMITS.signatureRoom);
      expect(bodyBytes(message)).toBeGreaterThan(FEISHU_LIMITS.bodyBytes / 2);
      expect(shown(errorContent(message))).toMatch(language === 'zh-CN' ? /…（已截断，还有 \d+ 个字符）$/ : /… \(truncated, \d+ more characters\)$/);
    }
  });

  it('several long fields: the longest are cut, short ones left whole, the whole within the limit', () => {
    const execution = { ...sampleCompleted, status: 'STUCK', error: 'x'.repeat(30_000), parameters: [{ name: 'p', value: '参'.repeat(9_000) }], result: { msg: 'short message', data: 'd'.repeat(50_000) } };
    const message = buildFeishuCard(buildAlertFacts(transitionOf(execution), 'UTC', { language: 'zh-CN' }));
    expect(bodyBytes(message)).toBeLessThanOrEqual(FEISHU_LIMITS.bodyBytes - FEISHU_LIMITS.signatureRoom);
    const text = contents(message).map(shown).join('\n');
    expect(text).toContain('**结果**\nshort message');
    expect(text.match(/已截断/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

describe('fitLarkMdBytes', () => {
  it('never cuts inside an entity, and counts what JSON adds', () => {
    const fitted = fitLarkMdBytes('<'.repeat(100), 80, 'en');
    expect(Buffer.byteLength(JSON.stringify(fitted)) - 2).toBeLessThanOrEqual(80);
    expect(fitted).toMatch(/^(&#60;)+… &#40;truncated, \d+ more characters&#41;$/);
  });

  it('leaves text that fits as it is, escaped', () => {
    expect(fitLarkMdBytes('订单 <ok>', 100, 'zh-CN')).toBe(escapeLarkMd('订单 <ok>'));
    expect(escapeLarkMd('订单 <ok>')).toBe('订单 &#60;ok&#62;');
  });
});

describe('buildFeishuNotice', () => {
  it('red while unreachable, green once recovered; the cause is escaped', () => {
    const down = buildFeishuNotice({ icon: '🚨', title: 'iFlyRPA unreachable: <at id=all>', body: 'cause [x](https://e.example)' }, 'unreachable', 'zh-CN');
    expect(down.card.header.template).toBe('red');
    expect(contents(down)[0]).not.toMatch(/\[x\]\(/);
    expect(buildFeishuNotice({ icon: '✅', title: 'ok', body: 'ok' }, 'recovered', 'zh-CN').card.header.template).toBe('green');
  });
});

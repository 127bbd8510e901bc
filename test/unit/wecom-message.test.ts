import type { Execution } from '../../src/domain/execution';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { describeNotice } from '../../src/notify/notice-text';
import { buildWecomMessage, buildWecomNotice } from '../../src/notify/wecom/wecom-message';
import { escapeWecom, fitWecomBytes } from '../../src/notify/wecom/wecom-text';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const LIMIT = 4096;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const zh = (execution: Execution, options: { test?: boolean } = {}) =>
  buildAlertFacts(transitionOf(execution), 'Asia/Shanghai', { language: 'zh-CN', workflowLabel: (id) => `订单同步 (${id})`, ...options });
const content = (execution: Execution, mention?: string[]) => buildWecomMessage(zh(execution), { mention }).markdown.content;
/** What our own markup puts in a FAILED alert: the coloured status, the comment footer. */
const OWN_FONT_TAGS = 2;

describe('buildWecomMessage', () => {
  it('FAILED in Chinese: coloured warning, the workflow, the error, times in the zone, Chinese duration, mentions last', () => {
    const text = content(sampleFailed, ['zhangsan', 'li.si']);
    expect(text.startsWith('### ❌ <font color="warning">失败</font> · 流程 订单同步 (2008381617971200000)')).toBe(true);
    expect(text).toContain("'str' object has no attribute 'get'");
    expect(text).toContain('> **开始**：2026-01-06 14:16:11 +08:00');
    expect(text).toContain('> **耗时**：14秒');
    expect(text).toContain('49b9771c-975e-40e5-b517-64bc24a2feef');
    expect(text.endsWith('\n\n<@zhangsan> <@li.si>')).toBe(true);
  });

  it('COMPLETED: coloured info, the result, no mention', () => {
    const text = content(sampleCompleted, ['zhangsan']);
    expect(text).toContain('<font color="info">成功</font>');
    expect(text).toContain('运行成功');
    expect(text).not.toContain('<@');
  });

  it('STUCK is coloured warning and mentions; an unknown status is a comment and does not', () => {
    expect(content({ ...sampleFailed, status: 'STUCK', error: null }, ['ops'])).toMatch(/<font color="warning">卡住<\/font>[\s\S]*<@ops>$/);
    const other = content({ ...sampleFailed, status: 'CANCELLED' }, ['ops']);
    expect(other).toContain('<font color="comment">CANCELLED</font>');
    expect(other).not.toContain('<@ops>');
  });

  it('English when the channel says so; the test mark in the headline', () => {
    const facts = buildAlertFacts(transitionOf(sampleFailed), 'UTC', { language: 'en', test: true });
    const text = buildWecomMessage(facts).markdown.content;
    expect(text.startsWith('### ❌ [TEST] <font color="warning">FAILED</font> · workflow 2008381617971200000')).toBe(true);
    expect(text).toContain('> **Duration**: 14s');
  });

  // Hostile API text in the error, the workflow's name and the execution position.
  it.each<[string, string, RegExp, string]>([
    ['a mention of everyone', '<@all> 请处理', /<@/, '＜@all＞ 请处理'],
    ['a forged link', '[登录失败，点此重置](https://evil.example/reset)', /\]\(/, '登录失败，点此重置'],
    ['a forged image', '![x](https://evil.example/x.png)', /\]\(/, 'https://evil.example/x.png'],
    ['a font tag', '<font color="info">一切正常</font>', /<font color="info"/, '一切正常'],
    ['an entity that decodes to a mention', '&lt;@all&gt;', /&lt;|&gt;/, '@all'],
    ['a header on its own line', 'line one\n# 全部正常\n> quoted', /\n#|\n>\s*quoted/, '# 全部正常'],
    ['bold that would run to the end', '**全部正常', /(^|[^\u200B])\*\*全部/, '全部正常'],
  ])('API text cannot produce %s', (_what, hostile, forbidden, readable) => {
    const execution: Execution = { ...sampleFailed, error: hostile, execPosition: hostile, projectId: hostile };
    const facts = buildAlertFacts(transitionOf(execution), 'UTC', { language: 'zh-CN' });
    const text = buildWecomMessage(facts).markdown.content;
    expect(text).not.toMatch(forbidden);
    expect(text.match(/<font /g)).toHaveLength(OWN_FONT_TAGS);
    // Still readable: the words themselves are there.
    expect(text).toContain(readable);
  });

  it.each<[string, string]>([
    ['Chinese (3 bytes a character)', '订单同步失败，'.repeat(2000)],
    ['emoji (4 bytes, a surrogate pair)', '🔥'.repeat(3000)],
    ['markup that grows when escaped', '<&>*_`]'.repeat(2000)],
    ['mixed', 'a订🔥<'.repeat(3000)],
  ])('a huge error of %s fits 4,096 bytes after escaping, cut between characters, with the marker', (_what, error) => {
    const text = content({ ...sampleFailed, error }, ['ops']);
    expect(bytes(text)).toBeLessThanOrEqual(LIMIT);
    expect(bytes(text)).toBeGreaterThan(LIMIT - 200);
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(text).toMatch(/…（已截断，还有 \d+ 个字符）/);
    expect(text.endsWith('<@ops>')).toBe(true);
  });

  it('every field at its worst and twenty long mentions: still within 4,096 bytes, the error keeps a visible share', () => {
    const huge = '订'.repeat(5000);
    const worst: Execution = {
      ...sampleCompleted,
      status: 'FAILED',
      id: huge,
      projectId: huge,
      error: `ERROR-START ${huge}`,
      execPosition: huge,
      parameters: { p: huge },
      startTime: huge,
      startMs: null,
      endTime: huge,
      endMs: null,
    };
    const mentions = Array.from({ length: 25 }, (_, i) => `u${i}`.padEnd(64, 'x'));
    const text = buildWecomMessage(zh(worst), { mention: mentions }).markdown.content;
    expect(bytes(text)).toBeLessThanOrEqual(LIMIT);
    expect(text).toContain('ERROR-START 订订');
    expect(text.match(/<@/g)).toHaveLength(20);
  });

  it('200 seeded random records, every text field hostile and of any length: never past 4,096 bytes, the error always shown', () => {
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ALPHABET = ['订', '🔥', '<', '>', '&', '*', '_', '`', ']', '[', '(', '\n', '#', 'a', ' ', '@', '\u200B', 'é'];
    const hostile = () => Array.from({ length: Math.floor(random() ** 3 * 6000) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]!).join('');
    for (let i = 0; i < 200; i++) {
      const execution: Execution = {
        ...sampleCompleted,
        status: random() < 0.5 ? 'FAILED' : hostile().toUpperCase(),
        id: hostile() || 'x',
        projectId: hostile() || 'p',
        error: `E!${hostile()}`,
        execPosition: hostile(),
        parameters: { p: hostile() },
        result: { msg: hostile(), data: hostile(), video_path: hostile(), other: hostile() },
        startTime: hostile(),
        startMs: null,
      };
      const mentions = Array.from({ length: Math.floor(random() * 25) }, (_, k) => `u${k}`.padEnd(1 + Math.floor(random() * 64), 'x'));
      const text = buildWecomMessage(zh(execution), { mention: mentions }).markdown.content;
      expect({ i, bytes: bytes(text) <= LIMIT }).toEqual({ i, bytes: true });
      expect(text).toContain('E!');
    }
  });

  it('a status the docs do not list, however long, is cut like any API text', () => {
    const text = content({ ...sampleFailed, status: `WEIRD${'状'.repeat(3000)}` });
    expect(bytes(text)).toBeLessThanOrEqual(LIMIT);
    expect(text).toContain("'str' object has no attribute 'get'");
  });

  it('error, result and parameters share the bytes: a huge parameter list cannot push the error out', () => {
    const execution: Execution = { ...sampleFailed, error: `E${'错'.repeat(400)}`, parameters: { list: 'p'.repeat(20_000) } };
    const text = content(execution);
    expect(text).toContain(`E${'错'.repeat(400)}`);
    expect(bytes(text)).toBeLessThanOrEqual(LIMIT);
  });
});

describe('fitWecomBytes', () => {
  const marker = (count: number) => `…(${count})`;
  it.each<[string, number, string]>([
    ['订单', 6, '订单'],
    ['订单x', 6, '…(3)'],
    ['abcdefgh', 8, 'abcdefgh'],
    ['abcdefghi', 8, 'ab…(7)'],
    ['订单同步', 11, '订…(3)'],
    ['<<<', 9, '＜＜＜'],
    ['<<<', 8, '…(3)'],
    ['a&b', 10, 'a&\u200Bb'],
  ])('%j within %d bytes is %j', (text, max, expected) => {
    expect(fitWecomBytes(text, max, marker)).toBe(expected);
    expect(bytes(fitWecomBytes(text, max, marker))).toBeLessThanOrEqual(max);
  });

  it('escapes every line start, so nothing from the API can begin a header, list or quote', () => {
    expect(escapeWecom('a\n# b\r\n- c')).toBe('a\n\u200B# b\n\u200B- c');
  });
});

describe('buildWecomNotice', () => {
  it('says iFlyRPA is unreachable in Chinese, coloured warning, the cause escaped', () => {
    const notice = describeNotice({ kind: 'unreachable', incidentId: 'x', cause: 'HTTP 502 <@all>', since: Date.UTC(2026, 0, 6, 6, 0, 0), at: Date.UTC(2026, 0, 6, 6, 5, 0), failures: 5 }, 'Asia/Shanghai', 'zh-CN');
    const text = buildWecomNotice(notice, { language: 'zh-CN', colour: 'warning' }).markdown.content;
    expect(text).toContain('<font color="warning">iFlyRPA 无法访问：HTTP 502 ＜@all＞</font>');
    expect(text).toContain('自 2026-01-06 14:00:00 +08:00 起轮询一直失败（连续 5 次）');
    expect(bytes(text)).toBeLessThanOrEqual(LIMIT);
  });

  it('keeps English notices as they were, singular included', () => {
    const notice = describeNotice({ kind: 'unreachable', incidentId: 'x', cause: 'down', since: 0, at: 1, failures: 1 }, 'UTC');
    expect(notice.body).toContain('(1 failed poll in a row)');
  });
});

import { errorFingerprint, MAX_NORMALISED_CHARS } from '../../src/domain/error-fingerprint';

const fp = (error: string) => errorFingerprint(error).fingerprint;

const traceback = (line: number, file: string, key: string) =>
  [
    'Traceback (most recent call last):',
    `  File "/home/robot/jobs/${file}/main.py", line ${line}, in <module>`,
    '    run()',
    `  File "/home/robot/jobs/${file}/steps.py", line ${line + 17}, in run`,
    "    value = row['amount']",
    `KeyError: '${key}'`,
  ].join('\n');

describe('errorFingerprint', () => {
  it.each<[string, string, string]>([
    ['numbers', 'timeout after 30000 ms on page 3', 'timeout after 15000 ms on page 12'],
    ['uuids', 'execution 3f2b8c1e-4a5d-4e6f-9a0b-1c2d3e4f5a6b not found', 'execution 0a1b2c3d-0000-4fff-8aaa-abcdefabcdef not found'],
    ['a uuid glued to a word', 'lock run_3f2b8c1e-4a5d-4e6f-9a0b-1c2d3e4f5a6b held', 'lock run_0a1b2c3d-0000-4fff-8aaa-abcdefabcdef held'],
    ['generated ids', 'robot host rh-8f3k2j9 went away', 'robot host rh-2a7q1x4 went away'],
    ['long mixed ids', 'job JOB20261129A7 failed', 'job JOB20251001B2 failed'],
    ['hex literals and hashes', 'segfault at 0x7ffde4a1 in module 5f3a2b1c9d', 'segfault at 0x1b2c in module 9e8d7c6b5a'],
    ['ISO times', 'stopped at 2026-11-29T09:12:03.120Z', 'stopped at 2026-11-30T23:01:59.999Z'],
    ['local times with zone', 'started 2026-11-29 09:12:03+08:00, gave up', 'started 2026-12-01 10:00:00+08:00, gave up'],
    ['clock times', '等待到 09:12 仍未响应', '等待到 17:45:10 仍未响应'],
    ['Chinese dates', '2026年11月29日 的报表为空', '2025年1月3日 的报表为空'],
    ['single-quoted paths', "cannot open 'C:\\robots\\in\\a-17.xlsx'", "cannot open 'D:\\share\\b 2.xlsx'"],
    ['double-quoted values', 'element "#row-17 > td" not found', 'element "#submit" not found'],
    ['Chinese quotes 「」', '找不到文件「报表_1129.xlsx」', '找不到文件「发票.pdf」'],
    ['Chinese quotes “”', '窗口“发票下载 - 17”没有响应', '窗口“登录”没有响应'],
    ['ASCII quotes right beside CJK text', "打开'a.xlsx'失败", "打开'b.xlsx'失败"],
    ['whitespace', '  connection   reset\n\tby peer  ', 'connection reset by peer'],
    ['Python tracebacks with other line numbers, paths and keys', traceback(12, 'invoice', 'amount'), traceback(98, 'orders', 'total')],
  ])('same fingerprint when only %s differ', (_name, a, b) => {
    expect(fp(a)).toBe(fp(b));
  });

  it.each<[string, string, string]>([
    ['different messages', 'connection reset by peer', 'connection refused'],
    ['different exceptions after the same frames', traceback(12, 'invoice', 'amount'), traceback(12, 'invoice', 'amount').replace('KeyError', 'IndexError')],
    ['different Chinese text', '找不到文件「a」', '文件「a」已被占用'],
    ['words ending in a number keep their letters', 'python3 crashed', 'node18 crashed'],
    ['an apostrophe is not a quote', "can't find the window", "won't find the window"],
  ])('different fingerprints for %s', (_name, a, b) => {
    expect(fp(a)).not.toBe(fp(b));
  });

  it.each<[string, string]>([
    ['timeout after 30000 ms on page 3', 'timeout after <n> ms on page <n>'],
    ["'str' object has no attribute 'get'", '<str> object has no attribute <str>'],
    ["can't open 'x.txt' at 2026-11-29 09:12:03", "can't open <str> at <time>"],
    ['找不到文件「报表.xlsx」，重试 3 次', '找不到文件<str>，重试 <n> 次'],
    ['host rh-8f3k2j9 id 3f2b8c1e-4a5d-4e6f-9a0b-1c2d3e4f5a6b addr 0xdeadbeef sha 5f3a2b1c9d', 'host rh-<id> id <uuid> addr <hex> sha <hex>'],
    ['python3 and utf8 keep their letters', 'python<n> and utf<n> keep their letters'],
    ['', ''],
  ])('normalises %j', (error, normalised) => {
    expect(errorFingerprint(error).normalised).toBe(normalised);
  });

  it('is a 12-character hex hash, stable across calls', () => {
    const { fingerprint } = errorFingerprint('connection reset by peer');
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(errorFingerprint('connection reset by peer').fingerprint).toBe(fingerprint);
  });

  it('caps the normalised text, keeping the head and the tail (the exception line)', () => {
    const frames = Array.from({ length: 500 }, (_, i) => `  File "/jobs/x.py", line ${i}, in step_${'abc'[i % 3]}`).join('\n');
    const a = errorFingerprint(`Traceback (most recent call last):\n${frames}\nKeyError: 'a'`);
    const b = errorFingerprint(`Traceback (most recent call last):\n${frames}\nValueError: bad`);
    expect(a.normalised.length).toBeLessThanOrEqual(MAX_NORMALISED_CHARS);
    expect(a.normalised.startsWith('Traceback (most recent call last):')).toBe(true);
    expect(a.normalised.endsWith('KeyError: <str>')).toBe(true);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('copes with a megabyte of error text', () => {
    const { normalised } = errorFingerprint(`boom ${'x1 '.repeat(400_000)}end`);
    expect(normalised.length).toBeLessThanOrEqual(MAX_NORMALISED_CHARS);
    expect(normalised.endsWith('end')).toBe(true);
  });
});

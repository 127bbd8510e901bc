import { escapeHtml, escapeMrkdwn, fitMrkdwn, oneLine, truncate } from '../../src/notify/text';

describe('truncate', () => {
  it('keeps short text as it is', () => expect(truncate('abc', 10)).toBe('abc'));
  it.each([[100], [3000], [150]])('cuts to at most %i characters with a visible marker that counts the rest', (max) => {
    const text = 'x'.repeat(10_000);
    const out = truncate(text, max);
    expect(out.length).toBeLessThanOrEqual(max);
    const match = /… \(truncated, (\d+) more characters\)$/.exec(out);
    expect(match).not.toBeNull();
    expect(out.length - match![0].length + Number(match![1])).toBe(10_000);
  });
  it('never splits a surrogate pair', () => expect(truncate('😀'.repeat(200), 60)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/));
});

describe('escaping', () => {
  it('Slack: no mention, link or formatting survives', () => {
    const out = escapeMrkdwn('<!channel> <https://evil|click> *bold* & `code`');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).not.toContain('*bold*');
  });
  it('HTML: markup is shown, not run', () => expect(escapeHtml(`<script>alert("x")</script>'&`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;'));
  it('headers: one line', () => expect(oneLine('a\r\nBcc: victim@example.com\nb')).toBe('a Bcc: victim@example.com b'));
});

describe('fitMrkdwn: the limit holds after escaping, and the cut never splits an entity', () => {
  it.each<[string, string, number]>([
    ['5,000 <', '<'.repeat(5_000), 4_000],
    ['3,000 &', '&'.repeat(3_000), 2_000],
    ['> and * mixed', '>*'.repeat(2_000), 3_000],
    ['emoji', '😀'.repeat(3_000), 150],
    ['everything', '&<>*_~`😀a'.repeat(1_000), 3_000],
  ])('%s into %i', (_name, text, max) => {
    const out = fitMrkdwn(text, max);
    expect(out.length).toBeLessThanOrEqual(max);
    const match = /… \(truncated, (\d+) more characters\)$/.exec(out);
    expect(match).not.toBeNull();
    const kept = out.slice(0, out.length - match![0].length);
    expect(kept).toMatch(/^(?:[^&]|&amp;|&lt;|&gt;)*$/);
    expect(kept).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(kept).toBe(escapeMrkdwn(Array.from(text).slice(0, Array.from(text).length - Number(match![1])).join('')));
  });
  it('short text is only escaped', () => expect(fitMrkdwn('a<b', 100)).toBe('a&lt;b'));
  it('text whose escaped form just fits is not cut', () => expect(fitMrkdwn('&'.repeat(20), 100)).toBe('&amp;'.repeat(20)));
});

import { escapeHtml, escapeMrkdwn, oneLine, truncate } from '../../src/notify/text';

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

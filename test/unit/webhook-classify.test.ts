import { classifyWebhookOutcome, MAX_RETRY_AFTER_MS, parseRetryAfter, type WebhookOutcome } from '../../src/notify/webhook/classify-webhook-answer';
import { webhookChannelOptions } from '../../src/notify/webhook/webhook-channel-options';

const NOW = Date.UTC(2026, 0, 7, 10, 0, 0);

describe('classifyWebhookOutcome', () => {
  it.each([200, 201, 202, 204, 299])('%i is a success', (status) => {
    expect(classifyWebhookOutcome({ kind: 'answer', status }, NOW)).toBeUndefined();
  });

  it.each<[string, WebhookOutcome, { permanent: boolean; reason: string; retryAfterMs?: number; message?: RegExp }]>([
    ['429 with seconds', { kind: 'answer', status: 429, retryAfter: '7' }, { permanent: false, reason: 'rate_limited', retryAfterMs: 7000 }],
    ['429 with an HTTP date', { kind: 'answer', status: 429, retryAfter: new Date(NOW + 30_000).toUTCString() }, { permanent: false, reason: 'rate_limited', retryAfterMs: 30_000 }],
    ['429 with a date already past', { kind: 'answer', status: 429, retryAfter: new Date(NOW - 30_000).toUTCString() }, { permanent: false, reason: 'rate_limited', retryAfterMs: 0 }],
    ['429 without Retry-After', { kind: 'answer', status: 429 }, { permanent: false, reason: 'rate_limited', retryAfterMs: undefined }],
    ['429 with nonsense', { kind: 'answer', status: 429, retryAfter: 'soon' }, { permanent: false, reason: 'rate_limited', retryAfterMs: undefined }],
    ['429 asking for a day', { kind: 'answer', status: 429, retryAfter: '86400' }, { permanent: false, reason: 'rate_limited', retryAfterMs: MAX_RETRY_AFTER_MS }],
    ['503 with Retry-After', { kind: 'answer', status: 503, retryAfter: '2' }, { permanent: false, reason: 'http_503', retryAfterMs: 2000 }],
    ['500', { kind: 'answer', status: 500 }, { permanent: false, reason: 'http_500' }],
    ['408', { kind: 'answer', status: 408 }, { permanent: false, reason: 'http_408' }],
    ['a timeout', { kind: 'timeout', timeoutMs: 10_000 }, { permanent: false, reason: 'timeout', message: /within 10s/ }],
    ['a refused connection', { kind: 'network', code: 'ECONNREFUSED' }, { permanent: false, reason: 'network', message: /ECONNREFUSED/ }],
    ['401', { kind: 'answer', status: 401 }, { permanent: true, reason: 'auth', message: /signature or credentials are wrong.*secret/ }],
    ['403', { kind: 'answer', status: 403 }, { permanent: true, reason: 'auth', message: /secret/ }],
    ['400', { kind: 'answer', status: 400 }, { permanent: true, reason: 'http_400' }],
    ['404', { kind: 'answer', status: 404 }, { permanent: true, reason: 'http_404' }],
    ['a redirect', { kind: 'answer', status: 302 }, { permanent: true, reason: 'http_302', message: /redirect/ }],
  ])('%s', (_, outcome, expected) => {
    const error = classifyWebhookOutcome(outcome, NOW);
    expect(error).toBeDefined();
    expect(error!.permanent).toBe(expected.permanent);
    expect(error!.reason).toBe(expected.reason);
    if ('retryAfterMs' in expected) expect(error!.retryAfterMs).toBe(expected.retryAfterMs);
    if (expected.message) expect(error!.message).toMatch(expected.message);
  });

  it('parseRetryAfter reads seconds and HTTP dates only', () => {
    expect(parseRetryAfter(' 3 ', NOW)).toBe(3000);
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('webhook channel options', () => {
  const parse = (input: unknown) => webhookChannelOptions.optionsSchema.safeParse(input);
  const messages = (input: unknown) => {
    const result = parse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('reads url, secret, timeout and headers', () => {
    expect(parse({ url: 'https://hooks.example.com/rpa', secret: 's3cret', timeout: '30s', headers: { 'X-Api-Key': 'k-123456' } }).data).toEqual({
      url: 'https://hooks.example.com/rpa',
      secret: 's3cret',
      timeoutMs: 30_000,
      headers: { 'X-Api-Key': 'k-123456' },
    });
  });

  it.each([
    ['no url', {}, /url: required/],
    ['a url that is not http(s)', { url: 'ftp://example.com/x' }, /url: must be a URL starting with http:\/\/ or https:\/\//],
    ['a url that is not a url', { url: 'hooks.example.com' }, /url: must be a URL/],
    ['a header the bot writes', { url: 'https://x.example', headers: { 'X-RPA-Notify-Signature': 'forged' } }, /headers: must not set/],
    ['a header value that is not text', { url: 'https://x.example', headers: { 'X-Api-Key': 42 } }, /expected the header's value as text, got 42/],
    ['a header value with a line break', { url: 'https://x.example', headers: { 'X-Api-Key': 'a\r\nX-Evil: 1' } }, /one line/],
    ['a bad header name', { url: 'https://x.example', headers: { 'Bad Name': 'v' } }, /header name/],
    ['a timeout too short', { url: 'https://x.example', timeout: '10ms' }, /timeout: .*at least 1s/],
    ['an unknown key', { url: 'https://x.example', token: 't' }, /unknown option for a webhook channel \(known: url, secret, timeout, headers, type, statuses, language\)/],
  ])('refuses %s', (_, input, message) => {
    expect(messages(input).join('\n')).toMatch(message);
  });

  it('its secrets: the secret, header values, and the credentials inside the URL (and so the URL)', () => {
    const url = 'https://bot:p%40ss-9876@hooks.example.com/rpa?token=tok-5555&team=ops';
    const secrets = webhookChannelOptions.secretsOf({ url, secret: 'whsec-1', headers: { Authorization: 'Bearer abc-123' } });
    expect(secrets).toEqual(expect.arrayContaining(['whsec-1', 'Bearer abc-123', url, 'bot', 'p@ss-9876', 'tok-5555']));
    expect(webhookChannelOptions.secretsOf({ url: 'https://hooks.example.com/rpa' })).toEqual([]);
  });
});

import { classifyFeishuAnswer, FEISHU_TOO_FAST_PAUSE_MS } from '../../src/notify/feishu/feishu-classify';

const answer = (body: unknown, status = 200, retryAfter?: string) => classifyFeishuAnswer({ status, body: typeof body === 'string' ? body : JSON.stringify(body), retryAfter });

describe('classifyFeishuAnswer', () => {
  it.each([
    ['the current success shape', { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }],
    ['the newer shape alone', { code: 0, data: {}, msg: 'success' }],
    ['the older shape alone', { StatusCode: 0, StatusMessage: 'success' }],
  ])('%s is delivered', (_what, body) => {
    expect(answer(body)).toBeUndefined();
  });

  it.each([
    [19001, 'webhook token is invalid'],
    [19021, 'signature was refused'],
    [19022, 'IP address'],
    [19024, 'keyword'],
    [19007, 'disabled'],
  ])('code %i is permanent and says what to fix', (code, says) => {
    const error = answer({ code, data: {}, msg: 'whatever' })!;
    expect(error.permanent).toBe(true);
    expect(error.reason).toBe(`code_${code}`);
    expect(error.message).toContain(says);
  });

  it('11232 (too fast) waits Feishu’s per-minute window out, not permanent; a Retry-After, when given, wins', () => {
    const limited = answer({ code: 11232, data: {}, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]' })!;
    expect(limited).toMatchObject({ permanent: false, reason: 'too_fast', retryAfterMs: FEISHU_TOO_FAST_PAUSE_MS });
    expect(answer({ code: 11232 }, 429, '3')).toMatchObject({ permanent: false, retryAfterMs: 3000 });
    expect(answer('', 429)).toMatchObject({ permanent: false, retryAfterMs: FEISHU_TOO_FAST_PAUSE_MS });
  });

  it('a 200 with an unknown non-zero code is a failure, classified by its code and the HTTP status', () => {
    expect(answer({ code: 12345, msg: 'odd' })).toMatchObject({ permanent: false, reason: 'code_12345' });
    expect(answer({ code: 12345, msg: 'odd' }, 400)).toMatchObject({ permanent: true });
    expect(answer({ code: 12345, msg: 'odd' }, 500)).toMatchObject({ permanent: false });
  });

  it('an answer that is not JSON, or has no code, is a failure, never a delivery', () => {
    expect(answer('<html>proxy login</html>')).toMatchObject({ permanent: false, reason: 'not_json' });
    expect(answer({ ok: true })).toMatchObject({ permanent: false, reason: 'no_code' });
    expect(answer('<html>502</html>', 502)).toMatchObject({ permanent: false, reason: 'http_502' });
    expect(answer('Not Found', 404)).toMatchObject({ permanent: true, reason: 'http_404' });
  });

  it('no answer: a timeout or a network error is worth a retry', () => {
    expect(classifyFeishuAnswer({ error: Object.assign(new Error('t'), { name: 'TimeoutError' }) })).toMatchObject({ permanent: false, reason: 'timeout' });
    expect(classifyFeishuAnswer({ error: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) })).toMatchObject({ permanent: false, reason: 'network', message: 'Feishu could not be reached (ECONNREFUSED)' });
  });
});

import { createHmac } from 'node:crypto';
import { dingTalkSignature, signedDingTalkUrl } from '../../src/notify/dingtalk/dingtalk-sign';

const SECRET = 'SECa5d6ea9b7c8f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9';
const TIMESTAMP = 1_767_225_600_000;

describe('DingTalk signing', () => {
  it('matches a vector computed with Python hmac (base64 of HMAC-SHA256, key = secret, data = timestamp + "\\n" + secret)', () => {
    // python3: base64.b64encode(hmac.new(s, (ts + '\n' + s), sha256).digest())
    expect(dingTalkSignature(SECRET, TIMESTAMP)).toBe('TrcAoK8hufuzg5AmzLeUCxdT/gCFusSfn4rodbZxLi8=');
  });

  it('matches the documented formula computed here with node:crypto, for other secrets and times', () => {
    for (const [secret, timestamp] of [['SEC1', 1], ['SEC密钥+/=', 1_700_000_000_123]] as const) {
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      expect(dingTalkSignature(secret, timestamp)).toBe(expected);
    }
  });

  it('puts timestamp and the URL-encoded sign in the query, keeping access_token', () => {
    const url = signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123', SECRET, TIMESTAMP);
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=${TIMESTAMP}&sign=TrcAoK8hufuzg5AmzLeUCxdT%2FgCFusSfn4rodbZxLi8%3D`);
  });

  it('leaves the URL alone without a secret', () => {
    expect(signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123', undefined, TIMESTAMP)).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc123');
  });
});

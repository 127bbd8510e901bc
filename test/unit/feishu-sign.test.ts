import { createHmac } from 'node:crypto';
import { feishuSign, feishuSignature } from '../../src/notify/feishu/feishu-sign';

describe('feishuSign', () => {
  it('matches a vector computed elsewhere (Python hmac: key = timestamp + "\\n" + secret, message empty, base64)', () => {
    expect(feishuSign('1599360473', 'demo')).toBe('l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=');
  });

  it('matches the documented formula for any timestamp and secret, and not the DingTalk one (key and message swapped)', () => {
    const secret = '密钥-with-ünïcode';
    const timestamp = '1767225600';
    const documented = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
    const dingtalkStyle = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(feishuSign(timestamp, secret)).toBe(documented);
    expect(feishuSign(timestamp, secret)).not.toBe(dingtalkStyle);
  });

  it('the body fields: timestamp in seconds, as a string', () => {
    const { timestamp, sign } = feishuSignature('s3cret', 1_767_225_600_999);
    expect(timestamp).toBe('1767225600');
    expect(sign).toBe(feishuSign('1767225600', 's3cret'));
  });
});

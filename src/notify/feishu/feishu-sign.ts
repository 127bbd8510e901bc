import { createHmac } from 'node:crypto';

/**
 * Feishu's custom-bot signature: the key is `timestamp + "\n" + secret` and the message is empty
 * (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, "签名校验"). Timestamp in seconds.
 */
export function feishuSign(timestampSeconds: string, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The two fields a signed request adds to its body. */
export function feishuSignature(secret: string, nowMs: number): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, sign: feishuSign(timestamp, secret) };
}

import { createHmac } from 'node:crypto';

/**
 * DingTalk's "加签": base64(HMAC-SHA256(key = secret, data = `${timestamp}\n${secret}`)), timestamp in ms.
 * Returned as is; the URL encoding happens when it joins the query.
 */
export function dingTalkSignature(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL to post to: with a secret, `timestamp` and `sign` added to the query (DingTalk rejects a sign older than an hour). */
export function signedDingTalkUrl(url: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return url;
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(nowMs));
  signed.searchParams.set('sign', dingTalkSignature(secret, nowMs));
  return signed.toString();
}

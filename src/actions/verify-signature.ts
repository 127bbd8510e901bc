import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack refuses requests older than this itself; so do we, so a captured request cannot be replayed later. */
export const MAX_REQUEST_AGE_MS = 5 * 60_000;

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`, as Slack signs (api.slack.com/authentication/verifying-requests-from-slack). */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/**
 * Whether a request to /slack/actions comes from Slack: a fresh timestamp (either way of `now`, for clocks
 * that drift) and its signature over the raw body, compared in constant time.
 */
export function verifySlackSignature(request: { signingSecret: string; timestamp: string | undefined; signature: string | undefined; rawBody: Buffer; now: number }): SignatureCheck {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' };
  if (Math.abs(request.now - Number(timestamp) * 1000) > MAX_REQUEST_AGE_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(slackSignature(request.signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

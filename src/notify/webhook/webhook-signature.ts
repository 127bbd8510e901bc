import { createHash, createHmac } from 'node:crypto';

/** `sha256=` + hex HMAC-SHA256 keyed by the secret over `timestamp + "." + body`: what X-RPA-Notify-Signature carries. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/**
 * A uuid-shaped id that is the same for every attempt of one delivery (channel, subject, status), so a receiver
 * can drop the copies a retry after a lost answer brings. Hashing keeps names and ids out of the header.
 */
export function webhookDeliveryId(channel: string, subject: string, status: string): string {
  const hex = createHash('sha256').update(`${channel}\n${subject}\n${status}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

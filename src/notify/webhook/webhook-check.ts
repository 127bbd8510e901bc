import { createHash } from 'node:crypto';
import type { CheckLine } from '../channel-kind';
import { postWebhook, type WebhookTarget } from './post-webhook';

/**
 * Posts a signed `{"event":"ping"}` (no alert): it proves the address answers and, when the receiver verifies
 * signatures, that the secret is the one it holds. Receivers should answer 2xx to a ping and ignore it.
 */
export async function checkWebhook(name: string, target: WebhookTarget, now: () => number = Date.now): Promise<CheckLine> {
  const label = name === 'webhook' ? 'webhook' : `webhook channel "${name}"`;
  const at = now();
  const deliveryId = pingId(name, at);
  const body = JSON.stringify({ event: 'ping', delivery_id: deliveryId, detected_at: new Date(at).toISOString(), text: 'rpa-notify check' });
  try {
    await postWebhook(target, body, deliveryId, now);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, text: `✗ ${label}: ${message}` };
  }
  return { ok: true, text: `✓ ${label}: the receiver accepted a ${target.secret ? 'signed ' : 'unsigned '}ping` };
}

/** Each check is its own delivery: a receiver that de-duplicates must not drop the second check of the day. */
function pingId(name: string, at: number): string {
  const hex = createHash('sha256').update(`${name}\nping\n${at}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

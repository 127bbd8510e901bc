import { classifyWebhookOutcome, type WebhookOutcome } from './classify-webhook-answer';
import { signWebhook } from './webhook-signature';

/** Where and how a channel posts, its URL already free of user:password (fetch refuses those). */
export interface WebhookTarget {
  url: string;
  secret?: string;
  timeoutMs: number;
  /** Static headers, the Authorization from the URL's user:password among them. */
  headers: Record<string, string>;
}

/** The options' URL split into one fetch takes and a Basic Authorization header for its user:password. */
export function webhookTarget(options: { url: string; secret?: string; timeoutMs: number; headers?: Record<string, string> }): WebhookTarget {
  const url = new URL(options.url);
  const headers = { ...options.headers };
  if (url.username || url.password) {
    const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    if (!hasAuthorization) headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.toString(), secret: options.secret, timeoutMs: options.timeoutMs, headers };
}

/** One POST of `body`, signed afresh (a retry gets a new timestamp, the same delivery id). Throws a NotifyError unless 2xx. */
export async function postWebhook(target: WebhookTarget, body: string, deliveryId: string, now: () => number = Date.now): Promise<void> {
  const timestamp = Math.floor(now() / 1000);
  const headers: Record<string, string> = {
    'User-Agent': 'rpa-notify-webhook',
    ...target.headers,
    'Content-Type': 'application/json',
    'X-RPA-Notify-Timestamp': String(timestamp),
    'X-RPA-Notify-Delivery': deliveryId,
    ...(target.secret ? { 'X-RPA-Notify-Signature': signWebhook(target.secret, timestamp, body) } : {}),
  };
  const outcome = await post(target, headers, body);
  const failure = classifyWebhookOutcome(outcome, now());
  if (failure) throw failure;
}

async function post(target: WebhookTarget, headers: Record<string, string>, body: string): Promise<WebhookOutcome> {
  try {
    // Redirects are not followed: a POST would turn into a GET, and the signature would go to another host.
    const response = await fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(target.timeoutMs) });
    // The body is not used; reading it frees the connection for the next delivery.
    await response.arrayBuffer().catch(() => undefined);
    return { kind: 'answer', status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return outcomeOf(error, target.timeoutMs);
  }
}

/** fetch's errors carry the URL in places; only the error's name or code is kept. */
function outcomeOf(error: unknown, timeoutMs: number): WebhookOutcome {
  // Read by shape, not instanceof: fetch's errors (DOMException, TypeError) may come from another realm.
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: { code?: unknown } };
  const name = typeof e.name === 'string' ? e.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', timeoutMs };
  const code = typeof e.cause?.code === 'string' ? e.cause.code : 'network error';
  return { kind: 'network', code: code.slice(0, 60) };
}

import { NotifyError } from '../notify-error';

/** What came back from one POST: an HTTP answer, or no answer at all. */
export type WebhookOutcome =
  | { kind: 'answer'; status: number; retryAfter?: string | null }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; code: string };

/** A receiver's Retry-After is obeyed up to this; past it the queue's own backoff takes over (a typo must not stall every channel for a day). */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * The one place that decides what an outcome means: undefined for a 2xx, else a NotifyError saying whether a retry
 * can help. 429, 408, 5xx, timeouts and connection errors are passing; any other answer needs a person.
 * Messages name the status only: the URL may carry credentials.
 */
export function classifyWebhookOutcome(outcome: WebhookOutcome, now: number = Date.now()): NotifyError | undefined {
  if (outcome.kind === 'timeout') return new NotifyError(`the webhook did not answer within ${Math.round(outcome.timeoutMs / 1000)}s`, false, 'timeout');
  if (outcome.kind === 'network') return new NotifyError(`the webhook could not be reached (${outcome.code})`, false, 'network');
  const { status } = outcome;
  if (status >= 200 && status < 300) return undefined;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, now);
    return new NotifyError(`the webhook is rate limiting us (HTTP 429${retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)}s`})`, false, 'rate_limited', retryAfterMs);
  }
  if (status >= 500 || status === 408) {
    // A 503 may say when to come back too.
    return new NotifyError(`the webhook answered HTTP ${status}`, false, `http_${status}`, parseRetryAfter(outcome.retryAfter, now));
  }
  if (status === 401 || status === 403) {
    return new NotifyError(
      `the webhook refused the delivery (HTTP ${status}): the signature or credentials are wrong — check the channel's secret (and auth headers) match the receiver's`,
      true,
      'auth',
    );
  }
  if (status >= 300 && status < 400) return new NotifyError(`the webhook answered a redirect (HTTP ${status}): set url to the address it redirects to`, true, `http_${status}`);
  return new NotifyError(`the webhook refused the delivery (HTTP ${status})`, true, `http_${status}`);
}

/** Retry-After in seconds or as an HTTP date, in ms from `now` (capped); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    // Date.parse takes nearly anything ("-3" is a year): only a text shaped like an HTTP date is read as one.
    if (!/^[A-Za-z]{3},? .*\d{1,2}:\d{2}:\d{2}/.test(text)) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

import type { Language } from '../../i18n/messages';
import type { Notifier } from '../notifier';
import { NotifyError } from '../notify-error';
import { buildPagerDutyEvents, buildPagerDutyNoticeEvent, eventSeq, type PagerDutyEvent } from './pagerduty-event';

export interface PagerDutyConfig {
  routingKey: string;
  eventsUrl: string;
}

/** What came back from one POST: PagerDuty's answer, or no answer at all. */
export type PagerDutyOutcome = { kind: 'answer'; status: number; body: string; retryAfter: string | null } | { kind: 'network'; error: unknown };

export function createPagerDutyNotifier(
  config: PagerDutyConfig,
  displayTimeZone: string,
  options: { name?: string; language?: Language; workflowLabel?: (projectId: string) => string; timeoutMs?: number } = {},
): Notifier {
  const post = (event: PagerDutyEvent) => postEvent(config, event, options.timeoutMs ?? 10_000);
  return {
    channel: options.name ?? 'pagerduty',
    async send(transition, sendOptions = {}) {
      // Nothing to tell (a success outside a streak): no request, and the delivery is done.
      for (const event of buildPagerDutyEvents(transition, { displayTimeZone, language: options.language ?? 'en', workflowLabel: options.workflowLabel, test: sendOptions.test, reportedStuck: transition.reportedStuck, account: transition.account })) {
        const seq = sendOptions.test ? undefined : eventSeq(event, transition);
        // Without an order (a test, a job from before streaks were numbered) the event goes as it comes.
        if (sendOptions.order && seq !== undefined) await sendOptions.order.run(event.dedup_key, seq, event.event_action, () => post(event));
        else await post(event);
      }
    },
    async sendNotice(notice) {
      await post(buildPagerDutyNoticeEvent(notice, displayTimeZone, notice.account));
    },
  };
}

/** One event, accepted (202) or a NotifyError. The routing key travels in the body only, never in an error. */
export async function postEvent(config: PagerDutyConfig, event: PagerDutyEvent, timeoutMs: number): Promise<void> {
  let outcome: PagerDutyOutcome;
  try {
    const response = await fetch(config.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ routing_key: config.routingKey, ...event }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    outcome = { kind: 'answer', status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    outcome = { kind: 'network', error };
  }
  const failure = classifyPagerDuty(outcome, config.routingKey);
  if (failure) throw failure;
}

/**
 * The one place that decides what a PagerDuty answer means: 202 accepted; 429 and 5xx pass (after
 * Retry-After when given, else the queue's backoff); 400 and other 4xx need a person (PagerDuty's
 * `errors` list says what); no answer at all passes too.
 */
export function classifyPagerDuty(outcome: PagerDutyOutcome, routingKey: string): NotifyError | undefined {
  if (outcome.kind === 'network') {
    const error = outcome.error as { name?: string; cause?: { code?: string }; message?: string };
    const why = error?.name === 'TimeoutError' ? 'timed out' : (error?.cause?.code ?? error?.message?.slice(0, 80) ?? 'network error');
    return new NotifyError(`PagerDuty could not be reached (${scrub(why, routingKey)})`, false, 'network');
  }
  const { status } = outcome;
  if (status === 202 || (status >= 200 && status < 300 && answerOf(outcome.body).status === 'success')) return undefined;
  if (status === 429) {
    const retryAfterMs = retryAfterOf(outcome.retryAfter);
    return new NotifyError(`PagerDuty is rate limiting us (HTTP 429${retryAfterMs === undefined ? '' : `, retry after ${retryAfterMs / 1000}s`})`, false, 'rate_limited', retryAfterMs);
  }
  if (status >= 500 || status === 408) return new NotifyError(`PagerDuty answered HTTP ${status}`, false, `http_${status}`);
  const answer = answerOf(outcome.body);
  const errors = answer.errors.length > 0 ? `: ${answer.errors.join('; ')}` : answer.message ? `: ${answer.message}` : '';
  const reason = status === 400 ? 'invalid_event' : `http_${status}`;
  return new NotifyError(scrub(`PagerDuty refused the event (HTTP ${status}${errors.slice(0, 400)})`, routingKey), status >= 400 && status < 500, reason);
}

function answerOf(body: string): { status?: string; message?: string; errors: string[] } {
  try {
    const parsed = JSON.parse(body) as { status?: unknown; message?: unknown; errors?: unknown };
    return {
      status: typeof parsed.status === 'string' ? parsed.status : undefined,
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 200) : undefined,
      errors: Array.isArray(parsed.errors) ? parsed.errors.slice(0, 10).map((e) => String(e).slice(0, 200)) : [],
    };
  } catch {
    return { errors: [] };
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** PagerDuty may quote the event back in its errors: the key never leaves through an error text. */
const scrub = (text: string, secret: string): string => (secret.length >= 4 ? text.split(secret).join('[redacted]') : text);

import { scrubSecrets } from '../../logging/scrub-secrets';
import { NotifyError } from '../notify-error';
import { WECOM_LIMITS } from './wecom-limits';

/** What came back from one POST to the robot: an HTTP answer, or no answer at all. */
export type WecomOutcome = { kind: 'answer'; status: number; body: string } | { kind: 'unreachable'; error: unknown };

/** Codes no retry can fix (https://open.work.weixin.qq.com/devtool/query?e=<code>). */
const PERMANENT: Record<number, [reason: string, meaning: string]> = {
  93000: ['bad_key', 'WeCom refused the robot key (errcode 93000): the webhook URL is wrong or the robot was removed; copy the webhook URL again from the group\'s robot settings'],
  40058: ['content_too_long', 'WeCom refused the message as too long or malformed (errcode 40058)'],
  40008: ['invalid_message_type', 'WeCom refused the message type (errcode 40008)'],
  44004: ['empty_content', 'WeCom refused an empty message (errcode 44004)'],
};

/**
 * The one place that decides what a WeCom answer means: undefined when delivered, else a NotifyError
 * saying whether a retry can help. WeCom answers HTTP 200 with an `errcode` for nearly everything.
 * Nothing from the request (the URL holds the key) reaches a message; `secrets` scrubs the answer's text.
 */
export function classifyWecomAnswer(outcome: WecomOutcome, secrets: readonly string[]): NotifyError | undefined {
  if (outcome.kind === 'unreachable') return unreachable(outcome.error);
  const { status, body } = outcome;
  if (status === 429) return new NotifyError('WeCom is rate limiting us (HTTP 429)', false, 'rate_limited', WECOM_LIMITS.tooFastPauseMs);
  if (status >= 500 || status === 408) return new NotifyError(`WeCom answered HTTP ${status}`, false, `http_${status}`);
  if (status < 200 || status >= 300) return new NotifyError(`the webhook URL answered HTTP ${status}: it is not a WeCom robot's URL`, true, `http_${status}`);
  const answer = parse(body);
  if (answer === undefined) return new NotifyError('the webhook URL answered something that is not a WeCom robot\'s answer (not JSON with an errcode)', true, 'not_wecom');
  const { errcode, errmsg } = answer;
  if (errcode === 0) return undefined;
  if (errcode === 45009) return new NotifyError('WeCom says the robot sends too fast (errcode 45009, 20 messages a minute): retrying in a minute', false, 'rate_limited', WECOM_LIMITS.tooFastPauseMs);
  const known = PERMANENT[errcode];
  if (known) return new NotifyError(known[1], true, known[0]);
  // errmsg is "what, hint: [id], from ip: …, more info at …": the first part says enough.
  const what = scrubSecrets(errmsg.split(',')[0]!, secrets).slice(0, 80);
  return new NotifyError(`WeCom refused the message (errcode ${errcode}${what ? `: ${what}` : ''})`, false, `errcode_${errcode}`);
}

function parse(body: string): { errcode: number; errmsg: string } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || typeof (value as { errcode?: unknown }).errcode !== 'number') return undefined;
    const { errcode, errmsg } = value as { errcode: number; errmsg?: unknown };
    return { errcode, errmsg: typeof errmsg === 'string' ? errmsg : '' };
  } catch {
    return undefined;
  }
}

/** fetch's errors carry the request in their cause; only the system's error code is shown. */
function unreachable(error: unknown): NotifyError {
  // Read by shape: the DOMException of a timeout is no `instanceof Error` in every realm (jest's is not Node's).
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return new NotifyError('WeCom did not answer in time', false, 'timeout');
  const code = typeof cause?.code === 'string' ? cause.code : 'network error';
  return new NotifyError(`WeCom could not be reached (${code})`, false, 'network');
}

import { NotifyError } from '../notify-error';
import { oneLine } from '../text';

/** DingTalk answers "too fast" for a minute's worth of sends beyond 20 per robot; ask again after that minute. */
export const DINGTALK_RETRY_AFTER_MS = 60_000;

/** What came back from one POST to the robot: an HTTP answer, or no answer at all. */
export type DingTalkAnswer = { status: number; body: string; retryAfter?: string | null } | { failure: unknown };

const TOO_FAST = new Set([130101, 410100]);

/**
 * Errcodes no retry can fix: the robot, its token or its security settings need a person, or DingTalk
 * refuses this very content (it would refuse it again). Any other non-zero errcode, -1 "系统繁忙"
 * included, is retried: losing an alert to an unlisted code is worse than retrying it until
 * NOTIFY_RETRY_FOR, and each retry is logged with the code.
 */
const PERMANENT: Record<number, string> = {
  310000: 'the robot refused the signature, keywords or IP (check secret:, the robot\'s security settings and this host\'s clock)',
  300001: 'the access_token does not exist (copy the webhook URL again from the robot\'s settings)',
  300005: 'the access_token does not exist (copy the webhook URL again from the robot\'s settings)',
  400101: 'the access_token does not exist (copy the webhook URL again from the robot\'s settings)',
  400102: 'the robot is disabled',
  400106: 'the robot does not exist',
  400013: 'the group was dissolved',
  400105: 'DingTalk does not support this message type',
  40035: 'DingTalk found a parameter missing in the message',
  430101: 'DingTalk refused an unsafe link in the message',
  430102: 'DingTalk refused the text of the message',
  430103: 'DingTalk refused an image in the message',
  430104: 'DingTalk refused the content of the message',
};

const REASONS: Record<number, string> = { 310000: 'sign_keyword_or_ip', 300001: 'bad_token', 300005: 'bad_token', 400101: 'bad_token', 400102: 'robot_disabled', 400106: 'robot_missing', 400013: 'group_dissolved' };

/** Its own words, short and on one line; DingTalk's errmsg names no token, but stays bounded all the same. */
const errmsgOf = (value: unknown): string => (typeof value === 'string' ? oneLine(value).slice(0, 80) : '');

/** Undefined when DingTalk took the message; else the NotifyError saying whether a retry can help. Never shows the URL. */
export function classifyDingTalkAnswer(answer: DingTalkAnswer): NotifyError | undefined {
  if ('failure' in answer) {
    const failure = answer.failure as { name?: string; cause?: { code?: string } };
    if (failure?.name === 'TimeoutError') return new NotifyError('DingTalk did not answer in time', false, 'timeout');
    return new NotifyError(`DingTalk could not be reached (${failure?.cause?.code ?? failure?.name ?? 'network error'})`, false, 'network');
  }
  const { status, body } = answer;
  if (status === 429) {
    const seconds = Number(answer.retryAfter);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DINGTALK_RETRY_AFTER_MS;
    return new NotifyError(`DingTalk is rate limiting us (HTTP 429, retry after ${retryAfterMs / 1000}s)`, false, 'rate_limited', retryAfterMs);
  }
  if (status < 200 || status >= 300) {
    // A 404 is a wrong URL path, a 400 a body we build wrong: no retry helps. 408 and 5xx pass.
    return new NotifyError(`DingTalk answered HTTP ${status}`, status >= 400 && status < 500 && status !== 408, `http_${status}`);
  }
  let parsed: { errcode?: unknown; errmsg?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // A proxy's error page or a cut answer: the next try may well get DingTalk itself.
    return new NotifyError(`DingTalk answered HTTP ${status} with a body that is not JSON`, false, 'not_json');
  }
  const errcode = typeof parsed?.errcode === 'number' ? parsed.errcode : Number(parsed?.errcode);
  if (errcode === 0) return undefined;
  if (!Number.isFinite(errcode)) return new NotifyError(`DingTalk answered HTTP ${status} without an errcode`, false, 'no_errcode');
  const said = errmsgOf(parsed.errmsg);
  const code = said ? `${errcode}: ${said}` : String(errcode);
  if (TOO_FAST.has(errcode)) {
    return new NotifyError(`DingTalk says we send too fast (${code}; 20 messages a minute per robot), retry after ${DINGTALK_RETRY_AFTER_MS / 1000}s`, false, 'too_fast', DINGTALK_RETRY_AFTER_MS);
  }
  const meaning = PERMANENT[errcode];
  if (meaning) return new NotifyError(`DingTalk refused the message: ${meaning} (${code})`, true, REASONS[errcode] ?? `errcode_${errcode}`);
  return new NotifyError(`DingTalk refused the message (${code})`, false, `errcode_${errcode}`);
}

import { oneLine } from '../text';
import { NotifyError } from '../notify-error';

/** Feishu names no pause for "too fast" (100/min and 5/s per bot): one long enough for the per-minute window to move on. */
export const FEISHU_TOO_FAST_PAUSE_MS = 10_000;

/** Codes no retry can fix, each with what a person must change. */
const PERMANENT: Record<number, string> = {
  19001: 'the webhook token is invalid: copy the webhook URL from the bot’s settings again',
  19002: 'Feishu refused the request format',
  19007: 'the bot is disabled or no longer in the group',
  19021: 'the signature was refused: the secret does not match the bot’s, or a secret is set while the bot has signing off, or this machine’s clock is off by over an hour',
  19022: 'this machine’s IP address is not in the bot’s allow list',
  19024: 'the message lacks the bot’s custom keyword (or this IP is not allowed): remove that security setting or use signing',
  9499: 'Feishu refused the request as malformed (too large?)',
};

const TOO_FAST = 11232;

/** What came back from one POST: an answer, or no answer at all. */
export type FeishuAnswer = { status: number; body: string; retryAfter?: string | null } | { error: unknown };

/** The one place a Feishu answer is judged: undefined when delivered, else a NotifyError saying whether a retry can help. */
export function classifyFeishuAnswer(answer: FeishuAnswer): NotifyError | undefined {
  if ('error' in answer) {
    const e = answer.error as { name?: string; cause?: { code?: string } };
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new NotifyError('Feishu did not answer in time', false, 'timeout');
    return new NotifyError(`Feishu could not be reached (${e?.cause?.code ?? 'network error'})`, false, 'network');
  }
  const { status } = answer;
  let parsed: { code?: unknown; StatusCode?: unknown; msg?: unknown; StatusMessage?: unknown } | undefined;
  try {
    const value: unknown = JSON.parse(answer.body);
    if (typeof value === 'object' && value !== null) parsed = value;
  } catch {
    parsed = undefined;
  }
  const code = typeof parsed?.code === 'number' ? parsed.code : typeof parsed?.StatusCode === 'number' ? parsed.StatusCode : undefined;
  const said = oneLine(String(parsed?.msg ?? parsed?.StatusMessage ?? '')).slice(0, 100);
  if (code === 0 && status >= 200 && status < 300) return undefined;
  if (code === TOO_FAST || status === 429) {
    const seconds = Number(answer.retryAfter);
    const pause = answer.retryAfter && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : FEISHU_TOO_FAST_PAUSE_MS;
    return new NotifyError(`Feishu says we send too fast (${code ?? `HTTP ${status}`}; retry after ${pause / 1000}s)`, false, 'too_fast', pause);
  }
  if (code !== undefined) {
    const meaning = PERMANENT[code];
    if (meaning) return new NotifyError(`Feishu refused the message: ${meaning} (${code})`, true, `code_${code}`);
    // An unknown code: a client error cannot pass on retry; anything else may be passing.
    return new NotifyError(`Feishu refused the message (${code}${said ? `: ${said}` : ''})`, status >= 400 && status < 500 && status !== 408, `code_${code}`);
  }
  if (parsed === undefined && status >= 200 && status < 300) return new NotifyError(`Feishu answered HTTP ${status} with a body that is not JSON`, false, 'not_json');
  if (status >= 200 && status < 300) return new NotifyError(`Feishu answered without a code${said ? ` (${said})` : ''}`, false, 'no_code');
  return new NotifyError(`Feishu answered HTTP ${status}`, status >= 400 && status < 500 && status !== 408, `http_${status}`);
}

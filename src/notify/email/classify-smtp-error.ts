import { NotifyError } from '../notify-error';

/**
 * The one decision of what an SMTP failure means, for alerts and digests alike: a 5xx reply, a refused
 * login or envelope is permanent (retrying sends the same mail to the same answer); a 4xx reply, a
 * refused connection or a timeout is transient. An error already classified passes through unchanged.
 */
export function classifySmtpError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') {
    const permanent = e.responseCode >= 500;
    return new NotifyError(`the SMTP server refused the mail (${e.responseCode})`, permanent, `smtp_${e.responseCode}`);
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'EAUTH') return new NotifyError('the SMTP server refused the login (check the user and password in SMTP_URL)', true, 'auth');
  if (code === 'EENVELOPE') return new NotifyError('the SMTP server refused the sender or recipients', true, 'envelope');
  return new NotifyError(`the SMTP server could not be reached (${code ?? 'network error'})`, false, code ?? 'network');
}

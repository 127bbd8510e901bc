import type { CheckLine } from '../channel-kind';
import { NotifyError } from '../notify-error';
import { verifySmtp } from './email-notifier';

/** Connects and logs in to the channel's SMTP server, with hints for the usual port/TLS mix-ups. */
export async function checkSmtp(name: string, smtpUrl: string, recipients: string[]): Promise<CheckLine> {
  const label = name === 'email' ? 'SMTP' : `email channel "${name}" (${recipients.join(', ')})`;
  try {
    await verifySmtp(smtpUrl);
    return { ok: true, text: `✓ ${label}: connected and accepted the login` };
  } catch (error) {
    const reason = error instanceof NotifyError ? error.reason : '';
    const hint = ['auth', 'envelope'].includes(reason) || reason.startsWith('smtp_') ? '' : ' (check host and port; port 587 takes smtp:// with STARTTLS, port 465 takes smtps://)';
    return { ok: false, text: `✗ ${label}: ${error instanceof Error ? error.message : String(error)}${hint}` };
  }
}

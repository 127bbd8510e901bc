import type { EmailConfig } from '../../config/config';
import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import type { Notifier } from '../notifier';
import { describeNotice } from '../notice-text';
import { classifySmtpError } from './classify-smtp-error';
import { buildGroupFacts } from '../group-facts';
import { buildEmailGroupMessage } from './email-group-message';
import { buildEmailMessage, buildEmailNotice } from './email-message';

/** nodemailer is required on first use: a bot without email channels never pays its RSS. */
export function loadNodemailer(): typeof import('nodemailer') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('nodemailer') as typeof import('nodemailer');
}

export { classifySmtpError } from './classify-smtp-error';

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** Where a finished mail goes: an SMTP server in production, `.eml` files in the demo. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createSmtpSender(smtpUrl: string): MailSender {
  const transport = loadNodemailer().createTransport(smtpOptions(smtpUrl));
  return {
    async send(mail) {
      try {
        await transport.sendMail(mail);
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/** SMTP_URL as nodemailer options, with timeouts so a silent server cannot hold a worker. */
export function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    tls: url.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

/** Connects and logs in without sending anything (for `check`). */
export async function verifySmtp(smtpUrl: string): Promise<void> {
  const transport = loadNodemailer().createTransport(smtpOptions(smtpUrl));
  try {
    await transport.verify();
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    transport.close();
  }
}

/** Immediate email alerts: one mail per transition, HTML and plain text. */
export function createEmailNotifier(config: Pick<EmailConfig, 'from' | 'to'>, sender: MailSender, displayTimeZone: string, options: { name?: string; workflowLabel?: (projectId: string) => string; language?: Language } = {}): Notifier {
  return {
    channel: options.name ?? 'email',
    async send(transition: Transition, sendOptions = {}) {
      const message = buildEmailMessage(buildAlertFacts(transition, displayTimeZone, { test: sendOptions.test, workflowLabel: options.workflowLabel, language: options.language }));
      await sender.send({ from: config.from, to: config.to, ...message });
    },
    async sendNotice(notice) {
      await sender.send({ from: config.from, to: config.to, ...buildEmailNotice(describeNotice(notice, displayTimeZone, options.language)) });
    },
    async sendGroup(transitions, context) {
      const facts = buildGroupFacts(transitions, { timeZone: displayTimeZone, workflowLabel: options.workflowLabel, language: options.language, remaining: context.remaining });
      await sender.send({ from: config.from, to: config.to, ...buildEmailGroupMessage(facts) });
    },
    async close() {
      sender.close();
    },
  };
}

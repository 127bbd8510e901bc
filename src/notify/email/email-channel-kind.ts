import type { Config, EmailConfig } from '../../config/config';
import type { ChannelKind } from '../channel-kind';
import { checkSmtp } from './email-check';
import { type EmailChannelOptions, emailChannelOptions } from './email-channel-options';
import { createEmailNotifier, createSmtpSender } from './email-notifier';

/** The file's options over the environment's defaults (SMTP_URL, EMAIL_FROM, DIGEST_*): what the channel runs with. */
export function resolveEmailChannel(options: EmailChannelOptions, config: Config): EmailConfig {
  const env = config.email;
  const defaults = config.digest;
  const digest = options.digest;
  return {
    smtpUrl: options.smtpUrl ?? env?.smtpUrl ?? '',
    from: options.from ?? env?.from ?? '',
    to: options.to,
    mode: options.mode,
    digest: {
      schedule: digest?.cron
        ? { kind: 'cron', expression: digest.cron }
        : digest?.intervalMs
          ? { kind: 'interval', intervalMs: digest.intervalMs }
          : defaults.schedule,
      timeZone: digest?.timeZone ?? defaults.timeZone,
      sendEmpty: defaults.sendEmpty,
      maxPerWorkflow: defaults.maxPerWorkflow,
    },
  };
}

export const emailChannelKind: ChannelKind<EmailChannelOptions> = {
  ...emailChannelOptions,
  displayName: 'email',
  envVariables: ['SMTP_URL', 'EMAIL_FROM', 'EMAIL_TO'],
  fromEnv: (config) => (config.email ? { to: config.email.to, mode: config.email.mode, smtpUrl: config.email.smtpUrl, from: config.email.from } : undefined),
  create: (name, options, context) => {
    const email = resolveEmailChannel(options, context.config);
    return {
      notifier: createEmailNotifier(email, createSmtpSender(email.smtpUrl), context.displayTimeZone, { name, workflowLabel: context.workflowLabel, language: context.language }),
      immediate: email.mode !== 'digest',
      digest: email.mode === 'immediate' ? undefined : email,
    };
  },
  check: (name, options, config) => checkSmtp(name, resolveEmailChannel(options, config).smtpUrl, options.to),
  // No server limit to honour, but an inbox: one mail at once, then one grouped mail (up to 50 alerts) every 5 s at most.
  limits: { floodRate: { ratePerSec: 0.2, burst: 1 } },
};

import type { Config } from '../config/config';
import { createEmailNotifier, createSmtpSender } from './email/email-notifier';
import type { Notifier } from './notifier';
import { createSlackNotifier } from './slack/slack-notifier';

/** The channels the configuration enables: Slack when a token is set, email when SMTP_URL is. */
export function buildNotifiers(config: Config): Notifier[] {
  const notifiers: Notifier[] = [];
  if (config.slack) notifiers.push(createSlackNotifier(config.slack, config.displayTimeZone));
  if (config.email) notifiers.push(createEmailNotifier(config.email, createSmtpSender(config.email.smtpUrl), config.displayTimeZone));
  return notifiers;
}

import { z } from 'zod';
import { cronText, describeValue, duration, mapping, text, timeZone, urlText } from '../../config/file-fields';
import { SMTP_URL_NEEDS, smtpUrlUsable } from '../../config/smtp-url';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface EmailChannelOptions {
  to: string[];
  mode: 'immediate' | 'digest' | 'both';
  /** Else SMTP_URL. */
  smtpUrl?: string;
  /** Else EMAIL_FROM. */
  from?: string;
  /** Else the DIGEST_* settings of the environment. */
  digest?: { intervalMs?: number; cron?: string; timeZone?: string };
}

const NEEDS_RECIPIENT = 'an email channel needs at least one recipient';

// `to: ${FINANCE_TO}` brings a comma-separated text, the way EMAIL_TO is written.
const recipients = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value),
  z
    .array(text().pipe(z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address like a@example.com')), {
      error: (issue) => (issue.input === undefined ? NEEDS_RECIPIENT : `expected a list of addresses, got ${describeValue(issue.input)}`),
    })
    .min(1, NEEDS_RECIPIENT),
);

const digestShape = {
  interval: duration(60_000, '1h or 30m').optional(),
  cron: cronText.optional(),
  timezone: timeZone.optional(),
};

const digest = mapping(digestShape, 'digest option')
  .refine((d) => d.interval === undefined || d.cron === undefined, 'give interval or cron, not both')
  .transform((d) => ({ intervalMs: d.interval, cron: d.cron, timeZone: d.timezone }));

const shape = {
  to: recipients,
  mode: z.enum(['immediate', 'digest', 'both'], 'must be immediate, digest or both').default('immediate'),
  smtp_url: urlText(['smtp:', 'smtps:']).refine(smtpUrlUsable, SMTP_URL_NEEDS).optional(),
  from: text().optional(),
  digest: digest.optional(),
};

export const emailChannelOptions: ChannelType<EmailChannelOptions> = {
  name: 'email',
  optionsSchema: mapping(shape, 'option for an email channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): EmailChannelOptions => ({ to: o.to, mode: o.mode, smtpUrl: o.smtp_url, from: o.from, digest: o.digest }),
  ),
  defaultLanguage: 'en',
  secretsOf: (options) => {
    if (!options.smtpUrl) return [];
    try {
      const password = decodeURIComponent(new URL(options.smtpUrl).password);
      return password ? [password] : [];
    } catch {
      return [];
    }
  },
  problemsWith: (options, env) => [
    ...(options.smtpUrl || env.SMTP_URL ? [] : [{ key: 'smtp_url', message: 'an email channel needs smtp_url: or SMTP_URL in the environment' }]),
    ...(options.from || env.EMAIL_FROM ? [] : [{ key: 'from', message: 'an email channel needs from: or EMAIL_FROM in the environment' }]),
  ],
};

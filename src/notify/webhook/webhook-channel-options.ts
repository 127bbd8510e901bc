import { z } from 'zod';
import { describeValue, duration, mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface WebhookChannelOptions {
  /** http(s) address the JSON is POSTed to; user:password in it becomes a Basic Authorization header. */
  url: string;
  /** Key of the X-RPA-Notify-Signature HMAC; unsigned without it. */
  secret?: string;
  /** Else 10s. */
  timeoutMs?: number;
  /** Static headers sent with every delivery (an auth header, say); their values are secrets. */
  headers?: Record<string, string>;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Headers the bot writes itself: a static header must not forge or drop them. */
const RESERVED_HEADERS = ['content-type', 'content-length', 'host', 'x-rpa-notify-timestamp', 'x-rpa-notify-signature', 'x-rpa-notify-delivery'];

const headers = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name such as Authorization or X-Api-Key'),
  z.string({ error: (issue) => `expected the header's value as text, got ${describeValue(issue.input)}` }).refine((v) => !/[\r\n]/.test(v), 'a header value must be one line'),
  { error: (issue) => `expected a mapping of header names to values, got ${describeValue(issue.input)}` },
).refine((h) => !Object.keys(h).some((name) => RESERVED_HEADERS.includes(name.toLowerCase())), `must not set ${RESERVED_HEADERS.join(', ')}: the bot writes those itself`);

const shape = {
  url: urlText(['http:', 'https:']),
  secret: text().optional(),
  timeout: duration(1000, '10s or 30s').optional(),
  headers: headers.optional(),
};

export const webhookChannelOptions: ChannelType<WebhookChannelOptions> = {
  name: 'webhook',
  optionsSchema: mapping(shape, 'option for a webhook channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): WebhookChannelOptions => ({ url: o.url, secret: o.secret, timeoutMs: o.timeout, headers: o.headers }),
  ),
  defaultLanguage: 'en',
  secretsOf: (options) => [...(options.secret ? [options.secret] : []), ...Object.values(options.headers ?? {}), ...urlSecrets(options.url)],
  // The schema already requires what the channel needs: a webhook takes nothing from the environment's defaults.
  problemsWith: () => [],
};

/** The credentials a URL may carry: user and password, every query value, and so the whole URL when it holds any. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const parts = [safeDecode(parsed.username), safeDecode(parsed.password), ...[...parsed.searchParams.values()]].filter((part) => part !== '');
  return parts.length > 0 ? [url, ...parts] : [];
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

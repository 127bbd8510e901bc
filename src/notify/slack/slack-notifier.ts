import { ErrorCode, LogLevel, type Logger as SlackLogger, WebClient, type WebAPICallError } from '@slack/web-api';
import type { SlackConfig } from '../../config/config';
import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import type { Notifier } from '../notifier';
import { NotifyError } from '../notify-error';
import { describeNotice } from '../notice-text';
import { buildGroupFacts } from '../group-facts';
import { buildSlackGroupMessage } from './slack-group-message';
import { buildSlackMessage, buildSlackNotice } from './slack-message';

/** Slack errors that no retry can fix; each needs a person to change the setup. */
const PERMANENT: Record<string, string> = {
  invalid_auth: 'the Slack token is invalid',
  not_authed: 'no Slack token was sent',
  account_inactive: 'the Slack token belongs to a deactivated app or user',
  token_revoked: 'the Slack token was revoked',
  missing_scope: 'the Slack app lacks a scope it needs (chat:write to post)',
  channel_not_found: 'the Slack channel was not found (check SLACK_CHANNEL)',
  not_in_channel: 'the bot is not in the Slack channel (invite it with /invite)',
  is_archived: 'the Slack channel is archived',
  invalid_blocks: 'Slack refused the message blocks',
  invalid_blocks_format: 'Slack refused the message blocks',
  msg_too_long: 'the message is too long for Slack',
  restricted_action: 'the workspace does not let the bot post there',
};

export function createSlackNotifier(config: SlackConfig, displayTimeZone: string, options: { timeoutMs?: number; name?: string; workflowLabel?: (projectId: string) => string; language?: Language } = {}): Notifier {
  const client = createSlackClient(config, options.timeoutMs);
  return {
    channel: options.name ?? 'slack',
    async send(transition: Transition, sendOptions = {}) {
      const facts = buildAlertFacts(transition, displayTimeZone, { test: sendOptions.test, workflowLabel: options.workflowLabel, language: options.language });
      const message = buildSlackMessage(facts, { failureMention: config.failureMention });
      try {
        await client.chat.postMessage({ channel: config.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        throw classifySlackError(error);
      }
    },
    async sendNotice(notice) {
      const text = describeNotice(notice, displayTimeZone, options.language);
      const message = buildSlackNotice(text, { mention: notice.kind === 'unreachable' ? config.failureMention : undefined });
      try {
        await client.chat.postMessage({ channel: config.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        throw classifySlackError(error);
      }
    },
    async sendGroup(transitions, context) {
      const facts = buildGroupFacts(transitions, { timeZone: displayTimeZone, workflowLabel: options.workflowLabel, language: options.language, remaining: context.remaining });
      const message = buildSlackGroupMessage(facts, { failureMention: config.failureMention });
      try {
        await client.chat.postMessage({ channel: config.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        throw classifySlackError(error);
      }
    },
  };
}

export function createSlackClient(config: Pick<SlackConfig, 'token' | 'apiUrl'>, timeoutMs = 15_000): WebClient {
  return new WebClient(config.token, {
    slackApiUrl: config.apiUrl ? `${config.apiUrl.replace(/\/+$/, '')}/` : undefined,
    // The client's own retries can post twice; the queue retries around a "sent" record instead.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    allowAbsoluteUrls: false,
    logger: silentSlackLogger,
  });
}

/** The client's own console lines would bypass our logs (and their scrubbing); failures are reported by the worker. */
const silentSlackLogger: SlackLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

export function classifySlackError(error: unknown): NotifyError {
  const e = error as WebAPICallError;
  switch (e?.code) {
    case ErrorCode.PlatformError: {
      const code = String(e.data.error);
      const meaning = PERMANENT[code];
      return meaning
        ? new NotifyError(`Slack refused the message: ${meaning} (${code})`, true, code)
        : new NotifyError(`Slack refused the message (${code.slice(0, 60)})`, false, code);
    }
    case ErrorCode.RateLimitedError:
      return new NotifyError(`Slack is rate limiting us (retry after ${e.retryAfter}s)`, false, 'rate_limited', e.retryAfter * 1000);
    case ErrorCode.HTTPError:
      return new NotifyError(`Slack answered HTTP ${e.statusCode}`, e.statusCode >= 400 && e.statusCode < 500 && e.statusCode !== 408, `http_${e.statusCode}`);
    case ErrorCode.RequestError:
      return new NotifyError(`Slack could not be reached (${(e.original as { code?: string })?.code ?? e.original?.message?.slice(0, 80) ?? 'network error'})`, false, 'network');
    default:
      return new NotifyError(`Slack send failed (${error instanceof Error ? error.message.slice(0, 120) : 'unknown error'})`, false, 'unknown');
  }
}

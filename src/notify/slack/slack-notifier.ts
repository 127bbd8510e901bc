import { ErrorCode, LogLevel, type Logger as SlackLogger, WebClient, type WebAPICallError } from '@slack/web-api';
import type { SlackConfig } from '../../config/config';
import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import { buildAlertFacts } from '../alert-facts';
import type { Notifier } from '../notifier';
import type { StreakThreadOps } from '../streak-thread-ops';
import { NotifyError } from '../notify-error';
import { describeNotice } from '../notice-text';
import { buildSlackMessage, buildSlackNotice, type SlackMessage } from './slack-message';
import { buildSlackRecoveryReply, buildSlackRoot } from './slack-thread-message';
import { buildGroupFacts } from '../group-facts';
import { withGroupButtons } from './slack-group-buttons';
import { buildSlackGroupMessage } from './slack-group-message';

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

export function createSlackNotifier(config: SlackConfig, displayTimeZone: string, options: { timeoutMs?: number; name?: string; workflowLabel?: (projectId: string) => string; language?: Language; actions?: { account: string } } = {}): Notifier {
  const client = createSlackClient(config, options.timeoutMs);
  const factsOf = (transition: Transition, test?: boolean) => buildAlertFacts(transition, displayTimeZone, { test, workflowLabel: options.workflowLabel, language: options.language });
  // Every alert message, top-level, in a thread or a root rewritten, is built here.
  // Buttons name the run's account, so a click acts through that account's API key.
  const alertOf = (facts: ReturnType<typeof factsOf>, transition: Transition) =>
    buildSlackMessage(facts, { failureMention: config.failureMention, actions: options.actions ? { account: transition.account ?? 'default' } : undefined });
  const post = async (message: SlackMessage, thread?: { ts: string; broadcast: boolean }) => {
    try {
      const base = { channel: config.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
      const answer = await client.chat.postMessage(thread ? { ...base, thread_ts: thread.ts, reply_broadcast: thread.broadcast } : base);
      return { ref: answer.ts };
    } catch (error) {
      throw classifySlackError(error);
    }
  };
  const threads: StreakThreadOps = {
    async reply(transition, rootRef, { broadcast }) {
      const facts = factsOf(transition);
      const { streak } = transition;
      // The recovery says so first; later failures are the plain alert, in the thread.
      const message =
        streak?.kind === 'recovered' && streak.failures !== undefined && streak.durationMs !== undefined
          ? buildSlackRecoveryReply(facts, alertOf(facts, transition), streak.failures, streak.durationMs)
          : alertOf(facts, transition);
      return post(message, { ts: rootRef, broadcast });
    },
    async editRoot(rootRef, rootTransition, view) {
      const facts = factsOf(rootTransition);
      const message = buildSlackRoot(facts, alertOf(facts, rootTransition), view, displayTimeZone);
      try {
        await client.chat.update({ channel: config.channel, ts: rootRef, text: message.text, blocks: message.blocks });
      } catch (error) {
        throw classifySlackError(error);
      }
    },
  };
  return {
    channel: options.name ?? 'slack',
    async send(transition: Transition, sendOptions = {}) {
      return post(alertOf(factsOf(transition, sendOptions.test), transition));
    },
    ...(config.threads ? { threads } : {}),
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
      const grouped = buildSlackGroupMessage(facts, { failureMention: config.failureMention });
      const message = options.actions ? withGroupButtons(grouped, transitions, { language: options.language ?? 'en', workflowLabel: options.workflowLabel ?? ((id) => id) }) : grouped;
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

import type { Config, EmailConfig, SlackConfig } from '../config/config';
import { createIflyrpaClient } from '../iflyrpa/iflyrpa-client';
import { verifySmtp } from '../notify/email/email-notifier';
import { NotifyError } from '../notify/notify-error';
import { classifySlackError, createSlackClient } from '../notify/slack/slack-notifier';
import { createRedis } from '../queues/queue-connection';
import { evictionWarning, readEvictionPolicy } from '../state/eviction-policy';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';

interface CheckLine {
  ok: boolean;
  text: string;
}

/** `check`: reach each configured part once and say, one line each, whether it works and what to fix. */
export async function checkCommand(config: Config, write: (line: string) => void): Promise<number> {
  const lines: CheckLine[] = [await checkRedis(config), await checkApi(config)];
  if (config.slack) lines.push(await checkSlack(config.slack));
  else lines.push({ ok: true, text: '- Slack: not configured (SLACK_BOT_TOKEN, SLACK_CHANNEL)' });
  if (config.email) lines.push(await checkSmtp(config.email));
  else lines.push({ ok: true, text: '- email: not configured (SMTP_URL, EMAIL_FROM, EMAIL_TO)' });
  for (const line of lines) write(line.text);
  return lines.every((l) => l.ok) ? EXIT_OK : EXIT_RUNTIME_FAILURE;
}

/** The bot uses GETDEL, new in 6.2; an unreadable version is given the benefit of the doubt. */
export function redisVersionProblem(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 6 || (major === 6 && minor < 2) ? `rpa-notify needs Redis 6.2 or newer (this is ${version})` : undefined;
}

async function checkRedis(config: Config): Promise<CheckLine> {
  const redis = createRedis(config.redisUrl, { forQueues: false, connectTimeoutMs: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
    const tooOld = redisVersionProblem(version);
    if (tooOld) return { ok: false, text: `✗ Redis: ${tooOld}` };
    const policy = await readEvictionPolicy(redis);
    const warning = evictionWarning(policy);
    return { ok: true, text: `✓ Redis ${version}, maxmemory-policy ${policy ?? 'unknown'}${warning ? ` (warning: ${warning})` : ''}` };
  } catch (error) {
    return { ok: false, text: `✗ Redis: ${error instanceof Error ? error.message : String(error)} (is it running at REDIS_URL?)` };
  } finally {
    redis.disconnect();
  }
}

async function checkApi(config: Config): Promise<CheckLine> {
  const client = createIflyrpaClient(config.api);
  try {
    const page = await client.listExecutions(1, 1);
    return { ok: true, text: `✓ iFlyRPA: key accepted, ${page.total} executions` };
  } catch (error) {
    return { ok: false, text: `✗ iFlyRPA: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function checkSlack(slack: SlackConfig): Promise<CheckLine> {
  const client = createSlackClient(slack, 10_000);
  let who: string;
  try {
    const auth = await client.auth.test();
    who = `bot ${auth.user ?? '?'} in ${auth.team ?? '?'}`;
    // Slack lists the token's scopes in a response header; without chat:write every alert would fail.
    const scopes = auth.response_metadata?.scopes;
    if (scopes && !scopes.includes('chat:write')) {
      return { ok: false, text: `✗ Slack: the token (${who}) lacks the chat:write scope: add it under OAuth & Permissions, reinstall the app, use the new token` };
    }
  } catch (error) {
    return { ok: false, text: `✗ Slack: ${classifySlackError(error).message}` };
  }
  // Membership can only be read by channel id, and needs channels:read (groups:read for private channels).
  if (!/^[CG][A-Z0-9]{6,}$/.test(slack.channel)) {
    return { ok: true, text: `✓ Slack: token accepted (${who}); channel ${slack.channel} given by name, so membership is not checked (use its id, e.g. C0123ABCD)` };
  }
  try {
    const info = await client.conversations.info({ channel: slack.channel });
    if (info.channel?.is_archived) return { ok: false, text: `✗ Slack: channel ${slack.channel} is archived` };
    if (info.channel?.is_member === false) return { ok: false, text: `✗ Slack: the bot is not in channel ${slack.channel}: invite it there with /invite @<bot name>` };
    return { ok: true, text: `✓ Slack: token accepted (${who}), and the bot is in channel ${slack.channel}` };
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.reason === 'missing_scope') {
      return { ok: true, text: `✓ Slack: token accepted (${who}); add the channels:read scope to let check confirm the bot is in ${slack.channel}` };
    }
    return { ok: false, text: `✗ Slack: ${failure.message}` };
  }
}

async function checkSmtp(email: EmailConfig): Promise<CheckLine> {
  try {
    await verifySmtp(email.smtpUrl);
    return { ok: true, text: '✓ SMTP: connected and accepted the login' };
  } catch (error) {
    const reason = error instanceof NotifyError ? error.reason : '';
    const hint = ['auth', 'envelope'].includes(reason) || reason.startsWith('smtp_') ? '' : ' (check host and port; port 587 takes smtp:// with STARTTLS, port 465 takes smtps://)';
    return { ok: false, text: `✗ SMTP: ${error instanceof Error ? error.message : String(error)}${hint}` };
  }
}

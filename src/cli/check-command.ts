import type { Config, EmailConfig, SlackConfig } from '../config/config';
import { createIflyrpaClient } from '../iflyrpa/iflyrpa-client';
import { verifySmtp } from '../notify/email/email-notifier';
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

async function checkRedis(config: Config): Promise<CheckLine> {
  const redis = createRedis(config.redisUrl, { forQueues: false, connectTimeoutMs: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '?';
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
  try {
    const auth = await createSlackClient(slack, 10_000).auth.test();
    return { ok: true, text: `✓ Slack: token accepted (bot ${auth.user ?? '?'} in ${auth.team ?? '?'}); posting to ${slack.channel}` };
  } catch (error) {
    return { ok: false, text: `✗ Slack: ${classifySlackError(error).message}` };
  }
}

async function checkSmtp(email: EmailConfig): Promise<CheckLine> {
  try {
    await verifySmtp(email.smtpUrl);
    return { ok: true, text: '✓ SMTP: connected and accepted the login' };
  } catch (error) {
    const hint = ' (port 587 uses smtp:// with STARTTLS, port 465 uses smtps://)';
    return { ok: false, text: `✗ SMTP: ${error instanceof Error ? error.message : String(error)}${hint}` };
  }
}

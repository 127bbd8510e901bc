import { Bot } from '../bot';
import type { Config } from '../config/config';
import { formatDuration } from '../config/duration';
import { startHttpServer } from '../http/http-server';
import type { Logger } from '../logging/logger';
import { buildNotifiers } from '../notify/build-notifiers';
import { createSmtpSender } from '../notify/email/email-notifier';
import type { Notifier } from '../notify/notifier';
import { EXIT_OK } from './exit-codes';

const redactUrl = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

/** What the start-up line says about the configuration: everything useful, no secret. */
export function describeConfig(config: Config, notifiers: Notifier[]): Record<string, unknown> {
  return {
    api: config.api.baseUrl,
    pollInterval: formatDuration(config.pollIntervalMs),
    pageSize: config.api.pageSize,
    maxPagesPerPoll: config.maxPagesPerPoll,
    keyPrefix: config.keyPrefix,
    channels: notifiers.map((n) => n.channel),
    notifyStatuses: config.notifyStatuses,
    emailMode: config.email?.mode,
    digest: config.email && config.email.mode !== 'immediate' ? (config.email.digest.schedule.kind === 'cron' ? `cron ${config.email.digest.schedule.expression}` : `every ${formatDuration(config.email.digest.schedule.intervalMs)}`) + ` (${config.email.digest.timeZone})` : undefined,
  };
}

/** `run`: poll, process and notify until SIGTERM/SIGINT, then finish what is in hand and exit 0. */
export async function runCommand(config: Config, logger: Logger, notifiers: Notifier[] = buildNotifiers(config)): Promise<Bot | null> {
  if (notifiers.length === 0) logger.warn('no channel is configured (set SLACK_BOT_TOKEN/SLACK_CHANNEL or SMTP_URL/EMAIL_FROM/EMAIL_TO): transitions are recorded and logged only');
  const digestSender = config.email && config.email.mode !== 'immediate' ? createSmtpSender(config.email.smtpUrl) : undefined;
  const bot = new Bot({ config, logger, notifiers, digestSender });
  if (!(await bot.readiness(0)).redis) {
    logger.error(`Redis is not reachable at ${redactUrl(config.redisUrl)}: start it or fix REDIS_URL`);
    await bot.close(500);
    return null;
  }
  await bot.warnAboutEviction();
  bot.startWorkers();
  bot.startPolling();
  bot.startDigests();
  const server = config.http.port > 0 ? await startHttpServer(bot, { host: config.http.host, port: config.http.port, pollIntervalMs: config.pollIntervalMs, admin: config.http.admin }) : undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing the jobs in hand, then exiting`);
    void bot
      .close()
      .then(() => server?.close())
      .then(() => process.exit(EXIT_OK));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // Only now: a supervisor that signals as soon as it reads this line must find the handlers in place.
  logger.info({ ...describeConfig(config, notifiers), http: server?.url }, 'rpa-notify is running');
  return bot;
}

import { Bot } from '../bot';
import type { Config } from '../config/config';
import { formatDuration } from '../config/duration';
import { startHttpServer } from '../http/http-server';
import { howToConfigureAChannel } from '../notify/channel-registry';
import type { Logger } from '../logging/logger';
import type { Setup } from '../config/load-setup';
import type { Channel } from '../notify/build-channels';
import { createSmtpSender } from '../notify/email/email-notifier';
import { describeFile, reloadConfigFile } from './config-reloader';
import { describeRedisTarget, redisTargetOf } from '../queues/queue-connection';
import { probeCluster } from '../state/probe-cluster';
import { EXIT_OK } from './exit-codes';
import { wireSetup } from './read-setup';

/** What the start-up line says about the configuration: everything useful, no secret. */
export function describeConfig(config: Config, channels: Channel[]): Record<string, unknown> {
  return {
    api: config.api.baseUrl,
    pollInterval: formatDuration(config.pollIntervalMs),
    pageSize: config.api.pageSize,
    maxPagesPerPoll: config.maxPagesPerPoll,
    keyPrefix: config.keyPrefix,
    channels: channels.map((c) => c.name),
    notifyStatuses: config.notifyStatuses,
    emailMode: config.email?.mode,
    digest: config.email && config.email.mode !== 'immediate' ? (config.email.digest.schedule.kind === 'cron' ? `cron ${config.email.digest.schedule.expression}` : `every ${formatDuration(config.email.digest.schedule.intervalMs)}`) + ` (${config.email.digest.timeZone})` : undefined,
  };
}

/** `run`: poll, process and notify until SIGTERM/SIGINT, then finish what is in hand and exit 0. SIGHUP reloads the config file. */
export async function runCommand(setup: Setup, logger: Logger): Promise<Bot | null> {
  const { config } = setup;
  const { routing, channels } = wireSetup(setup);
  if (channels.length === 0) logger.warn(`no channel is configured (set ${howToConfigureAChannel()}): transitions are recorded and logged only`);
  if (config.redisCluster) {
    const probe = await probeCluster(config.redisCluster, config.keyPrefix);
    if (!probe.ok) {
      logger.error(probe.problem);
      return null;
    }
    logger.info({ nodes: probe.nodes.filter((n) => n.master).map((n) => n.address), state: probe.state, slot: probe.slot, owner: probe.owner }, `Redis Cluster ${probe.version}, cluster_state ${probe.state}: keys ${config.keyPrefix}:* in slot ${probe.slot} on ${probe.owner ?? '?'}`);
  }
  const bot = new Bot({ config, logger, channels, routing, accounts: setup.file?.content.accounts, digestSenderFor: (email) => createSmtpSender(email.smtpUrl) });
  if (!(await bot.readiness(0)).redis) {
    logger.error(`Redis is not reachable at ${describeRedisTarget(redisTargetOf(config))}: start it or fix ${config.redisCluster ? 'REDIS_CLUSTER_NODES' : 'REDIS_URL'}`);
    await bot.close(500);
    return null;
  }
  await bot.warnAboutEviction();
  for (const warning of setup.warnings) logger.warn(warning);
  bot.startWorkers();
  bot.startPolling();
  bot.startDigests();
  const server = config.http.port > 0 ? await startHttpServer(bot, { host: config.http.host, port: config.http.port, pollIntervalMs: config.pollIntervalMs, admin: config.http.admin, slackActions: bot.actions?.endpoint }) : undefined;
  if (bot.actions && !server) logger.warn('SLACK_SIGNING_SECRET is set but HTTP_PORT is 0: Slack cannot deliver button clicks to /slack/actions');
  const reload = () => reloadConfigFile(setup.file?.path, { bot, config, logger, secrets: setup.secrets });
  process.on('SIGHUP', reload);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.off('SIGHUP', reload);
    logger.info(`${signal} received: finishing the jobs in hand, then exiting`);
    void bot
      .close()
      .then(() => server?.close())
      .then(() => process.exit(EXIT_OK));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // Only now: a supervisor may signal as soon as it reads this line, and must find the handlers in place.
  if (setup.file) logger.info(`config file in force: ${setup.file.path}`);
  else logger.info('no config file (RPA_NOTIFY_CONFIG, or ./rpa-notify.yml): the environment alone configures the channels');
  logger.info({ ...describeConfig(config, channels), ...(setup.file ? describeFile(setup.file.path, setup.file.content) : { configFile: null }), http: server?.url }, 'rpa-notify is running');
  return bot;
}

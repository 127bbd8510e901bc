import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Bot } from '../bot';
import { type Config, loadConfig } from '../config/config';
import { IflyrpaSimulator } from '../iflyrpa/simulator';
import type { Logger } from '../logging/logger';
import { createConsoleNotifier } from '../notify/console-notifier';
import { createEmailNotifier } from '../notify/email/email-notifier';
import { createEmlFileSender } from '../notify/email/eml-file-sender';
import { buildChannels, type Channel } from '../notify/build-channels';
import { createRedis } from '../queues/queue-connection';
import { deleteKeysWithPrefix } from '../state/delete-keys';
import { seedHistory, seedRunning, stepDemoFeed } from './demo-feed';
import { canConnect, startPrivateRedis, type PrivateRedis } from './private-redis';

export interface DemoOptions {
  /** Stop by itself after this long (ms); runs until Ctrl-C when absent. */
  forMs?: number;
  outboxDir?: string;
}

const DEMO_KEY = 'demo-key';

/** The whole bot against the built-in simulator: alerts within a minute, no account needed. */
export async function demoCommand(env: NodeJS.ProcessEnv, logger: Logger, options: DemoOptions = {}): Promise<number> {
  const redis = await resolveRedis(env, logger);
  if (!redis) return 1;
  const simulator = new IflyrpaSimulator({ apiKey: DEMO_KEY });
  const baseUrl = await simulator.start();
  const keyPrefix = `rpa-notify-demo-${randomBytes(4).toString('hex')}`;
  // The demo runs on one Redis of its own choosing (see resolveRedis), even where the bot runs on a cluster.
  const loaded = loadConfig({ POLL_INTERVAL: '3s', ...env, IFLYRPA_API_KEY: DEMO_KEY, IFLYRPA_BASE_URL: baseUrl, REDIS_URL: redis.url, REDIS_CLUSTER_NODES: '', KEY_PREFIX: keyPrefix, PAGE_SIZE: '10', HTTP_PORT: '0' });
  if (!loaded.ok) {
    for (const problem of loaded.problems) logger.error(problem);
    await simulator.stop();
    redis.stop?.();
    return 2;
  }
  const config = loaded.config;
  const channels = demoChannels(config, options.outboxDir ?? path.resolve('outbox'));
  seedHistory(simulator, 25, Date.now());
  seedRunning(simulator, 2, Date.now());
  const bot = new Bot({ config, logger, channels });
  bot.startWorkers();
  bot.startPolling();
  logger.info(
    { simulator: baseUrl, redis: redis.url.replace(/\/\/[^@]*@/, '//'), keyPrefix, channels: channels.map((c) => c.name) },
    `demo: simulator with 25 past runs; new runs start every 4s and alerts follow. ${config.slack ? 'Slack: configured channel' : 'Slack: printed here'}; ${config.email ? 'email: configured SMTP' : `email: .eml files in ${options.outboxDir ?? './outbox'}`}. Ctrl-C to stop.`,
  );
  const feed = setInterval(() => stepDemoFeed(simulator, Date.now()), 4_000);

  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (options.forMs !== undefined) setTimeout(done, options.forMs).unref();
  });
  logger.info('demo: stopping');
  clearInterval(feed);
  await bot.close();
  await simulator.stop();
  await cleanUp(redis.url, keyPrefix);
  redis.stop?.();
  return 0;
}

/** What is configured, plus stand-ins for what is not: Slack on the console, email as .eml files. */
function demoChannels(config: Config, outboxDir: string): Channel[] {
  const channels = buildChannels(config, [], { displayTimeZone: config.displayTimeZone, workflowLabel: (id) => id });
  const language = config.alertLanguage ?? 'en';
  const standIn = (type: string, notifier: Channel['notifier']): Channel => ({ name: type, type, statuses: config.notifyStatuses, language, immediate: true, notifier });
  if (!config.slack) channels.push(standIn('slack', createConsoleNotifier(config.displayTimeZone, undefined, language)));
  if (!config.email) channels.push(standIn('email', createEmailNotifier({ from: 'rpa-notify demo <rpa-notify@localhost>', to: ['on-call@localhost'] }, createEmlFileSender(outboxDir), config.displayTimeZone, { language })));
  return channels;
}

async function resolveRedis(env: NodeJS.ProcessEnv, logger: Logger): Promise<{ url: string; stop?: () => void } | null> {
  if (env.REDIS_URL) return { url: env.REDIS_URL };
  if (await canConnect('127.0.0.1', 6379)) return { url: 'redis://127.0.0.1:6379' };
  const started: PrivateRedis | null = await startPrivateRedis();
  if (started) {
    logger.info(`demo: no Redis on 127.0.0.1:6379, started a private redis-server at ${started.url}`);
    return started;
  }
  logger.error('demo needs Redis: install it (apt-get install redis-server, or brew install redis) or set REDIS_URL');
  return null;
}

/** The demo's keys are its own (random prefix): remove them so a shared Redis stays clean. */
async function cleanUp(url: string, prefix: string): Promise<void> {
  const redis = createRedis(url, { forQueues: false });
  await deleteKeysWithPrefix(redis, prefix);
  redis.disconnect();
}

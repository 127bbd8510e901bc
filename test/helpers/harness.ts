import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bot } from '../../src/bot';
import { channelsFor } from '../../src/cli/read-setup';
import type { ConfigFile } from '../../src/config/config-file-schema';
import { readConfigFile } from '../../src/config/load-setup';
import { LiveRouting, routingOf } from '../../src/routing/live-routing';
import { loadConfig, type Config } from '../../src/config/config';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { buildChannels } from '../../src/notify/build-channels';
import { createSmtpSender } from '../../src/notify/email/email-notifier';
import { captureLogger, type CapturedLogger } from './capture-logger';
import { deleteKeys, randomPrefix, REDIS_URL } from './redis';
import { FakeSlackServer } from './slack-server';
import { SmtpSink } from './smtp-sink';

export const API_KEY = 'sk-harness-5b1e2c3d4e';
export const SLACK_TOKEN = 'xoxb-harness-1234-secret';
export const SMTP_PASSWORD = 'smtp-harness-pw-77';

/** The whole system on this machine: simulator, Slack stand-in, SMTP server, real Redis, real bots. */
export class Harness {
  readonly simulator = new IflyrpaSimulator({ apiKey: API_KEY });
  readonly slack = new FakeSlackServer();
  readonly smtp = new SmtpSink();
  readonly prefix = randomPrefix();
  readonly logs: CapturedLogger[] = [];
  readonly bots: Bot[] = [];
  config!: Config;
  /** The environment the bots were configured with (what `${VAR}` in a config file reads). */
  env: Record<string, string> = {};
  /** The config file of the bots added from now on, as `run` would read it. */
  file: ConfigFile | undefined;

  async start(env: Record<string, string> = {}): Promise<this> {
    const baseUrl = await this.simulator.start();
    const slackUrl = await this.slack.start();
    const smtpPort = await this.smtp.start();
    this.env = {
      IFLYRPA_API_KEY: API_KEY,
      IFLYRPA_BASE_URL: baseUrl,
      REDIS_URL,
      KEY_PREFIX: this.prefix,
      PAGE_SIZE: '5',
      POLL_INTERVAL: '1s',
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_CHANNEL: 'C0RPA',
      SLACK_API_URL: slackUrl,
      SLACK_FAILURE_MENTION: '<!here>',
      SMTP_URL: `smtp://bot:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}?tls=off`,
      EMAIL_FROM: 'rpa-notify <bot@example.com>',
      EMAIL_TO: 'oncall@example.com',
      HTTP_PORT: '0',
      // The samples start runs months ago: a test about stuck runs turns this on itself.
      STUCK_AFTER: 'off',
      // Most tests count one message per alert, sent as fast as they come; flood control's own tests turn it on.
      FLOOD_CONTROL: 'off',
      ...env,
    };
    const result = loadConfig(this.env);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    this.config = result.config;
    return this;
  }

  /** Writes `yaml` as the config file and reads it as `run` does (throws on a problem); bots added afterwards use it. */
  useConfigFile(yaml: string): string {
    this.configPath = this.writeConfigFile(yaml);
    const read = readConfigFile(this.configPath, this.env);
    if (!read.ok) throw new Error(read.problems.join('\n'));
    this.file = read.content;
    return this.configPath;
  }

  /** Writes a config file (valid or not) into this harness's own folder. */
  writeConfigFile(yaml: string, name = 'rpa-notify.yml'): string {
    this.dir ??= mkdtempSync(path.join(os.tmpdir(), 'rpa-notify-test-'));
    const file = path.join(this.dir, name);
    writeFileSync(file, yaml);
    return file;
  }

  configPath: string | undefined;
  private dir: string | undefined;

  /** A new bot process (workers started), sharing Redis with the others. */
  addBot(options: { now?: () => number } = {}): Bot {
    const log = captureLogger([API_KEY, SLACK_TOKEN, SMTP_PASSWORD]);
    this.logs.push(log);
    const routing = new LiveRouting(routingOf(this.file));
    const channels = channelsFor({ config: this.config, file: this.file && this.configPath ? { path: this.configPath, content: this.file } : undefined }, routing);
    const bot = new Bot({ config: this.config, logger: log.logger, channels, routing, accounts: this.file?.accounts, now: options.now, digestSenderFor: (email) => createSmtpSender(email.smtpUrl) });
    bot.startWorkers();
    this.bots.push(bot);
    return bot;
  }

  /** The environment's channels, built as `run` builds them. */
  channels() {
    return buildChannels(this.config, [], { displayTimeZone: this.config.displayTimeZone, workflowLabel: (id) => id });
  }

  allLogLines(): string[] {
    return this.logs.flatMap((l) => l.lines);
  }

  async stop(): Promise<void> {
    await Promise.all(this.bots.map((bot) => bot.close(2000)));
    await Promise.all([this.simulator.stop(), this.slack.stop(), this.smtp.stop()]);
    await deleteKeys(this.prefix);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import dotenv from 'dotenv';
import { Bot } from './bot';
import { readConfigOrExit } from './cli/read-config';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './cli/exit-codes';
import { runCommand } from './cli/run-command';
import { checkCommand } from './cli/check-command';
import { testNotifyCommand } from './cli/test-notify-command';
import { parseDuration } from './config/duration';
import { demoCommand } from './demo/demo-command';
import { writeDigestPreview } from './digest/digest-preview';
import { createLogger } from './logging/logger';
import { secretsOf } from './logging/scrub-secrets';
import { buildNotifiers } from './notify/build-notifiers';
import { createSmtpSender } from './notify/email/email-notifier';
import { readFileSync } from 'node:fs';
import path from 'node:path';

dotenv.config({ quiet: true });

const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

const loggerFor = (level: string, secrets: string[]) => createLogger({ level, secrets, pretty: Boolean(process.stdout.isTTY) });

const program = new Command()
  .name('rpa-notify')
  .description('Slack and email alerts when iFlyRPA workflow executions fail or complete.')
  .version(version)
  .addHelpText('after', '\nExit codes: 0 ok, 1 runtime failure, 2 configuration error.\nConfiguration: environment variables or a .env file (see .env.example).');

program
  .command('run', { isDefault: false })
  .description('poll, process and notify until SIGTERM/SIGINT')
  .action(async () => {
    const config = readConfigOrExit();
    if (!(await runCommand(config, loggerFor(config.logLevel, secretsOf(config))))) process.exit(EXIT_RUNTIME_FAILURE);
  });

program
  .command('poll-once')
  .description('one poll cycle: wait until its pages and notifications are handled, print a summary, exit')
  .action(async () => {
    const config = readConfigOrExit();
    const logger = loggerFor(config.logLevel, secretsOf(config));
    // EMAIL_MODE as in `run`: what it detects goes into the digest, and a digest whose period closed is sent.
    const digestSender = config.email && config.email.mode !== 'immediate' ? createSmtpSender(config.email.smtpUrl) : undefined;
    const bot = new Bot({ config, logger, notifiers: buildNotifiers(config), digestSender });
    bot.startWorkers();
    try {
      const s = await bot.pollAndSettle();
      const digests = await bot.sendDueDigests();
      process.stdout.write(
        `poll-once: ${s.pagesFetched} pages, ${s.lookups} lookups, ${s.records} records, ${s.transitions} transitions, ${s.notificationsSent} notifications sent, ${s.notificationsFailed} failed${digestSender ? `, digests sent: ${digests.sent}` : ''}\n`,
      );
      if (digests.failed) process.stderr.write('poll-once: a due digest was not sent (see the log); the next poll-once or run tries again\n');
      await bot.close();
      process.exit(s.notificationsFailed > 0 || digests.failed ? EXIT_RUNTIME_FAILURE : EXIT_OK);
    } catch (error) {
      process.stderr.write(`poll-once failed: ${error instanceof Error ? error.message : String(error)}\n`);
      await bot.close(1000);
      process.exit(EXIT_RUNTIME_FAILURE);
    }
  });

program
  .command('check')
  .description('reach Redis, the API, Slack and SMTP; one line each; exit 1 if a configured part fails')
  .action(async () => {
    const config = readConfigOrExit();
    process.exit(await checkCommand(config, (line) => process.stdout.write(`${line}\n`)));
  });

program
  .command('test-notify')
  .description('send one sample FAILED and one sample COMPLETED alert, marked as a test, through every configured channel')
  .action(async () => {
    const config = readConfigOrExit();
    process.exit(await testNotifyCommand(config, (line) => process.stdout.write(`${line}\n`)));
  });

program
  .command('digest-preview')
  .description('render a digest of sample data to an HTML file, to look at in a browser')
  .option('--out <file>', 'where to write it', 'digest-preview.html')
  .option('--timezone <zone>', 'the digest zone', 'Asia/Shanghai')
  .action(async (options: { out: string; timezone: string }) => {
    const file = await writeDigestPreview(options.out, options.timezone, Date.now());
    process.stdout.write(`digest preview written to ${file}\n`);
  });

program
  .command('demo')
  .description('run the whole bot against a built-in iFlyRPA simulator (no account needed)')
  .option('--for <duration>', 'stop by itself after this long (e.g. 60s)', (value) => {
    const ms = parseDuration(value);
    if (ms === undefined) throw new InvalidArgumentError('expected a duration like 60s or 5m');
    return ms;
  })
  .option('--outbox <dir>', 'where emails go as .eml files when SMTP_URL is not set', 'outbox')
  .action(async (options: { for?: number; outbox: string }) => {
    const logger = loggerFor(process.env.LOG_LEVEL ?? 'info', []);
    process.exit(await demoCommand(process.env, logger, { forMs: options.for, outboxDir: options.outbox }));
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`rpa-notify: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_RUNTIME_FAILURE);
});

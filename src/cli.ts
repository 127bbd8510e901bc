#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import dotenv from 'dotenv';
import { pollOnceCommand } from './cli/poll-once-command';
import { readSetupOrExit, wireSetup } from './cli/read-setup';
import { routesCommand } from './cli/routes-command';
import { muteCommand, mutesCommand, unmuteCommand, type MuteIo } from './cli/mute-commands';
import { EXIT_RUNTIME_FAILURE } from './cli/exit-codes';
import { runCommand } from './cli/run-command';
import { checkCommand } from './cli/check-command';
import { maintenanceCheckLines } from './cli/maintenance-lines';
import { testNotifyCommand } from './cli/test-notify-command';
import { parseDuration } from './config/duration';
import { demoCommand } from './demo/demo-command';
import { writeDigestPreview } from './digest/digest-preview';
import { createLogger } from './logging/logger';
import { readFileSync } from 'node:fs';
import path from 'node:path';

dotenv.config({ quiet: true });

const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

const loggerFor = (level: string, secrets: string[]) => createLogger({ level, secrets, pretty: Boolean(process.stdout.isTTY) });

const program = new Command()
  .name('rpa-notify')
  .description('Slack and email alerts when iFlyRPA workflow executions fail or complete.')
  .version(version)
  .addHelpText('after', '\nExit codes: 0 ok, 1 runtime failure, 2 configuration error.\nConfiguration: environment variables or a .env file (see .env.example), and the config file\nRPA_NOTIFY_CONFIG or ./rpa-notify.yml (see rpa-notify.example.yml). SIGHUP reloads the file.');

program
  .command('run', { isDefault: false })
  .description('poll, process and notify until SIGTERM/SIGINT')
  .action(async () => {
    const setup = readSetupOrExit();
    if (!(await runCommand(setup, loggerFor(setup.config.logLevel, setup.secrets)))) process.exit(EXIT_RUNTIME_FAILURE);
  });

program
  .command('poll-once')
  .description('one poll cycle: wait until its pages and notifications are handled, print a summary, exit')
  .action(async () => {
    const setup = readSetupOrExit();
    process.exit(await pollOnceCommand(setup, loggerFor(setup.config.logLevel, setup.secrets), (line) => process.stdout.write(`${line}\n`)));
  });

program
  .command('check')
  .description('validate the configuration (and the config file); reach Redis, the API and every channel; one line each; exit 1 if a part fails')
  .action(async () => {
    const setup = readSetupOrExit();
    const write = (line: string) => process.stdout.write(`${line}\n`);
    if (setup.file) write(`✓ config file ${setup.file.path}: valid`);
    for (const warning of setup.warnings) write(`! ${warning}`);
    for (const line of maintenanceCheckLines(setup.file?.content.maintenance ?? [], setup.config.digest.timeZone, Date.now())) write(line);
    process.exit(await checkCommand(setup.config, write, Object.values(setup.file?.content.channels ?? {}), setup.file?.content.accounts));
  });

program
  .command('routes')
  .description('explain routing: which routes an alert of a workflow would match, and which channels it would reach')
  .requiredOption('--explain <workflow>', 'a workflow id, or a name listed under workflows: in the config file')
  .argument('[status]', 'FAILED, COMPLETED, STUCK or another status (default: each of the first three)')
  .action((status: string | undefined, options: { explain: string }) => {
    const setup = readSetupOrExit();
    process.exit(routesCommand(setup, { workflow: options.explain, status }, (line) => process.stdout.write(`${line}\n`)));
  });

const muteIo = (): MuteIo => ({ out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`), who: process.env.USER || 'cli' });

program
  .command('mute')
  .description('silence the immediate alerts of a workflow (id, name under workflows:, a * pattern, or all) for a while; prints the mute id')
  .argument('<workflow>', 'a workflow id, a name listed under workflows: in the config file, or all')
  .option('--for <duration>', 'how long, e.g. 30m, 2h, 1d (required)')
  .option('--reason <text>', 'shown by mutes and in the log')
  .option('--status <statuses>', 'only these statuses, e.g. FAILED or FAILED,STUCK (default: every status)')
  .action(async (workflow: string, options: { for?: string; reason?: string; status?: string }) => {
    const setup = readSetupOrExit();
    process.exit(await muteCommand(setup, workflow, options, muteIo()));
  });

program
  .command('mutes')
  .description('list the active mutes (id, what, statuses, until, reason, who), then the maintenance windows of the config file and when each is next in force')
  .action(async () => {
    process.exit(await mutesCommand(readSetupOrExit(), muteIo()));
  });

program
  .command('unmute')
  .description('end a mute now')
  .argument('<id>', 'the id mute printed (see mutes)')
  .action(async (id: string) => {
    process.exit(await unmuteCommand(readSetupOrExit(), id, muteIo()));
  });

program
  .command('test-notify')
  .description('send one sample FAILED and one sample COMPLETED alert, marked as a test, through every configured channel')
  .action(async () => {
    const setup = readSetupOrExit();
    process.exit(await testNotifyCommand(setup.config, (line) => process.stdout.write(`${line}\n`), wireSetup(setup).channels));
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

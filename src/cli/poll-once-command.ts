import { Bot } from '../bot';
import type { Setup } from '../config/load-setup';
import type { Logger } from '../logging/logger';
import { createSmtpSender } from '../notify/email/email-notifier';
import { probeCluster } from '../state/probe-cluster';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';
import { wireSetup } from './read-setup';

/** `poll-once`: one poll, wait until its pages and notifications are handled, print a summary. */
export async function pollOnceCommand(setup: Setup, logger: Logger, write: (line: string) => void): Promise<number> {
  if (setup.config.redisCluster) {
    const probe = await probeCluster(setup.config.redisCluster, setup.config.keyPrefix);
    if (!probe.ok) {
      process.stderr.write(`poll-once failed: ${probe.problem}\n`);
      return EXIT_RUNTIME_FAILURE;
    }
  }
  const { routing, channels } = wireSetup(setup);
  // EMAIL_MODE as in `run`: what it detects goes into the digests, and a digest whose period closed is sent.
  const bot = new Bot({ config: setup.config, logger, channels, routing, accounts: setup.file?.content.accounts, digestSenderFor: (email) => createSmtpSender(email.smtpUrl) });
  bot.startWorkers();
  try {
    const s = await bot.pollAndSettle();
    const digests = await bot.sendDueDigests();
    const digestChannels = channels.some((c) => c.digest !== undefined);
    write(`poll-once: ${s.pagesFetched} pages, ${s.lookups} lookups, ${s.records} records, ${s.transitions} transitions, ${s.notificationsSent} notifications sent, ${s.notificationsFailed} failed${digestChannels ? `, digests sent: ${digests.sent}` : ''}`);
    if (digests.failed) process.stderr.write('poll-once: a due digest was not sent (see the log); the next poll-once or run tries again\n');
    await bot.close();
    return s.notificationsFailed > 0 || digests.failed ? EXIT_RUNTIME_FAILURE : EXIT_OK;
  } catch (error) {
    process.stderr.write(`poll-once failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await bot.close(1000);
    return EXIT_RUNTIME_FAILURE;
  }
}

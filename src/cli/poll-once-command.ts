import { Bot } from '../bot';
import type { Setup } from '../config/load-setup';
import type { Logger } from '../logging/logger';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';
import { wireSetup } from './read-setup';

/** `poll-once`: one poll, wait until its pages and notifications are handled, print a summary. */
export async function pollOnceCommand(setup: Setup, logger: Logger, write: (line: string) => void): Promise<number> {
  const { routing, channels } = wireSetup(setup);
  // Detection and digest collection as in `run`; sending a due digest stays with `run`.
  const bot = new Bot({ config: setup.config, logger, channels, routing });
  bot.startWorkers();
  try {
    const s = await bot.pollAndSettle();
    write(`poll-once: ${s.pagesFetched} pages, ${s.lookups} lookups, ${s.records} records, ${s.transitions} transitions, ${s.notificationsSent} notifications sent, ${s.notificationsFailed} failed`);
    await bot.close();
    return s.notificationsFailed > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
  } catch (error) {
    process.stderr.write(`poll-once failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await bot.close(1000);
    return EXIT_RUNTIME_FAILURE;
  }
}

import type { Logger } from 'pino';
import { createRepeatFilter } from './repeat-filter';

/** Every client reports a Redis outage on each reconnect attempt: one line per cause and minute says it. */
export function createConnectionErrorReporter(logger: Logger): (error: Error) => void {
  const firstInAWhile = createRepeatFilter(60_000);
  return (error: Error) => {
    if (firstInAWhile(error.message)) logger.warn(`Redis or queue connection: ${error.message} (retrying)`);
  };
}

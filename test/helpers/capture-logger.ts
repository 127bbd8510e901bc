import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger';

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  messages: () => string[];
}

/** A real pino logger whose lines land in an array, so tests can read what an operator would. */
export function captureLogger(secrets: string[] = [], level = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level, secrets, destination });
  return { logger, lines, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

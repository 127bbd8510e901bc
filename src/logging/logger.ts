import pino, { type DestinationStream, type Logger } from 'pino';
import { scrubSecrets } from './scrub-secrets';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Values that must never reach a log line, whatever object carries them. */
  secrets: string[];
  destination?: DestinationStream;
  pretty?: boolean;
}

/** pino JSON by default, readable in a terminal; every line passes through the secret scrubber last. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? (options.pretty ? prettyStream() : pino.destination(1));
  return pino(
    {
      level: options.level,
      base: undefined,
      serializers: { err: serializeError },
      hooks: { streamWrite: (line) => scrubSecrets(line, options.secrets) },
    },
    destination,
  );
}

function prettyStream(): DestinationStream {
  // Loaded only when asked for: pino-pretty and its dependencies cost RSS that JSON logging never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
}

/** Errors are logged as name, message and cause chain: never an HTTP client's config, headers or request. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

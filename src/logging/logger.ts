import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
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
  const destination = options.destination ?? (options.pretty ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : pino.destination(1));
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

/** Errors are logged as name, message and cause chain: never an HTTP client's config, headers or request. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

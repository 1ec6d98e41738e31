/**
 * Structured JSON logging (pino), one object per line. Secrets never reach the output: known fields are redacted
 * by path, and every line is scrubbed of the literal secrets given (the bot token), wherever they hide.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

const REDACTED_PATHS = ['token', '*.token', 'discordToken', '*.discordToken', 'headers.authorization'];

export interface LoggerOptions {
  level: LogLevel;
  /** Strings that must never be printed, such as the bot token. */
  secrets?: readonly string[];
  /** Where lines go; stdout by default (tests pass a stream to read them). */
  destination?: DestinationStream;
}

export function createLogger({ level, secrets = [], destination }: LoggerOptions): Logger {
  const hidden = secrets.filter((secret) => secret.length >= 8);
  return pino(
    {
      level,
      base: null,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        streamWrite: (line) => hidden.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), line),
      },
    },
    destination,
  );
}

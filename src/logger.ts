/**
 * Structured JSON logging (pino), one object per line. Secrets never reach the output: known fields are redacted
 * by path, and every line is scrubbed of the literal secrets given (the bot token), wherever they hide.
 *
 * Lines to stdout are gathered and written together (see {@link BatchedLineWriter}): a write(2) per line was
 * 4–7 % of the CPU of an interaction. Whatever is still gathered is written when the process exits, however it
 * exits short of being killed outright (SIGKILL, or a signal nothing handles), which loses at most the last
 * {@link LOG_FLUSH_DELAY_MS} ms of lines.
 */
import { writeSync } from 'node:fs';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

const REDACTED_PATHS = ['token', '*.token', 'discordToken', '*.discordToken', 'headers.authorization'];

/** The longest a line waits before it is written. */
export const LOG_FLUSH_DELAY_MS = 100;
/** Gathered lines are written at once when they reach this many characters (a pipe takes 64 KiB). */
const LOG_BATCH_CHARS = 16_384;
/** How long to wait before retrying a write to a non-blocking descriptor that is full (EAGAIN). */
const FULL_RETRY_MS = 5;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Lines for a file descriptor, gathered and written together: at once when `batchChars` have gathered, else
 * `delayMs` after the first of them. Each write is synchronous (complete and in order when it returns), so
 * {@link BatchedLineWriter.flush} at exit loses nothing, unlike a write still in flight on libuv's thread pool.
 * A reader that has gone away (EPIPE) silences the writer instead of failing the bot, as pino's own stream does.
 */
export class BatchedLineWriter implements DestinationStream {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;
  private broken = false;

  constructor(
    private readonly fd: number,
    private readonly batchChars = LOG_BATCH_CHARS,
    private readonly delayMs = LOG_FLUSH_DELAY_MS,
  ) {}

  write(line: string): void {
    if (this.broken) return;
    this.pending += line;
    if (this.pending.length >= this.batchChars) this.flush();
    // Unreferenced: gathered lines never keep the process alive (they are written at exit instead).
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs).unref();
  }

  /** Writes every gathered line now; `done` (for pino's `logger.flush`) is called once they are written. */
  flush(done?: (error?: Error) => void): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const data = this.pending;
    this.pending = '';
    try {
      if (data !== '' && !this.broken) this.writeAll(Buffer.from(data));
    } catch (error) {
      done?.(error as Error);
      if (done === undefined) throw error;
      return;
    }
    done?.();
  }

  private writeAll(data: Buffer): void {
    let offset = 0;
    while (offset < data.length) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          sleep(FULL_RETRY_MS);
          continue;
        }
        // Nothing more can be written to this descriptor; the bot goes on without its log.
        this.broken = true;
        if (code === 'EPIPE') return;
        throw error;
      }
    }
  }
}

/** The one writer for stdout, shared by every logger without a destination of its own, so lines stay in order. */
let stdoutWriter: BatchedLineWriter | undefined;

function stdoutDestination(): BatchedLineWriter {
  if (stdoutWriter === undefined) {
    stdoutWriter = new BatchedLineWriter(1);
    // 'exit' comes after process.exit() and after an uncaught exception or unhandled rejection too.
    process.on('exit', flushLogs);
  }
  return stdoutWriter;
}

/**
 * Writes every log line still gathered for stdout, synchronously. Called on exit already; call it before
 * anything that ends the process without an 'exit' event (`process.abort()`, `process.kill(process.pid,
 * 'SIGKILL')`).
 */
export function flushLogs(): void {
  stdoutWriter?.flush();
}

export interface LoggerOptions {
  level: LogLevel;
  /** Strings that must never be printed, such as the bot token. */
  secrets?: readonly string[];
  /** Where lines go; stdout (batched) by default (tests pass a stream to read them). */
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
    destination ?? stdoutDestination(),
  );
}

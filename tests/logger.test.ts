import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';
import { BatchedLineWriter, createLogger, LOG_FLUSH_DELAY_MS } from '../src/logger.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real file descriptor to write to, and a way to read what reached it. */
async function tempFile(): Promise<{ fd: number; read: () => string }> {
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-logger-'));
  const file = path.join(folder, 'log');
  const fd = openSync(file, 'w');
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  cleanups.push(() => closeSync(fd));
  return { fd, read: () => readFileSync(file, 'utf8') };
}

const lines = (count: number) => Array.from({ length: count }, (_, index) => `line ${index}\n`);

describe('BatchedLineWriter', () => {
  it('gathers lines and writes them together, in order, soon after the first', async () => {
    const { fd, read } = await tempFile();
    const writer = new BatchedLineWriter(fd, 1_000_000, 50);
    for (const line of lines(100)) writer.write(line);
    expect(read()).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(read()).toBe(lines(100).join(''));
  });

  it('writes at once when a batch is full', async () => {
    const { fd, read } = await tempFile();
    const writer = new BatchedLineWriter(fd, 20, 60_000);
    writer.write('0123456789\n');
    expect(read()).toBe('');
    writer.write('abcdefghij\n');
    expect(read()).toBe('0123456789\nabcdefghij\n');
  });

  it('writes everything gathered when flushed, then calls back', async () => {
    const { fd, read } = await tempFile();
    const writer = new BatchedLineWriter(fd, 1_000_000, 60_000);
    writer.write('héllo 🎉\n');
    const written = await new Promise<string>((resolve) => writer.flush(() => resolve(read())));
    expect(written).toBe('héllo 🎉\n');
  });
});

describe('createLogger', () => {
  it('scrubs the given secrets from every line, wherever they hide', async () => {
    let output = '';
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    const secret = 'super.secret.token-value';
    const logger = createLogger({ level: 'info', secrets: [secret], destination });
    logger.info({ token: 'x', nested: { note: `Bot ${secret}` } }, `said ${secret}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(output).toContain('"token":"[redacted]"');
    expect(output).toContain('said [redacted]');
    expect(output).not.toContain(secret);
  });
});

/** tsx's loader, found from the project. */
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const loggerUrl = pathToFileURL(path.join(PROJECT_ROOT, 'src/logger.ts')).href;

/** Runs `code` in a new Node process that has `logger`, logging to its stdout as the bot does. */
function runWithLogger(code: string, options: { closeStdout?: boolean } = {}) {
  const script =
    `import { createLogger } from ${JSON.stringify(loggerUrl)};\n` +
    `const logger = createLogger({ level: 'info' });\n${code}`;
  const child = spawn(process.execPath, ['--import', tsxLoader, '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  if (options.closeStdout === true) child.stdout.destroy();
  else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  return { exited, stdout: () => stdout, stderr: () => stderr };
}

const messages = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('logging to stdout', { timeout: 20_000 }, () => {
  const expected = Array.from({ length: 2000 }, (_, index) => `line ${index}`);

  it('loses no line when the process exits right after logging', async () => {
    const run = runWithLogger(`for (let i = 0; i < 2000; i++) logger.info('line ' + i);\nprocess.exit(3);`);
    expect(await run.exited).toBe(3);
    expect(messages(run.stdout())).toEqual(expected);
  });

  it('loses no line when an uncaught exception ends the process', async () => {
    const run = runWithLogger(
      `for (let i = 0; i < 2000; i++) logger.info('line ' + i);\n` +
        `setTimeout(() => { logger.fatal('crashing'); throw new Error('boom'); }, 10);`,
    );
    expect(await run.exited).toBe(1);
    expect(messages(run.stdout())).toEqual([...expected, 'crashing']);
    expect(run.stderr()).toContain('boom');
  });

  it('writes a line within the flush delay while the process runs on', async () => {
    const run = runWithLogger(`logger.info('ready');\nsetTimeout(() => {}, 60_000);`);
    await expect
      .poll(() => run.stdout(), { timeout: 5_000, interval: LOG_FLUSH_DELAY_MS / 2 })
      .toContain('"msg":"ready"');
  });

  it.each([
    ['only at exit', 1],
    ['while it runs and at exit', 2000],
  ])('exits promptly when nobody reads its stdout any more, writing %s', async (_when, count) => {
    const run = runWithLogger(
      `await new Promise((resolve) => setTimeout(resolve, 300));\n` +
        `for (let i = 0; i < ${count}; i++) logger.info('line ' + i);\n` +
        `await new Promise((resolve) => setTimeout(resolve, 300));\n` +
        `logger.info('last');\nprocess.exit(0);`,
      { closeStdout: true },
    );
    expect(await run.exited).toBe(0);
  });
});

/**
 * The bot's entry points as real child processes, for tests that need a process of their own (to kill it, to
 * run shards): TypeScript through tsx, or compiled `.js` as `npm start` runs it. Each runs in the given folder
 * with only PATH and the given environment, so no developer's .env or variables leak in.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../src/config.js';

/** tsx's loader, found from the project rather than from the (empty) working folder. */
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** A JSON log line of the bot. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface BotProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines printed so far. */
  lines(): LogLine[];
}

/** Starts `script` (relative to the project, such as `src/index.ts`) in `cwd` with only `env` (and PATH). */
export function startBotProcess(script: string, env: Record<string, string>, cwd: string): BotProcess {
  const loader = script.endsWith('.ts') ? ['--import', TSX_LOADER] : [];
  const child = spawn(process.execPath, [...loader, path.join(PROJECT_ROOT, script)], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return { child, exited, stdout: () => stdout, stderr: () => stderr, lines };
}

/**
 * The two bots as child processes, and what /proc says about them: CPU time (utime + stime, in clock ticks) and
 * resident memory. Our bot runs exactly as `npm start` runs it: compiled by tsc to `dist/src/index.js`; the bare
 * bot is bench/bare-bot.ts, compiled the same way (tsconfig.bench.json). Both get the same node flags:
 * `--expose-gc` and the compiled bench/lib/child-probe.ts (a SIGUSR2 handler that collects garbage and reports
 * process.memoryUsage() on stderr).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import type { FakeDiscord } from '../../tests/support/fake-discord.js';
import { sleep } from './stats.js';

const PROBE = path.join(PROJECT_ROOT, 'dist/bench/lib/child-probe.js');
const SCRIPTS = {
  ours: path.join(PROJECT_ROOT, 'dist/src/index.js'),
  bare: path.join(PROJECT_ROOT, 'dist/bench/bare-bot.js'),
} as const;

let compiled = false;
/** Compiles both bots to dist/ once per bench run, as `npm start` compiles ours before it runs it. */
function compileOnce(): void {
  if (compiled) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  compiled = true;
}

export type BotKind = keyof typeof SCRIPTS;

/** BENCH_CPU_PROF=<folder>: each bot writes a V8 CPU profile there when it stops (open it in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF ?? '';
const PROFILING = PROFILE_DIR !== '';

/** The SQLite store a bot process started in `folder` uses. */
export const storeUrlIn = (folder: string): string => `sqlite://${path.join(folder, 'store.sqlite')}`;

/** Clock ticks per second of utime/stime in /proc/<pid>/stat. */
export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU seconds the process has used so far (all its threads). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** VmRSS of the process, in bytes. */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** What the probe prints after a forced GC (process.memoryUsage() of the child). */
export interface ChildMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** Bot processes still running: killed if the bench itself exits early (a failure, Ctrl+C). */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class BotProcess {
  private recent = '';
  private stderrText = '';
  private readonly exited: Promise<number | null>;
  private readonly memoryWaiters: ((memory: ChildMemory) => void)[] = [];

  private constructor(
    readonly kind: BotKind,
    readonly child: ChildProcess,
  ) {
    // Drained as it comes (the real bot logs a line per interaction); only a short tail is kept to find markers.
    child.stdout?.on('data', (chunk: Buffer) => {
      this.recent = (this.recent + chunk.toString()).slice(-65_536);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.stderrText = (this.stderrText + text).slice(-65_536);
      for (const match of text.matchAll(/^BENCH_MEMORY (.*)$/gm)) {
        const memory = JSON.parse(match[1] ?? '{}') as ChildMemory;
        for (const resolve of this.memoryWaiters.splice(0)) resolve(memory);
      }
    });
    live.add(child);
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        live.delete(child);
        resolve(code);
      }),
    );
  }

  /** Starts a bot against a fake Discord. `folder` is its working folder (no .env there) and holds its store. */
  static start(kind: BotKind, env: { token: string; apiUrl: string; folder: string }): BotProcess {
    // BENCH_CPU_PROF=<folder>: each bot writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROF;
    const profiling =
      profile === undefined || profile === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
    compileOnce();
    const child = spawn(process.execPath, ['--expose-gc', ...profiling, '--import', PROBE, SCRIPTS[kind]], {
      cwd: env.folder,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: env.token,
        DISCORD_API_URL: env.apiUrl,
        STORE_URL: storeUrlIn(env.folder),
        // BENCH_LOG_LEVEL=warn measures the bot without its line per interaction (an experiment, not a figure).
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BotProcess(kind, child);
  }

  /** The last 64 KiB of stdout. */
  recentOutput(): string {
    return this.recent;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`the ${this.kind} bot did not start`);
    return this.child.pid;
  }

  /** Resolves once stdout has shown `marker` (recent output only: call it before the marker can scroll away). */
  async waitForOutput(marker: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.recent.includes(marker)) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `the ${this.kind} bot exited (${this.child.exitCode}): ${this.stderrText.slice(-2000)}`,
        );
      }
      if (performance.now() > deadline) {
        throw new Error(`the ${this.kind} bot printed no "${marker}" within ${timeoutMs / 1000} s`);
      }
      await sleep(50);
    }
  }

  /**
   * Resolves once the process has used less than `maxCpuMs` of CPU over a whole `windowMs` (more when profiling:
   * V8's sampling thread alone uses tens of ms a second).
   */
  async waitUntilQuiet(windowMs = 1000, maxCpuMs = PROFILING ? 200 : 20, timeoutMs = 120_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let before = await cpuSeconds(this.pid);
    for (;;) {
      await sleep(windowMs);
      const after = await cpuSeconds(this.pid);
      if ((after - before) * 1000 <= maxCpuMs) return;
      if (performance.now() > deadline) throw new Error(`the ${this.kind} bot never went quiet`);
      before = after;
    }
  }

  cpuSeconds(): Promise<number> {
    return cpuSeconds(this.pid);
  }

  residentBytes(): Promise<number> {
    return residentBytes(this.pid);
  }

  /** Asks the probe for a full garbage collection; resolves with process.memoryUsage() taken right after. */
  collectGarbage(timeoutMs = 10_000): Promise<ChildMemory> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the probe')), timeoutMs);
      this.memoryWaiters.push((memory) => {
        clearTimeout(timer);
        resolve(memory);
      });
      this.child.kill('SIGUSR2');
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** How long a bot took to be ready (logged in with every server, commands registered) and then to go quiet. */
export interface Started {
  bot: BotProcess;
  readySeconds: number;
  quietSeconds: number;
}

/**
 * Starts a bot on `fake` and resolves once it is ready: READY and every GUILD_CREATE received (`identifies` is the
 * fake's running count of completed IDENTIFYs), commands registered (ours: the fake saw a write; the bare bot
 * prints "ready"), and then quiet (our bot plans every server's posts after that).
 */
export async function startReadyBot(
  kind: BotKind,
  fake: FakeDiscord,
  folder: string,
  identifies = 1,
  timeoutMs = 300_000,
): Promise<Started> {
  const writes = fake.commandWrites().length;
  const started = performance.now();
  const bot = BotProcess.start(kind, { token: fake.token, apiUrl: fake.apiUrl, folder });
  try {
    if (kind === 'bare') await bot.waitForOutput('ready', timeoutMs);
    await fake.waitForIdentify(timeoutMs, identifies);
    while (kind === 'ours' && fake.commandWrites().length === writes) {
      if (performance.now() - started > timeoutMs) throw new Error('our bot registered no commands');
      await sleep(50);
    }
    const readySeconds = (performance.now() - started) / 1000;
    await bot.waitUntilQuiet();
    return { bot, readySeconds, quietSeconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await bot.stop();
    throw error;
  }
}

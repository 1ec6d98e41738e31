/**
 * Figure 3: memory. One fake Discord with 10,000 servers; each bot in turn starts as its own process, gets READY
 * and one GUILD_CREATE per server, registers its commands (ours) and goes quiet; then after a 5 s settle and a
 * forced full GC, VmRSS is read three times a second apart and the median kept. RSS moves by tens of MiB from
 * one start to the next (how much young-generation space V8 happens to hold), so each bot is started RUNS times,
 * alternating, and the median run is reported.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeDiscord } from '../../tests/support/fake-discord.js';
import { benchGuilds } from './guilds.js';
import { startReadyBot, type BotKind, type ChildMemory, type Started } from './proc.js';
import { heading, ratio, type Report } from './report.js';
import { fixed, median, mib, scaled, sleep } from './stats.js';

const SERVERS = scaled(10_000);
const SETTLE_MS = 5_000;
const RATIO_TARGET = 1.15;
const RUNS = 3;

interface MemoryResult {
  rss: number;
  heap: ChildMemory;
  guilds: number;
  readySeconds: number;
  quietSeconds: number;
}

async function measure(kind: BotKind, fake: FakeDiscord, identifies: number): Promise<MemoryResult> {
  const folder = await mkdtemp(path.join(tmpdir(), `phb-bench-memory-${kind}-`));
  let started: Started;
  try {
    started = await startReadyBot(kind, fake, folder, identifies);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const { bot, readySeconds, quietSeconds } = started;
  try {
    const output = bot.recentOutput();
    const guilds = Number(
      (kind === 'ours' ? /"guilds":(\d+)/ : /ready (\d+)/).exec(output)?.[1] ?? Number.NaN,
    );
    await sleep(SETTLE_MS);
    const heap = await bot.collectGarbage();
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(1000);
      samples.push(await bot.residentBytes());
    }
    return { rss: median(samples), heap, guilds, readySeconds, quietSeconds };
  } finally {
    await bot.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The run with the median RSS. */
function medianRun(results: MemoryResult[]): MemoryResult {
  const sorted = [...results].sort((a, b) => a.rss - b.rss);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no memory runs');
  return middle;
}

export async function memoryPhase(report: Report): Promise<void> {
  heading(`Memory: resident memory after ready with ${SERVERS.toLocaleString('en-US')} servers`);
  const fake = await FakeDiscord.start({ guilds: benchGuilds(SERVERS) });
  try {
    const runs: Record<BotKind, MemoryResult[]> = { ours: [], bare: [] };
    let sessions = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const kind of ['ours', 'bare'] as const) {
        const result = await measure(kind, fake, ++sessions);
        runs[kind].push(result);
        console.log(
          `  ${kind} #${run + 1}: RSS ${mib(result.rss)} (heap used ${mib(result.heap.heapUsed)} of ${mib(result.heap.heapTotal)}, ` +
            `external ${mib(result.heap.external)}), ${result.guilds} servers, ` +
            `ready after ${fixed(result.readySeconds)} s, quiet after ${fixed(result.quietSeconds)} s`,
        );
      }
    }
    const ours = medianRun(runs.ours);
    const bare = medianRun(runs.bare);
    if (ours.guilds !== SERVERS || bare.guilds !== SERVERS) {
      report.note(
        `memory: servers seen at ready: ours ${ours.guilds}, bare ${bare.guilds} (expected ${SERVERS})`,
      );
    }
    report.add({
      figure: `Memory (RSS) with ${SERVERS.toLocaleString('en-US')} servers`,
      ours: mib(ours.rss),
      bare: mib(bare.rss),
      ratio: ratio(ours.rss, bare.rss),
      target: `≤ ${RATIO_TARGET}× bare`,
      met: ours.rss <= RATIO_TARGET * bare.rss,
    });
    report.add({
      figure: 'JS heap used after GC, same servers',
      ours: mib(ours.heap.heapUsed),
      bare: mib(bare.heap.heapUsed),
      ratio: ratio(ours.heap.heapUsed, bare.heap.heapUsed),
    });
    report.add({
      figure: 'Start-up to ready / to quiet, same servers',
      ours: `${fixed(ours.readySeconds)} / ${fixed(ours.quietSeconds)} s`,
      bare: `${fixed(bare.readySeconds)} / ${fixed(bare.quietSeconds)} s`,
      ratio: ratio(ours.quietSeconds, bare.quietSeconds),
    });
  } finally {
    await fake.close();
  }
}

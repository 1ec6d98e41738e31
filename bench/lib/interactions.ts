/**
 * Figure 1: interactions. For each kind, both bots start afresh as child processes, each against its own fake
 * Discord (the same code and options, so one bot's traffic never queues behind the other's, and the fakes' records
 * stay small), and are warmed up. Interactions go out at a fixed rate in blocks of BLOCK, alternating bots block
 * by block (ours, bare, bare, ours, ...), so a noisy neighbour on the machine hits both alike. Latency is from the bench process handing INTERACTION_CREATE to the
 * fake's gateway socket to the fake having the bot's interaction callback, both on performance.now(). CPU time is
 * the bot process's utime + stime over each block, divided by the interactions in it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../../src/config.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { FakeDiscord, type FakeGuild, type InteractionHandle } from '../../tests/support/fake-discord.js';
import { atFixedRate } from './fixed-rate.js';
import { benchGuilds } from './guilds.js';
import { startReadyBot, storeUrlIn, type BotKind, type BotProcess } from './proc.js';
import { ratio, heading, type Report } from './report.js';
import { fixed, median, percentile, scaled, sleep, sum } from './stats.js';
import { seedTriviaSettings, triviaKind } from './trivia.js';

export const RATE = 200;
const PER_KIND = scaled(5_000);
const BLOCK = scaled(1_000);
const WARM_UP = scaled(500);
/** Warm-up interactions use their own indices (trivia: their own members). */
const WARM_UP_OFFSET = 100_000;
const GUILDS = 20;
/** After a block's last callback, time for the bot to finish what follows it (the REST answer, its log line). */
const SETTLE_MS = 250;
const P99_TARGET_MS = 20;
const CPU_RATIO_TARGET = 1.2;

/** One bot with its own fake Discord. */
export interface Side {
  kind: BotKind;
  fake: FakeDiscord;
  bot: BotProcess;
  guilds: FakeGuild[];
  folder: string;
}

/** One kind of interaction, sent the same way to both bots. */
export interface InteractionKind {
  name: string;
  /** Called before each block, outside its measurement (starting a trivia game, say). */
  prepare?(side: Side): Promise<void>;
  send(side: Side, index: number): Promise<InteractionHandle>;
  /** Whether the bot's callback is the answer this interaction should get (anything else counts as failed). */
  ok(side: Side, handle: InteractionHandle): boolean;
}

/** The people `/cast person` asks for, by id and by name (shared with bench/instructions.ts). */
export const CAST_VALUES = [
  'sofia-carson',
  'nicholas-galitzine',
  'chosen-jacobs',
  'kat-cunning',
  'anthony-ippolito',
  'alexa-demie',
  'idris-elba',
  'elizabeth-allen-rosenbaum',
  'javier-julia',
  'tess-wakefield',
  'cassie',
  'luke morrow',
];
/** What members type into `/cast person` before picking (shared with bench/instructions.ts). */
export const TYPED = [
  'so',
  'sof',
  'nich',
  'idris',
  'cassi',
  'luk',
  'elba',
  'alexa dem',
  'kat',
  'frankie',
  'galitzne',
  '',
];

/** The `index`-th item of `list`, round and round. */
export const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;
const guildOf = (side: Side, index: number): string => pick(side.guilds, index).id;

/** A message reply: ours with one embed (an error would be plain content), the bare bot's a constant. */
const embedReply = (side: Side, handle: InteractionHandle): boolean =>
  handle.reply.type === InteractionResponseType.ChannelMessageWithSource &&
  (side.kind === 'bare' || handle.reply.data?.embeds?.length === 1);

const countdown: InteractionKind = {
  name: '/countdown',
  send: (side, i) => side.fake.chatInput({ name: 'countdown', guildId: guildOf(side, i) }),
  ok: embedReply,
};

const castPerson: InteractionKind = {
  name: '/cast person',
  send: (side, i) =>
    side.fake.chatInput({
      name: 'cast',
      guildId: guildOf(side, i),
      options: [{ name: 'person', type: 3, value: pick(CAST_VALUES, i) }],
    }),
  ok: embedReply,
};

const autocomplete: InteractionKind = {
  name: 'autocomplete',
  send: (side, i) =>
    side.fake.autocomplete({
      name: 'cast',
      guildId: guildOf(side, i),
      options: [{ name: 'person', type: 3, value: pick(TYPED, i), focused: true }],
    }),
  ok: (_side, handle) => handle.reply.type === InteractionResponseType.ApplicationCommandAutocompleteResult,
};

/** Whether the trivia command is wired into the bot yet (another part of the project is building it). */
export function triviaAvailable(): boolean {
  const index = path.join(PROJECT_ROOT, 'commands/index.ts');
  return (
    existsSync(path.join(PROJECT_ROOT, 'commands/trivia.ts')) &&
    /from '\.\/trivia\.js'/.test(readFileSync(index, 'utf8'))
  );
}

interface BlockResult {
  latencies: number[];
  cpuSeconds: number;
  count: number;
  failed: number;
}

async function runBlock(
  side: Side,
  kind: InteractionKind,
  count: number,
  offset: number,
): Promise<BlockResult> {
  const latencies: number[] = [];
  let failed = 0;
  const pending: Promise<void>[] = [];
  const cpuBefore = await side.bot.cpuSeconds();
  await atFixedRate(count, RATE, (i) => {
    const sent = performance.now();
    pending.push(
      kind.send(side, offset + i).then(
        (handle) => {
          latencies.push(performance.now() - sent);
          if (!kind.ok(side, handle)) failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  });
  await Promise.all(pending);
  await sleep(SETTLE_MS);
  const cpuSeconds = (await side.bot.cpuSeconds()) - cpuBefore;
  // The fake records every request; nothing here reads them, so they are dropped to keep the bench process small.
  side.fake.requests.length = 0;
  return { latencies, cpuSeconds, count, failed };
}

async function startSide(kind: BotKind): Promise<Side> {
  const guilds = benchGuilds(GUILDS);
  const fake = await FakeDiscord.start({ guilds });
  const folder = await mkdtemp(path.join(tmpdir(), `phb-bench-${kind}-`));
  if (kind === 'ours' && triviaAvailable()) {
    await seedTriviaSettings(
      storeUrlIn(folder),
      guilds.map((guild) => guild.id),
    );
  }
  try {
    const { bot } = await startReadyBot(kind, fake, folder, 1, 60_000);
    return { kind, fake, bot, guilds, folder };
  } catch (error) {
    await fake.close();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function stopSide(side: Side): Promise<void> {
  await side.bot.stop();
  await side.fake.close();
  await rm(side.folder, { recursive: true, force: true });
}

/** CPU a bot uses doing nothing, in ms per second (heartbeats, timers): included in every block's figure. */
async function idleCpu(side: Side, ms = 3000): Promise<number> {
  const before = await side.bot.cpuSeconds();
  await sleep(ms);
  return (((await side.bot.cpuSeconds()) - before) * 1000) / (ms / 1000);
}

/** Fresh bots and fakes for one kind of interaction: warmed up, then measured block by block. */
async function measureKind(kind: InteractionKind): Promise<Record<BotKind, BlockResult[]>> {
  const started = await Promise.allSettled([startSide('ours'), startSide('bare')]);
  const [ours, bare] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  if (ours === undefined || bare === undefined) {
    for (const side of [ours, bare]) if (side !== undefined) await stopSide(side);
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  try {
    const idle = await Promise.all([idleCpu(ours), idleCpu(bare)]);
    for (const side of [ours, bare]) {
      await kind.prepare?.(side);
      await atFixedRate(WARM_UP, RATE, (i) => {
        void kind.send(side, WARM_UP_OFFSET + i).catch(() => undefined);
      });
    }
    await sleep(1000);
    const results: Record<BotKind, BlockResult[]> = { ours: [], bare: [] };
    for (let block = 0; block < PER_KIND / BLOCK; block++) {
      const order = block % 2 === 0 ? [ours, bare] : [bare, ours];
      for (const side of order) {
        await kind.prepare?.(side);
        results[side.kind].push(await runBlock(side, kind, BLOCK, block * BLOCK));
      }
    }
    console.log(
      `  ${kind.name}: idle CPU ours ${fixed(idle[0])} ms/s, bare ${fixed(idle[1])} ms/s (included); ` +
        `load average ${loadavg()[0]?.toFixed(2) ?? '?'}`,
    );
    return results;
  } finally {
    await Promise.all([stopSide(ours), stopSide(bare)]);
  }
}

export async function interactionsPhase(report: Report): Promise<void> {
  heading(`Interactions: ${PER_KIND} of each kind per bot at ${RATE}/s, blocks of ${BLOCK} alternating bots`);
  const kinds: InteractionKind[] = [countdown, castPerson, autocomplete];
  if (triviaAvailable()) kinds.push(triviaKind);
  else report.note('trivia: not available yet (commands/trivia.ts is not in commands/index.ts)');

  // The bench process's own pauses delay both the dispatch and the callback's receipt: reported, not removed.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  loopDelay.enable();
  try {
    for (const kind of kinds) summarise(report, kind.name, await measureKind(kind));
  } finally {
    loopDelay.disable();
    gcObserver.disconnect();
  }
  report.note(
    `bench process during the interactions: event-loop delay p99 ${fixed(loopDelay.percentile(99) / 1e6)} ms, ` +
      `max ${fixed(loopDelay.max / 1e6)} ms; ${gcPauses.length} GC pauses, ${fixed(sum(gcPauses), 0)} ms in all, ` +
      `longest ${fixed(Math.max(0, ...gcPauses))} ms`,
  );
}

function summarise(report: Report, name: string, results: Record<BotKind, BlockResult[]>): void {
  const figures = (blocks: BlockResult[]) => {
    const latencies = blocks.flatMap((block) => block.latencies);
    const count = sum(blocks.map((block) => block.count));
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      // A burst of load from elsewhere on the machine lands in one block; the median block's p99 shrugs it off.
      blockP99: median(blocks.map((block) => percentile(block.latencies, 99))),
      max: percentile(latencies, 100),
      cpuMs: (sum(blocks.map((block) => block.cpuSeconds)) * 1000) / count,
      failed: sum(blocks.map((block) => block.failed)),
      count,
    };
  };
  const ours = figures(results.ours);
  const bare = figures(results.bare);
  console.log(
    `  ${name}: ours p50 ${fixed(ours.p50, 2)} ms, p99 ${fixed(ours.p99, 2)} ms (median block ` +
      `${fixed(ours.blockP99, 2)}), max ${fixed(ours.max)} ms, CPU ${fixed(ours.cpuMs, 3)} ms/interaction, ` +
      `${ours.failed} failed of ${ours.count}; bare p50 ${fixed(bare.p50, 2)} ms, p99 ${fixed(bare.p99, 2)} ms ` +
      `(median block ${fixed(bare.blockP99, 2)}), max ${fixed(bare.max)} ms, CPU ${fixed(bare.cpuMs, 3)} ` +
      `ms/interaction, ${bare.failed} failed`,
  );
  if (ours.failed + bare.failed > 0)
    report.note(`${name}: ${ours.failed} (ours) / ${bare.failed} (bare) failed`);
  report.add({
    figure: `${name}: CPU per interaction`,
    ours: `${fixed(ours.cpuMs, 3)} ms`,
    bare: `${fixed(bare.cpuMs, 3)} ms`,
    ratio: ratio(ours.cpuMs, bare.cpuMs),
    target: `≤ ${CPU_RATIO_TARGET}× bare`,
    met: ours.cpuMs <= CPU_RATIO_TARGET * bare.cpuMs,
  });
  report.add({
    figure: `${name}: latency p50 / p99 (median block's p99)`,
    ours: `${fixed(ours.p50, 2)} / ${fixed(ours.p99, 2)} (${fixed(ours.blockP99, 2)}) ms`,
    bare: `${fixed(bare.p50, 2)} / ${fixed(bare.p99, 2)} (${fixed(bare.blockP99, 2)}) ms`,
    ratio: ratio(ours.p99, bare.p99),
    target: `p99 < ${P99_TARGET_MS} ms at ${RATE}/s`,
    met: ours.p99 < P99_TARGET_MS,
  });
}

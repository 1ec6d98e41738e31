/**
 * Instructions per interaction, counted by valgrind's callgrind: a figure that stays the same whatever else the
 * machine is doing (CPU time on a shared machine moves by ±40 %, so it cannot show a 3 % change).
 *
 *   npx tsx bench/instructions.ts [--against <folder of another checkout>]... [--only-against] [--count N]
 *                                 [--warm-up N] [--mixed-count N] [--idle-seconds S] [--locales en-US,pt-BR]
 *                                 [--keep-dumps <dir>]
 *   npx tsx bench/instructions.ts --report <dir> --against <label>... [--locales …]   (figures from kept dumps)
 *   npx tsx bench/instructions.ts --jit-trace <dir> …   (the same blocks natively, with V8's optimisation trace)
 *
 * For each tree (the other checkouts given with --against, in order, e.g. older commits with node_modules linked;
 * then this one unless --only-against) and each language (an English server and member, then a pt-BR server and
 * member), the tree's bot is compiled as `npm start` compiles it and run as `node --single-threaded
 * --no-memory-reducer dist/src/index.js` (one thread, so V8's compiler and GC work in the same order every run;
 * no memory reducer, which starts full GCs when allocation slows down, so at random points under valgrind) under
 * `valgrind --tool=callgrind`, against this tree's fake Discord in this process. It is warmed up with `--warm-up`
 * interactions of each kind; then each kind gets `--count` interactions, one at a time, each awaited, between a
 * zeroing of callgrind's counters and a dump.
 *
 * A dump counts more than the interactions' own work; three extras are read out of it and taken out:
 *
 * - **The forced GC.** A full GC (bench/lib/child-probe.ts) runs before a kind and at the end of it, inside its
 *   count: otherwise a collection lands in whichever kind happens to fill the heap. A full GC costs in proportion
 *   to everything live (content, translations, code: 120–160 M instructions for a 22–26 MiB heap), not to the
 *   block's interactions, so the one at the end is taken out exactly: the inclusive cost of the calls into
 *   `v8::internal::GCExtension::GC` in the dump. The GCs V8 starts by itself during the block stay in. Three such
 *   GCs on their own before the kinds and three after ("fences") are printed, to show what one costs.
 * - **The JIT's compiling.** Even after 1,000 warm-up interactions of each kind, V8 spends a quarter to a third
 *   of a block compiling (TurboFan optimising, again after deoptimisations; `--no-flush-bytecode` does not change
 *   it). That work moves by ±20 % between two runs of the same code, and in a normal Node process it runs on a
 *   background thread (`--single-threaded` puts it inline here). The inclusive cost of the calls into
 *   `v8::internal::Compiler::…` is taken out and printed on its own.
 * - **The timers.** Under valgrind a block of 250 interactions lasts minutes, and meanwhile the bot's timers run
 *   (gateway heartbeats; since the release timeline, its poll of the store every 15 s; the schedulers' minute
 *   ticks). A block of `--idle-seconds` with no interactions (after the fences) gives the bot's idle instructions
 *   per second (compiling left out); each kind's wall time (zero to dump) times that rate is taken out. Timers
 *   fire at whole events, so this share is right on average and off by up to one event in a given block.
 *
 * After the kinds, a **mixed block**: `--mixed-count` rounds (default `--count`) of one interaction of each kind
 * in turn, as a bot gets them, after `--warm-up` such rounds. Blocks of one kind make V8 re-optimise at every
 * switch (the next kind's first interaction throws out code specialised for the last one: `--jit-trace` shows
 * 80–110 optimisations per 1,000 interactions in a kind's block, 4–16 per 3,000 in a long mixed one), so the
 * compiling counted in a kind's block is mostly the bench's own doing; the mixed block shows it as a running bot
 * pays it. It is printed per round, with the compiling counted in and taken out, and with the share of V8's own
 * garbage collections in it: one full GC more or less moves a block of 1,000 rounds by 5 %, so make it long.
 *
 * Printed for each kind: the raw count per interaction, each extra, and the net figure the table compares.
 * Defaults: 300 and 300, 120 s idle. Takes 15–20 minutes per tree and language on a loaded machine. Every counted
 * block is kept as a dump with its seconds (`--keep-dumps <dir>`, else a temporary folder), named
 * `<commit>-<locale>-<block>`; `--report <dir>` prints the figures from such a folder again (for
 * `callgrind_annotate`, or when runs of several trees were made in parallel).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { FakeDiscord, type InteractionHandle } from '../tests/support/fake-discord.js';
import { benchGuilds } from './lib/guilds.js';
import { CAST_VALUES, pick, TYPED } from './lib/interactions.js';
import { mib, sleep } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    against: { type: 'string', multiple: true, default: [] },
    'only-against': { type: 'boolean', default: false },
    count: { type: 'string', default: '300' },
    'mixed-count': { type: 'string' },
    'warm-up': { type: 'string', default: '300' },
    'idle-seconds': { type: 'string', default: '120' },
    locales: { type: 'string', default: 'en-US,pt-BR' },
    'keep-dumps': { type: 'string' },
    report: { type: 'string' },
    'jit-trace': { type: 'string' },
  },
});
const COUNT = Number(values.count);
/** Rounds in the mixed block: a long one takes in several of V8's own full GCs, not one or two. */
const MIXED_COUNT = Number(values['mixed-count'] ?? values.count);
const IDLE_MS = Number(values['idle-seconds']) * 1000;
const KEEP_DUMPS = values['keep-dumps'] === undefined ? undefined : path.resolve(values['keep-dumps']);
/** `--jit-trace <dir>`: no callgrind; the same blocks run natively under V8's --trace-opt --trace-deopt. */
const JIT_TRACE = values['jit-trace'] === undefined ? undefined : path.resolve(values['jit-trace']);
/** The bench's probe (compiled with this tree): SIGUSR2 makes the bot collect garbage and say so on stderr. */
const PROBE = path.join(PROJECT_ROOT, 'dist/bench/lib/child-probe.js');
const WARM_UP = Number(values['warm-up']);
const GUILDS = 20;
/** The member's and the server's Discord language, one run each. */
const LOCALES = values.locales.split(',');
/** Forced GCs measured on their own before the kinds, and again after. */
const FENCES = 3;
/** The block of rounds of one interaction of each kind (its count is in rounds). */
const MIXED = 'mixed';
/** After a kind's last reply: time for the bot's log lines (batched up to 100 ms) and REST answers under valgrind. */
const SETTLE_MS = 1500;

interface Kind {
  name: string;
  send(fake: FakeDiscord, guildId: string, locale: string, index: number): Promise<InteractionHandle>;
  ok(handle: InteractionHandle): boolean;
}

const KINDS: Kind[] = [
  {
    name: '/countdown',
    send: (fake, guildId, locale) => fake.chatInput({ name: 'countdown', guildId, locale }),
    ok: (handle) =>
      handle.reply.type === InteractionResponseType.ChannelMessageWithSource &&
      handle.reply.data?.embeds?.length === 1,
  },
  {
    name: '/cast person',
    send: (fake, guildId, locale, i) =>
      fake.chatInput({
        name: 'cast',
        guildId,
        locale,
        options: [{ name: 'person', type: 3, value: pick(CAST_VALUES, i) }],
      }),
    ok: (handle) =>
      handle.reply.type === InteractionResponseType.ChannelMessageWithSource &&
      handle.reply.data?.embeds?.length === 1,
  },
  {
    name: 'autocomplete',
    send: (fake, guildId, locale, i) =>
      fake.autocomplete({
        name: 'cast',
        guildId,
        locale,
        options: [{ name: 'person', type: 3, value: pick(TYPED, i), focused: true }],
      }),
    ok: (handle) => handle.reply.type === InteractionResponseType.ApplicationCommandAutocompleteResult,
  },
];

function compile(tree: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: tree, stdio: 'inherit' });
}

/** `git <args>` in `tree`, trimmed. */
const git = (tree: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd: tree }).toString().trim();

/** Whether `tree` has uncommitted changes to tracked files. */
const isDirty = (tree: string): boolean => git(tree, 'status', '--porcelain', '--untracked-files=no') !== '';

function gitDescribe(tree: string): string {
  try {
    const commit = git(tree, 'log', '-1', '--format=%h %s');
    return `${commit.slice(0, 70)}${isDirty(tree) ? ' (+ uncommitted changes)' : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

/** A tree's commit (short id, `+` when it has uncommitted changes), else its folder's name. */
function shortName(tree: string): string {
  try {
    const commit = git(tree, 'rev-parse', '--short', 'HEAD');
    return isDirty(tree) ? `${commit}+` : commit;
  } catch {
    return path.basename(tree);
  }
}

function callgrindControl(pid: number, flag: '-z' | '-d'): void {
  execFileSync('callgrind_control', [flag, String(pid)], { stdio: 'ignore' });
}

/** The newest dump of `pid` in `folder` (callgrind names them cg.<pid>.<n>). */
async function newestDump(folder: string, pid: number): Promise<string> {
  const dumps = (await readdir(folder))
    .filter((name) => name.startsWith(`cg.${pid}.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  const newest = dumps.at(-1);
  if (newest === undefined) throw new Error('callgrind wrote no dump');
  return path.join(folder, newest);
}

/** What a dump counted: every instruction, V8's compiling, and the forced GC (the probe's `gc()`). */
interface DumpCounts {
  total: number;
  compiling: number;
  forcedGc: number;
  /** Every garbage collection, the forced one included: `v8::internal::Heap::CollectGarbage`. */
  collecting: number;
}

/** What the calls into these functions cost, each counted where it is entered from outside its own kind. */
const ENTRY_POINTS = {
  /** TurboFan, Sparkplug and lazy compiles: `v8::internal::Compiler::Compile…`. */
  compiling: (name: string) => name.startsWith('v8::internal::Compiler::'),
  /** `gc()` from bench/lib/child-probe.ts. */
  forcedGc: (name: string) => name.startsWith('v8::internal::GCExtension::GC('),
  collecting: (name: string) => name.startsWith('v8::internal::Heap::CollectGarbage('),
};
type EntryKind = keyof typeof ENTRY_POINTS;

/**
 * Reads a callgrind dump: its total, and the inclusive cost of the calls into {@link ENTRY_POINTS} (the cost
 * line after a `calls=` line is that call's inclusive cost).
 */
async function readDump(file: string): Promise<DumpCounts> {
  const text = await readFile(file, 'utf8');
  const total = /^totals: (\d+)/m.exec(text)?.[1] ?? /^summary: (\d+)/m.exec(text)?.[1];
  if (total === undefined) throw new Error(`no totals in ${file}`);
  const names = new Map<string, string>();
  /** Which entry point a compressed name is (`(12) name` defines it, `(12)` refers to it), if any. */
  const entryOf = (field: string): EntryKind | undefined => {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(field);
    if (match?.[2] !== undefined) names.set(match[1]!, match[2]);
    const name = match === null ? field : (match[2] ?? names.get(match[1]!) ?? '');
    return (Object.keys(ENTRY_POINTS) as EntryKind[]).find((kind) => ENTRY_POINTS[kind](name));
  };
  const counts: DumpCounts = { total: Number(total), compiling: 0, forcedGc: 0, collecting: 0 };
  let caller: EntryKind | undefined;
  let callee: EntryKind | undefined;
  let call = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) caller = entryOf(line.slice(3));
    else if (line.startsWith('cfn=')) callee = entryOf(line.slice(4));
    else if (line.startsWith('calls=')) call = true;
    else if (call && /^[\d+*-]/.test(line)) {
      if (callee !== undefined && callee !== caller) counts[callee] += Number(line.split(' ')[1] ?? 0);
      call = false;
    }
  }
  return counts;
}

/**
 * One kind's figures, in instructions per interaction: the raw count, the extras taken out (the forced GC at its
 * end, the timers, the JIT's compiling), and what is left: the interactions' own execution and garbage.
 */
interface KindFigures {
  raw: number;
  forcedGc: number;
  /** The collections V8 started by itself during the block (kept in `net`): they move a small block's figure. */
  ownGc: number;
  idle: number;
  compiling: number;
  /** raw − forced GC − idle − compiling: the headline figure. */
  net: number;
  /** Seconds from zeroing the counters to the dump. */
  seconds: number;
}

/** What one tree in one language measured. */
interface Run {
  kinds: Record<string, KindFigures>;
  /** Per round of the mixed block (one interaction of each kind), when the dumps have one. */
  mixed?: KindFigures;
  /** Instructions of each forced full GC with nothing new to collect (before and after the kinds). */
  fences: number[];
  /** Instructions per second with no interactions (the timers), compiling left out. */
  idlePerSecond: number;
}

/** One counted block as kept on disk: `<label>-<locale>-<block>.callgrind` and `.json` (its seconds and count). */
const blockFile = (folder: string, label: string, locale: string, block: string): string =>
  path.join(folder, `${label}-${locale}-${block}`.replace(/[^\w.-]+/g, '_'));

/** The figures of one tree and language from its kept blocks (see {@link measure}). */
async function figuresOf(folder: string, label: string, locale: string): Promise<Run> {
  const block = async (name: string): Promise<DumpCounts & { seconds: number; count: number }> => {
    const file = blockFile(folder, label, locale, name);
    const meta = JSON.parse(await readFile(`${file}.json`, 'utf8')) as { seconds: number; count: number };
    return { ...(await readDump(`${file}.callgrind`)), ...meta };
  };
  const fences: number[] = [];
  for (const when of ['before', 'after'])
    for (let i = 1; i <= FENCES; i++) fences.push((await block(`fence-${when}-${i}`)).total);
  const idleBlock = await block('idle');
  const idlePerSecond = (idleBlock.total - idleBlock.compiling) / idleBlock.seconds;
  const figures = async (name: string): Promise<KindFigures> => {
    const { total, compiling, forcedGc, collecting, seconds, count } = await block(name);
    const idle = idlePerSecond * seconds;
    return {
      raw: total / count,
      forcedGc: forcedGc / count,
      ownGc: (collecting - forcedGc) / count,
      idle: idle / count,
      compiling: compiling / count,
      net: (total - forcedGc - idle - compiling) / count,
      seconds,
    };
  };
  const kinds: Record<string, KindFigures> = {};
  for (const kind of KINDS) kinds[kind.name] = await figures(kind.name);
  // Dumps kept before the mixed block existed have none.
  const mixed = existsSync(`${blockFile(folder, label, locale, MIXED)}.json`)
    ? await figures(MIXED)
    : undefined;
  return { kinds, fences, idlePerSecond, ...(mixed === undefined ? {} : { mixed }) };
}

/** Instructions per interaction of each kind, for one tree and one language (nothing in --jit-trace runs). */
async function measure(
  tree: string,
  label: string,
  locale: string,
  blocks: string,
): Promise<Run | undefined> {
  const guilds = benchGuilds(GUILDS).map((guild) => ({ ...guild, preferred_locale: locale }));
  const fake = await FakeDiscord.start({ guilds, callbackTimeoutMs: 120_000 });
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-instructions-'));
  const writes = fake.commandWrites().length;
  const node = [
    '--single-threaded',
    // V8's memory reducer starts full GCs when the allocation rate drops: under valgrind, at random points.
    '--no-memory-reducer',
    '--expose-gc',
    ...(JIT_TRACE === undefined ? [] : ['--trace-opt', '--trace-deopt']),
    '--import',
    PROBE,
    path.join(tree, 'dist/src/index.js'),
  ];
  const child = spawn(
    JIT_TRACE === undefined ? 'valgrind' : process.execPath,
    JIT_TRACE === undefined
      ? ['--tool=callgrind', `--callgrind-out-file=${folder}/cg.%p`, process.execPath, ...node]
      : node,
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // V8's trace lines (with the bot's log lines) and where each block starts and ends, in --jit-trace runs.
  let trace = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (JIT_TRACE !== undefined) trace += chunk.toString();
  });
  let stderr = '';
  const memory: Array<{ heapUsed: number }> = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
    for (const match of chunk.toString().matchAll(/BENCH_MEMORY (\{.*\})/g))
      memory.push(JSON.parse(match[1]!) as { heapUsed: number });
  });
  /** A full GC in the bot (the probe's SIGUSR2), so garbage is collected at the same point in every run. */
  const collectGarbage = async (): Promise<void> => {
    const before = memory.length;
    child.kill('SIGUSR2');
    while (memory.length === before) await sleep(100);
  };
  const pid = child.pid;
  if (pid === undefined) throw new Error('valgrind did not start');
  /** Zeroes the counters, runs `work`, dumps, and keeps the dump and its seconds in `blocks` as `name`. */
  const counted = async (name: string, work: () => Promise<void>, count = COUNT): Promise<void> => {
    if (JIT_TRACE !== undefined) {
      trace += `\n${BLOCK_MARK} start ${name}\n`;
      await work();
      trace += `\n${BLOCK_MARK} end ${name}\n`;
      return;
    }
    callgrindControl(pid, '-z');
    const started = performance.now();
    await work();
    callgrindControl(pid, '-d');
    const seconds = (performance.now() - started) / 1000;
    const kept = blockFile(blocks, label, locale, name);
    await copyFile(await newestDump(folder, pid), `${kept}.callgrind`);
    await writeFile(`${kept}.json`, JSON.stringify({ seconds, count }));
  };
  try {
    await fake.waitForIdentify(600_000, 1);
    while (fake.commandWrites().length === writes) {
      if (child.exitCode !== null) throw new Error(`the bot exited: ${stderr}`);
      await sleep(200);
    }
    await sleep(3000);
    const guildIds = guilds.map((guild) => guild.id);
    for (const kind of KINDS) {
      for (let i = 0; i < WARM_UP; i++) await kind.send(fake, pick(guildIds, i), locale, i);
    }
    await sleep(SETTLE_MS);
    fake.requests.length = 0;
    await collectGarbage();
    console.log(`  ${label}, ${locale}: JS heap used after GC ${mib(memory.at(-1)?.heapUsed ?? Number.NaN)}`);
    // What the fence costs by itself: a full GC with only the previous one's leftovers to collect, a few times.
    const fence = async (when: string): Promise<void> => {
      for (let i = 1; i <= FENCES; i++) await counted(`fence-${when}-${i}`, collectGarbage);
    };
    await fence('before');
    // The timers alone. No GC at the end: what they leave is collected in the next kind's count, as it is
    // while interactions come.
    await counted('idle', () => sleep(IDLE_MS));
    for (const kind of KINDS) {
      let failed = 0;
      await counted(kind.name, async () => {
        for (let i = 0; i < COUNT; i++) {
          const handle = await kind.send(fake, pick(guildIds, i), locale, i);
          if (!kind.ok(handle)) failed++;
        }
        await sleep(SETTLE_MS);
        // The kind's own garbage is collected inside its count, not left for the next kind's.
        await collectGarbage();
      });
      if (failed > 0)
        throw new Error(`${kind.name}: ${failed} of ${COUNT} replies were not the expected kind`);
      fake.requests.length = 0;
    }
    // One of each kind in turn, as a bot gets them, warmed up the same way first: after a block of one kind, V8
    // re-optimises what the next kind's first interaction throws out. The forced GC comes before the warm-up, not
    // between it and the count: a full GC throws out optimised code (--jit-trace: 13–18 functions), which the
    // next interactions compile again.
    const round = async (i: number): Promise<void> => {
      for (const kind of KINDS) {
        const handle = await kind.send(fake, pick(guildIds, i), locale, i);
        if (!kind.ok(handle)) throw new Error(`${kind.name} in the mixed block: not the expected reply`);
      }
    };
    await collectGarbage();
    for (let i = 0; i < WARM_UP; i++) await round(i);
    await sleep(SETTLE_MS);
    fake.requests.length = 0;
    await counted(
      MIXED,
      async () => {
        for (let i = 0; i < MIXED_COUNT; i++) await round(i);
        await sleep(SETTLE_MS);
        await collectGarbage();
      },
      MIXED_COUNT,
    );
    fake.requests.length = 0;
    await fence('after');
    if (JIT_TRACE !== undefined) {
      const file = path.join(JIT_TRACE, `${label}-${locale}.trace`);
      await writeFile(file, trace);
      printJitTrace(label, locale, file, trace);
      return undefined;
    }
    return await figuresOf(blocks, label, locale);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    await fake.close();
    await rm(folder, { recursive: true, force: true });
  }
}

const millions = (n: number, digits = 3): string => (n / 1e6).toFixed(digits);

/** Where a block starts and ends in a --jit-trace run's output. */
const BLOCK_MARK = '@@bench-block';

/**
 * What V8 did in each block of a --jit-trace run: functions optimised and V8's own milliseconds for it (its three
 * phases), deoptimisations, and optimised functions thrown out because code they depend on changed; with the
 * first deoptimisation, which is usually what set off the rest.
 */
function printJitTrace(label: string, locale: string, file: string, trace: string): void {
  console.log(`  ${label}, ${locale}: V8's trace in ${file}`);
  const blocks = trace.split(`\n${BLOCK_MARK} start `).slice(1);
  for (const block of blocks) {
    const name = block.slice(0, block.indexOf('\n'));
    const lines = block.slice(0, block.indexOf(`\n${BLOCK_MARK} end `)).split('\n');
    let optimised = 0;
    let ms = 0;
    for (const line of lines) {
      const took = /completed (?:compiling|optimizing).* took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
      if (took === null) continue;
      optimised++;
      ms += Number(took[1]) + Number(took[2]) + Number(took[3]);
    }
    const deopts = lines.filter((line) => line.startsWith('[bailout'));
    const thrownOut = lines.filter((line) => line.startsWith('[marking dependent code')).length;
    const first = /reason: ([^)]*)\): begin\. deoptimizing \S+ <JSFunction ([^ >]*)/.exec(deopts[0] ?? '');
    console.log(
      `    ${name}: ${optimised} optimised in ${ms.toFixed(1)} ms, ${deopts.length} deoptimised, ` +
        `${thrownOut} thrown out by a dependency` +
        (first === null ? '' : ` (first deoptimisation: ${first[2] || '(anonymous)'}, ${first[1]})`),
    );
  }
}

function printRun(label: string, locale: string, run: Run): void {
  console.log(
    `  ${label}, ${locale}: fences ${run.fences.map((n) => millions(n, 1)).join(' / ')} M, ` +
      `idle ${millions(run.idlePerSecond, 3)} M/s`,
  );
  for (const [kind, f] of Object.entries(run.kinds)) {
    console.log(
      `    ${kind}: raw ${millions(f.raw)} M − forced GC ${millions(f.forcedGc)} − idle ${millions(f.idle)} ` +
        `(${f.seconds.toFixed(0)} s) − compiling ${millions(f.compiling)} = ${millions(f.net)} M ` +
        `(of which V8's own GCs ${millions(f.ownGc)})`,
    );
  }
  const m = run.mixed;
  if (m !== undefined)
    console.log(
      `    mixed, per round of ${KINDS.length}: raw ${millions(m.raw)} M − forced GC ${millions(m.forcedGc)} − ` +
        `idle ${millions(m.idle)} (${m.seconds.toFixed(0)} s) = ${millions(m.net + m.compiling)} M with ` +
        `compiling ${millions(m.compiling)}, ${millions(m.net)} M without (of which V8's own GCs ` +
        `${millions(m.ownGc)})`,
    );
}

function printTable(labels: readonly string[], results: Record<string, Record<string, Run>>): void {
  const header = ['Interaction', 'Language', ...labels];
  for (const label of labels.slice(1)) header.push(`${label} vs ${labels[0]!}`);
  console.log(
    `\nInstructions per interaction (per round for the mixed block), millions; forced GC and timers taken out, ` +
      `and the compiling where it says so (a tree measured in English only is the baseline for every ` +
      `language: it runs the same code whatever the language):\n` +
      `| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`,
  );
  const rows: [string, (run: Run) => number | undefined][] = [
    ...KINDS.map((kind): [string, (run: Run) => number | undefined] => [
      `${kind.name}, compiling out`,
      (run) => run.kinds[kind.name]?.net,
    ]),
    ['one of each, compiling in', (run) => run.mixed && run.mixed.net + run.mixed.compiling],
    ['one of each, compiling out', (run) => run.mixed?.net],
  ];
  for (const [name, figure] of rows) {
    for (const locale of LOCALES) {
      const of = (label: string, inLocale = locale): number => {
        const run = results[label]?.[inLocale];
        return (run && figure(run)) ?? Number.NaN;
      };
      const row = labels.map((label) => of(label));
      const base = Number.isNaN(row[0]!) ? of(labels[0]!, 'en-US') : row[0]!;
      const cells = [name, locale, ...row.map((n) => millions(n))];
      for (const n of row.slice(1)) cells.push(`${(((n - base) / base) * 100).toFixed(1)} %`);
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
}

if (values.report !== undefined) {
  // Figures again from kept blocks: --report <folder> with the labels (commits) given as --against.
  const labels = values.against;
  const results: Record<string, Record<string, Run>> = {};
  for (const label of labels) {
    const byLocale: Record<string, Run> = {};
    results[label] = byLocale;
    for (const locale of LOCALES) {
      try {
        const run = await figuresOf(path.resolve(values.report), label, locale);
        byLocale[locale] = run;
        printRun(label, locale, run);
      } catch (error) {
        console.log(`  ${label}, ${locale}: not measured (${(error as Error).message.split('\n')[0]})`);
      }
    }
  }
  printTable(labels, results);
} else {
  const trees = [
    ...values.against.map((folder) => ({
      label: shortName(path.resolve(folder)),
      folder: path.resolve(folder),
    })),
    ...(values['only-against'] ? [] : [{ label: shortName(PROJECT_ROOT), folder: PROJECT_ROOT }]),
  ];
  console.log(
    `Instructions per interaction (callgrind), ${COUNT} of each kind after ${WARM_UP} of each to warm up, ` +
      `idle block ${IDLE_MS / 1000} s`,
  );
  for (const tree of trees) console.log(`  ${tree.label}: ${tree.folder}, ${gitDescribe(tree.folder)}`);
  const blocks = KEEP_DUMPS ?? (await mkdtemp(path.join(tmpdir(), 'phb-instruction-blocks-')));
  await mkdir(blocks, { recursive: true });
  if (JIT_TRACE !== undefined) await mkdir(JIT_TRACE, { recursive: true });
  // This tree is compiled in any case: the probe comes from it.
  compile(PROJECT_ROOT);
  const results: Record<string, Record<string, Run>> = {};
  for (const tree of trees) {
    if (tree.folder !== PROJECT_ROOT) compile(tree.folder);
    const byLocale: Record<string, Run> = {};
    results[tree.label] = byLocale;
    for (const locale of LOCALES) {
      const run = await measure(tree.folder, tree.label, locale, blocks);
      if (run === undefined) continue;
      byLocale[locale] = run;
      printRun(tree.label, locale, run);
    }
  }
  if (JIT_TRACE === undefined)
    printTable(
      trees.map((tree) => tree.label),
      results,
    );
  if (KEEP_DUMPS === undefined) await rm(blocks, { recursive: true, force: true });
}

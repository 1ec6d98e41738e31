/**
 * Instructions per interaction, counted by valgrind's callgrind: a figure that stays the same whatever else the
 * machine is doing (CPU time on a shared machine moves by ±40 %, so it cannot show a 3 % change).
 *
 *   npx tsx bench/instructions.ts [--against <folder of another checkout>] [--count N] [--warm-up N]
 *                                 [--locales en-US,pt-BR]
 *
 * For each tree (this one, and the other checkout when given: e.g. an older commit with node_modules linked) and
 * each language (an English server and member, then a pt-BR server and member), the tree's bot is compiled as
 * `npm start` compiles it and run as `node --single-threaded dist/src/index.js` (one thread, so V8's compiler and
 * GC work in the same order every run) under `valgrind --tool=callgrind`, against this tree's fake Discord in this
 * process. It is warmed up with `--warm-up` interactions of each kind, then counters are zeroed and each kind gets
 * `--count` interactions, one at a time, each awaited; after each kind (and a settle so its log lines are written)
 * callgrind dumps, and the dump's total over the count is the figure. A full GC (bench/lib/child-probe.ts) runs
 * before counting starts and at the end of each kind, inside its count: otherwise a collection lands in whichever
 * kind happens to fill the heap, and moves the split between kinds by ±15 %. Defaults: 300 and 300. Takes several minutes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../src/config.js';
import { FakeDiscord, type InteractionHandle } from '../tests/support/fake-discord.js';
import { benchGuilds } from './lib/guilds.js';
import { sleep } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    against: { type: 'string' },
    count: { type: 'string', default: '300' },
    'warm-up': { type: 'string', default: '300' },
    locales: { type: 'string', default: 'en-US,pt-BR' },
  },
});
const COUNT = Number(values.count);
/** The bench's probe (compiled with this tree): SIGUSR2 makes the bot collect garbage and say so on stderr. */
const PROBE = path.join(PROJECT_ROOT, 'dist/bench/lib/child-probe.js');
const WARM_UP = Number(values['warm-up']);
const GUILDS = 20;
/** The member's and the server's Discord language, one run each. */
const LOCALES = values.locales.split(',');
/** After a kind's last reply: time for the bot's log lines (batched up to 100 ms) and REST answers under valgrind. */
const SETTLE_MS = 1500;

const CAST_VALUES = [
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
const TYPED = [
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
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

interface Kind {
  name: string;
  send(fake: FakeDiscord, guildId: string, locale: string, index: number): Promise<InteractionHandle>;
  ok(handle: InteractionHandle): boolean;
}

const KINDS: Kind[] = [
  {
    name: '/countdown',
    send: (fake, guildId, locale) => fake.chatInput({ name: 'countdown', guildId, locale }),
    ok: (handle) => handle.reply.type === 4 && handle.reply.data?.embeds?.length === 1,
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
    ok: (handle) => handle.reply.type === 4 && handle.reply.data?.embeds?.length === 1,
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
    ok: (handle) => handle.reply.type === 8,
  },
];

function compile(tree: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: tree, stdio: 'inherit' });
}

function gitDescribe(tree: string): string {
  try {
    const commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: tree }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: tree })
      .toString()
      .trim();
    return `${commit.slice(0, 70)}${dirty === '' ? '' : ' (+ uncommitted changes)'}`;
  } catch {
    return 'not a git checkout';
  }
}

function callgrindControl(pid: number, flag: '-z' | '-d'): void {
  execFileSync('callgrind_control', [flag, String(pid)], { stdio: 'ignore' });
}

/** Total instructions in the newest dump of `pid` in `folder` (callgrind names them cg.<pid>.<n>). */
async function newestDumpTotal(folder: string, pid: number): Promise<number> {
  const dumps = (await readdir(folder))
    .filter((name) => name.startsWith(`cg.${pid}.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
  const newest = dumps.at(-1);
  if (newest === undefined) throw new Error('callgrind wrote no dump');
  const text = await readFile(path.join(folder, newest), 'utf8');
  const total = /^totals: (\d+)/m.exec(text)?.[1] ?? /^summary: (\d+)/m.exec(text)?.[1];
  if (total === undefined) throw new Error(`no totals in ${newest}`);
  return Number(total);
}

/** Instructions per interaction of each kind, for one tree and one language. */
async function measure(tree: string, locale: string): Promise<Record<string, number>> {
  const guilds = benchGuilds(GUILDS).map((guild) => ({ ...guild, preferred_locale: locale }));
  const fake = await FakeDiscord.start({ guilds, callbackTimeoutMs: 120_000 });
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-instructions-'));
  const writes = fake.commandWrites().length;
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${folder}/cg.%p`,
      process.execPath,
      '--single-threaded',
      '--expose-gc',
      '--import',
      PROBE,
      path.join(tree, 'dist/src/index.js'),
    ],
    {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  let collections = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
    collections += chunk.toString().split('BENCH_MEMORY').length - 1;
  });
  /** A full GC in the bot (the probe's SIGUSR2), so garbage is collected at the same point in every run. */
  const collectGarbage = async (): Promise<void> => {
    const before = collections;
    child.kill('SIGUSR2');
    while (collections === before) await sleep(100);
  };
  const pid = child.pid;
  if (pid === undefined) throw new Error('valgrind did not start');
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
    callgrindControl(pid, '-z');
    const figures: Record<string, number> = {};
    for (const kind of KINDS) {
      let failed = 0;
      for (let i = 0; i < COUNT; i++) {
        const handle = await kind.send(fake, pick(guildIds, i), locale, i);
        if (!kind.ok(handle)) failed++;
      }
      await sleep(SETTLE_MS);
      // The kind's own garbage is collected inside its count, not left for the next kind's.
      await collectGarbage();
      callgrindControl(pid, '-d');
      figures[kind.name] = (await newestDumpTotal(folder, pid)) / COUNT;
      if (failed > 0)
        throw new Error(`${kind.name}: ${failed} of ${COUNT} replies were not the expected kind`);
      fake.requests.length = 0;
    }
    return figures;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    await fake.close();
    await rm(folder, { recursive: true, force: true });
  }
}

const trees = [
  ...(values.against === undefined ? [] : [{ label: 'against', folder: path.resolve(values.against) }]),
  { label: 'this tree', folder: PROJECT_ROOT },
];
console.log(
  `Instructions per interaction (callgrind), ${COUNT} of each kind after ${WARM_UP} of each to warm up`,
);
for (const tree of trees) console.log(`  ${tree.label}: ${tree.folder}, ${gitDescribe(tree.folder)}`);
const results: Record<string, Record<string, Record<string, number>>> = {};
for (const tree of trees) {
  compile(tree.folder);
  results[tree.label] = {};
  for (const locale of LOCALES) {
    const figures = await measure(tree.folder, locale);
    results[tree.label]![locale] = figures;
    console.log(
      `  ${tree.label}, ${locale}: ` +
        Object.entries(figures)
          .map(([kind, n]) => `${kind} ${(n / 1e6).toFixed(3)} M`)
          .join(', '),
    );
  }
}

const header = ['Interaction', 'Language', ...trees.map((tree) => tree.label)];
if (trees.length === 2) header.push('Change');
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
for (const kind of KINDS) {
  for (const locale of LOCALES) {
    const row = trees.map((tree) => results[tree.label]![locale]![kind.name]!);
    const cells = [kind.name, locale, ...row.map((n) => `${(n / 1e6).toFixed(3)} M instructions`)];
    if (row.length === 2) cells.push(`${(((row[1]! - row[0]!) / row[0]!) * 100).toFixed(1)} %`);
    console.log(`| ${cells.join(' | ')} |`);
  }
}

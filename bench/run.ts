/**
 * `npm run bench [-- phase...]`: the bot's benchmarks. Phases: store, memory, interactions, posts, announce,
 * reminders (the default is all six, in that order; posts alone takes over 7 minutes, announce and reminders
 * about 4). Figures are printed, never asserted; see bench/README.md for what each measures and the latest results.
 */
import { loadavg } from 'node:os';
import { announcePhase } from './lib/announce.js';
import { interactionsPhase } from './lib/interactions.js';
import { describeMachine } from './lib/machine.js';
import { memoryPhase } from './lib/memory.js';
import { postsPhase } from './lib/posts.js';
import { remindersPhase } from './lib/reminders.js';
import { heading, Report } from './lib/report.js';
import { storePhase } from './lib/store.js';

const PHASES = {
  store: storePhase,
  memory: memoryPhase,
  interactions: interactionsPhase,
  posts: postsPhase,
  announce: announcePhase,
  reminders: remindersPhase,
} as const;
type Phase = keyof typeof PHASES;

const isPhase = (name: string): name is Phase => Object.hasOwn(PHASES, name);

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isPhase(name));
if (unknown.length > 0) {
  console.error(`bench: unknown phase ${unknown.join(', ')}; phases: ${Object.keys(PHASES).join(', ')}`);
  process.exit(2);
}
const phases = requested.length === 0 ? (Object.keys(PHASES) as Phase[]) : requested.filter(isPhase);

heading(`purple-hearts-bot benchmarks: ${phases.join(', ')}`);
for (const line of describeMachine()) console.log(`  ${line}`);

const report = new Report();
const started = performance.now();
for (const phase of phases) {
  try {
    await PHASES[phase](report);
  } catch (error) {
    report.note(
      `${phase}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
}

heading(`Summary (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
console.log(report.table());
if (report.notes.length > 0) console.log(`\n${report.notes.map((note) => `- ${note}`).join('\n')}`);
console.log(
  `\nLoad average at the end: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`,
);
// Anything a failed phase left open (a fake Discord, a timer) must not keep the process alive.
process.exit();

/**
 * Timing, not a test: how long storing one trivia answer takes as a round fills up. One game on a real SQLite
 * store (a temporary file), then `ANSWERS` different members answer its question through the service, first
 * one after another, then (in a second game) all at once; then both are revealed. Five times over, after a
 * round that only warms the code up; prints the medians of wall and CPU (all threads) ms per answer.
 *
 *   npx tsx bench/trivia-answer-timing.ts [answers]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '../src/settings/definitions.js';
import { openStore } from '../src/store.js';
import { TriviaRuntime } from '../src/trivia/runtime.js';
import { TriviaService } from '../src/trivia/service.js';
import { builtInQuestions, ManualClock, RecordingSender, silentLogger } from '../tests/trivia/support.js';

const ANSWERS = Number(process.argv[2] ?? 250);
const REPEATS = 5;
const GUILD = '100000000000000001';

const folder = await mkdtemp(path.join(tmpdir(), 'trivia-timing-'));
const store = await openStore(`sqlite://${path.join(folder, 'store.sqlite')}`);
const clock = new ManualClock('2026-05-10T12:00:00Z');
const sender = new RecordingSender();
const runtime = new TriviaRuntime({ timers: clock, now: clock.now, logger: silentLogger() });
const service = new TriviaService({
  store,
  settings: { get: () => Promise.resolve({ ...DEFAULT_SETTINGS, triviaAnswerTime: 120 }) },
  builtIn: builtInQuestions(20),
  sender,
  runtime,
  now: clock.now,
  logger: silentLogger(),
  timing: { playCooldownMs: 0 },
});

interface Figures {
  wall: number;
  cpu: number;
  /** Wall ms per answer over the first and the last tenth of the answers (one at a time only). */
  firstTenth: number;
  lastTenth: number;
}

/** Starts a game in `channelId` and has `ANSWERS` members answer it; per-answer figures. */
async function round(channelId: string, concurrent: boolean): Promise<Figures> {
  const { game } = await service.start({
    guildId: GUILD,
    channelId,
    userId: 'host',
    category: 'any',
    difficulty: 'any',
    rounds: 1,
  });
  const messageId = sender.questions().at(-1)?.id ?? '';
  const answer = (index: number) =>
    service.answer({
      guildId: GUILD,
      channelId,
      messageId,
      userId: `member-${index}`,
      gameId: game.id,
      round: 1,
      choice: index % 4,
    });
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (concurrent) {
    await Promise.all(Array.from({ length: ANSWERS }, (_, index) => answer(index)));
  } else {
    for (let index = 0; index < ANSWERS; index++) {
      const before = performance.now();
      await answer(index);
      times.push(performance.now() - before);
    }
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const tenth = Math.max(1, Math.floor(ANSWERS / 10));
  const mean = (part: number[]) => part.reduce((a, b) => a + b, 0) / Math.max(1, part.length);
  return {
    wall: wall / ANSWERS,
    cpu: (used.user + used.system) / 1000 / ANSWERS,
    firstTenth: mean(times.slice(0, tenth)),
    lastTenth: mean(times.slice(-tenth)),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => value.toFixed(3);

try {
  // A first round only warms the code up (JIT), so the figures are of steady running.
  await round('200000000000000099', false);
  await clock.advance(120_000);
  const oneByOne: Figures[] = [];
  const atOnce: Figures[] = [];
  const reveals: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    oneByOne.push(await round(`2000000000000001${repeat}`, false));
    atOnce.push(await round(`2000000000000002${repeat}`, true));
    const revealStarted = performance.now();
    await clock.advance(120_000);
    reveals.push((performance.now() - revealStarted) / 2);
  }
  const pick = (figures: Figures[], field: keyof Figures) => ms(median(figures.map((f) => f[field])));
  console.log(`${ANSWERS} answers to one question, medians of ${REPEATS} rounds:`);
  console.log(
    `  one at a time: ${pick(oneByOne, 'wall')} ms wall, ${pick(oneByOne, 'cpu')} ms CPU per answer ` +
      `(first tenth ${pick(oneByOne, 'firstTenth')} ms each, last tenth ${pick(oneByOne, 'lastTenth')} ms each)`,
  );
  console.log(`  all at once:   ${pick(atOnce, 'wall')} ms wall, ${pick(atOnce, 'cpu')} ms CPU per answer`);
  console.log(`  reveal:        ${ms(median(reveals))} ms`);
} finally {
  await runtime.stop();
  await store.close();
  await rm(folder, { recursive: true, force: true });
}

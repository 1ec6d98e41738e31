/**
 * Timing, not a test: how long storing one trivia answer takes as a round fills up. One game on a real SQLite
 * store (a temporary file), then `ANSWERS` different members answer its question through the service, first
 * one after another, then (in a second game) all at once; then the reveal. Prints wall and CPU ms per answer,
 * after a first round that only warms the code up.
 *
 *   npx tsx tests/trivia/answer-timing.ts [answers]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '../../src/settings/definitions.js';
import { openStore } from '../../src/store.js';
import { TriviaRuntime } from '../../src/trivia/runtime.js';
import { TriviaService } from '../../src/trivia/service.js';
import { builtInQuestions, ManualClock, RecordingSender, silentLogger } from './support.js';

const ANSWERS = Number(process.argv[2] ?? 250);
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

async function round(channelId: string, concurrent: boolean, report = true): Promise<void> {
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  if (concurrent) {
    await Promise.all(Array.from({ length: ANSWERS }, (_, index) => answer(index)));
  } else {
    const tenth = Math.max(1, Math.floor(ANSWERS / 10));
    const times: number[] = [];
    for (let index = 0; index < ANSWERS; index++) {
      const before = performance.now();
      await answer(index);
      times.push(performance.now() - before);
    }
    const mean = (part: number[]) => (part.reduce((a, b) => a + b, 0) / part.length).toFixed(3);
    if (report)
      console.log(
        `first ${tenth} answers: ${mean(times.slice(0, tenth))} ms each, last ${tenth}: ${mean(times.slice(-tenth))} ms each`,
      );
  }
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const how = concurrent ? 'all at once   ' : 'one at a time ';
  if (!report) return;
  console.log(
    `${ANSWERS} answers, ${how}: ${(wall / ANSWERS).toFixed(3)} ms wall, ${(cpuMs / ANSWERS).toFixed(3)} ms CPU per answer`,
  );
}

try {
  // A first round only warms the code up (JIT), so the figures are of steady running.
  await round('200000000000000009', false, false);
  await clock.advance(120_000);
  await round('200000000000000001', false);
  await round('200000000000000002', true);
  const revealStarted = performance.now();
  await clock.advance(120_000);
  console.log(`two reveals of ${ANSWERS} answers each: ${(performance.now() - revealStarted).toFixed(1)} ms`);
} finally {
  await runtime.stop();
  await store.close();
  await rm(folder, { recursive: true, force: true });
}

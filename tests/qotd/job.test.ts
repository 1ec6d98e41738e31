import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/definitions.js';
import { qotdJob, renderQuestionOfTheDay } from '../../src/qotd/job.js';
import { fromBuiltIn } from '../../src/trivia/questions.js';
import { TriviaRuntime } from '../../src/trivia/runtime.js';
import { TriviaService } from '../../src/trivia/service.js';
import { ManualClock } from '../support/manual-clock.js';
import { MemoryStore } from '../support/memory-store.js';
import { builtInQuestions, RecordingSender, silentLogger } from '../trivia/support.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const runtimes: TriviaRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop();
});

function job(values: Partial<GuildSettings>, questions = 3) {
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  const settings = { get: () => Promise.resolve({ ...DEFAULT_SETTINGS, ...values }) };
  const sender = new RecordingSender();
  const runtime = new TriviaRuntime({ timers: clock, now: clock.now, logger: silentLogger() });
  runtimes.push(runtime);
  const trivia = new TriviaService({
    store: new MemoryStore(),
    settings,
    builtIn: builtInQuestions(questions),
    sender,
    runtime,
    now: clock.now,
    logger: silentLogger(),
  });
  return { sender, job: qotdJob({ settings, trivia, sender, logger: silentLogger() }) };
}

describe('the question of the day job', () => {
  it('is idle while off or without a channel, and planned at the local time otherwise', async () => {
    expect(await job({}).job.plan(GUILD, new Date())).toEqual({
      kind: 'idle',
      reason: { key: 'schedule.idle.qotdOff' },
    });
    expect(await job({ qotdEnabled: true }).job.plan(GUILD, new Date())).toEqual({
      kind: 'idle',
      reason: { key: 'schedule.idle.noQotdChannel' },
    });
    expect(
      await job({
        qotdEnabled: true,
        qotdChannel: CHANNEL,
        qotdTime: '18:30',
        qotdTimezone: 'Asia/Tokyo',
      }).job.plan(GUILD, new Date()),
    ).toEqual({ kind: 'planned', time: '18:30', timeZone: 'Asia/Tokyo' });
  });

  it('posts with the nonce it is given, and no question twice until the pool is used up', async () => {
    const { job: daily, sender } = job({ qotdEnabled: true, qotdChannel: CHANNEL });
    for (const date of ['2026-05-10', '2026-05-11', '2026-05-12'])
      await daily.post(GUILD, date, `nonce-${date}`);
    expect(sender.messages.map((m) => m.nonce)).toEqual([
      'nonce-2026-05-10',
      'nonce-2026-05-11',
      'nonce-2026-05-12',
    ]);
    const texts = sender.messages.map((m) => m.body.embeds?.[0]?.description?.split('\n')[0]);
    expect(new Set(texts).size).toBe(3);
  });

  it('hides the answer and its explanation in spoilers, and shows typed text plainly', () => {
    const [question] = builtInQuestions(1).map(fromBuiltIn);
    if (question === undefined) throw new Error('no question');
    const body = renderQuestionOfTheDay(
      { ...question, question: '**Who** sang at @everyone?' },
      ['Right 1', 'Wrong A1', 'Wrong B1', 'Wrong C1'],
      '2026-05-10',
    );
    const description = body.embeds?.[0]?.description ?? '';
    expect(description).toContain('\\*\\*Who\\*\\* sang at @\u200beveryone?');
    expect(description).toContain('Answer: ||Right 1||');
    expect(description).toContain('||Because 1.||');
    expect(body.embeds?.[0]?.title).toBe('Question of the day · 2026-05-10');
  });
});

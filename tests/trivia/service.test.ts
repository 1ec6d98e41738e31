import { DiscordAPIError } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/definitions.js';
import { ANSWERS_PER_PAGE, storedAnswers } from '../../src/trivia/answers.js';
import type { GameRecord } from '../../src/trivia/game.js';
import { answerKey, gameKey } from '../../src/trivia/keys.js';
import { TriviaRuntime } from '../../src/trivia/runtime.js';
import { ALL_TIME } from '../../src/trivia/scores.js';
import { TriviaService, type StartRequest, type TriviaTiming } from '../../src/trivia/service.js';
import {
  builtInQuestions,
  buttonsOf,
  ManualClock,
  MemoryStore,
  RecordingSender,
  silentLogger,
} from './support.js';

const GUILD = '100000000000000001';
const CHANNEL = '200000000000000001';
const PAUSE_MS = 5_000;
const ANSWER_MS = DEFAULT_SETTINGS.triviaAnswerTime * 1000;

/** A seeded random, so shuffles and picks differ between calls but not between runs. */
function seeded(seed = 42): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface World {
  clock: ManualClock;
  store: MemoryStore;
  sender: RecordingSender;
  values: GuildSettings;
  runtime: TriviaRuntime;
  service: TriviaService;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.runtime.stop();
});

/** A trivia service on an in-memory store, a manual clock and a recording sender. */
function world(
  options: {
    clock?: ManualClock;
    store?: MemoryStore;
    sender?: RecordingSender;
    questions?: number;
    timing?: Partial<TriviaTiming>;
  } = {},
): World {
  const clock = options.clock ?? new ManualClock('2026-05-10T12:00:00Z');
  const store = options.store ?? new MemoryStore();
  const sender = options.sender ?? new RecordingSender();
  const values: GuildSettings = { ...DEFAULT_SETTINGS };
  const runtime = new TriviaRuntime({ timers: clock, now: clock.now, logger: silentLogger() });
  const service = new TriviaService({
    store,
    settings: { get: () => Promise.resolve(values) },
    builtIn: builtInQuestions(options.questions ?? 20),
    sender,
    runtime,
    now: clock.now,
    logger: silentLogger(),
    random: seeded(),
    timing: { pauseMs: PAUSE_MS, ...options.timing },
  });
  const made = { clock, store, sender, values, runtime, service };
  worlds.push(made);
  return made;
}

const start = (w: World, overrides: Partial<StartRequest> = {}) =>
  w.service.start({
    guildId: GUILD,
    channelId: CHANNEL,
    userId: 'host',
    category: 'any',
    difficulty: 'any',
    rounds: 2,
    ...overrides,
  });

/** The question open now: its message, buttons, and which label is right (built-in answers are "Right N"). */
function openQuestion(w: World) {
  const message = w.sender.questions().at(-1);
  if (message === undefined) throw new Error('no question was posted');
  const buttons = buttonsOf(w.sender.current(message.id));
  const right = buttons.find((button) => button.label.startsWith('Right'));
  const wrong = buttons.find((button) => !button.label.startsWith('Right'));
  if (right === undefined || wrong === undefined) throw new Error('no right and wrong buttons');
  return { message, buttons, right, wrong };
}

/** A click on a button, as commands/trivia.ts passes it on. */
function click(
  w: World,
  userId: string,
  button: { customId: string },
  where: { guildId?: string; channelId?: string; messageId?: string } = {},
) {
  const [, , gameId = '', round = '', choice = ''] = button.customId.split(':');
  return w.service.answer({
    guildId: where.guildId ?? GUILD,
    channelId: where.channelId ?? CHANNEL,
    messageId: where.messageId ?? openQuestion(w).message.id,
    userId,
    gameId,
    round: Number(round),
    choice: Number(choice),
  });
}

const revealOf = (w: World, messageId: string) => JSON.stringify(w.sender.current(messageId));

/** The store's keys that hold pages of answers. */
const answerKeys = (store: MemoryStore) => [...store.data.keys()].filter((key) => key.includes(':answers:'));
/** Enough members to fill the first page of answers. */
const pageOfMembers = Array.from({ length: ANSWERS_PER_PAGE }, (_, i) => `member-${i}`);

/** A store whose next write lands and then reports a failure, as a connection lost before the reply would. */
class LandThenFailStore extends MemoryStore {
  failAfterNextWrite = false;

  override async set(key: string, value: unknown): Promise<boolean> {
    await super.set(key, value);
    if (!this.failAfterNextWrite) return true;
    this.failAfterNextWrite = false;
    throw new Error('connection lost');
  }
}

describe('starting a game', () => {
  it('posts a question with four shuffled choices, buttons naming the game and round, and a live deadline', async () => {
    const w = world();
    const { game } = await start(w);
    const { message, buttons } = openQuestion(w);
    expect(buttons).toHaveLength(4);
    expect(new Set(buttons.map((b) => b.label)).size).toBe(4);
    for (const button of buttons)
      expect(button.customId).toMatch(new RegExp(`^trivia:a:${game.id}:1:[0-3]$`));
    const deadline = Math.floor((w.clock.now().getTime() + ANSWER_MS) / 1000);
    expect(message.body.embeds?.[0]?.description).toContain(`<t:${deadline}:R>`);
    expect(message.nonce).toBe(`${game.id}-1`);
    expect(await w.store.get(gameKey(GUILD, CHANNEL))).toMatchObject({ round: 1, phase: 'question' });
  });

  it('shuffles the choices, so the right one is not always in the same place', async () => {
    const w = world({ timing: { playCooldownMs: 0 } });
    const places = new Set<number>();
    for (let i = 0; i < 8; i++) {
      await start(w, { channelId: `20000000000000010${i}` });
      places.add(openQuestion(w).buttons.findIndex((b) => b.label.startsWith('Right')));
    }
    expect(places.size).toBeGreaterThan(1);
  });

  it('allows one game per channel, and says so to whoever tries a second', async () => {
    const w = world();
    await start(w);
    await expect(start(w, { userId: 'other' })).rejects.toThrow(
      /already running in this channel \(question 1 of 2\)/,
    );
    await expect(start(w, { userId: 'other', channelId: '200000000000000002' })).resolves.toBeDefined();
  });

  it('makes a member who just started a game wait before starting another', async () => {
    const w = world();
    await start(w, { channelId: '200000000000000002' });
    await expect(start(w)).rejects.toThrow(/You started a game a moment ago/);
    await w.clock.advance(30_000);
    await expect(start(w)).resolves.toBeDefined();
  });

  it('says the server has no questions of its own when it asks only for those', async () => {
    const w = world();
    w.values.triviaSource = 'custom';
    await expect(start(w)).rejects.toThrow(/no questions of its own yet/);
    expect(w.sender.messages).toEqual([]);
    expect(w.store.data.size).toBe(0);
  });

  it("takes the buttons off a question it could not keep, saying so in the game's language", async () => {
    const store = new MemoryStore();
    // The question goes out, then the store fails before the game is saved with it.
    class FailingAfterSend extends RecordingSender {
      override send(...args: Parameters<RecordingSender['send']>) {
        store.failWrites = true;
        return super.send(...args);
      }
    }
    const w = world({ store, sender: new FailingAfterSend() });
    await expect(start(w, { locale: 'de' })).rejects.toThrow(/store unavailable/);
    const [question] = w.sender.messages;
    expect(w.sender.current(question?.id ?? '')).toEqual({
      content: 'Diese Frage konnte nicht gestartet werden.',
      embeds: [],
      components: [],
    });
  });

  it('starts nothing when the question cannot be posted', async () => {
    const w = world();
    w.sender.fail.send = new Error('Missing Permissions');
    await expect(start(w)).rejects.toThrow(/Missing Permissions/);
    expect(await w.service.games.read(GUILD, CHANNEL)).toBeUndefined();
    expect(
      [...w.store.data.keys()].filter(
        (key) => key.startsWith('trivia:game') || key.startsWith('trivia:active'),
      ),
    ).toEqual([]);
  });
});

describe('answering', () => {
  it("locks in a member's first answer, and refuses a second click without counting it", async () => {
    const w = world();
    await start(w);
    const { right, wrong } = openQuestion(w);
    await expect(click(w, 'fan', right)).resolves.toMatchObject({ label: right.label });
    await expect(click(w, 'fan', wrong)).rejects.toThrow(
      /already locked in \*\*Right \d+\*\*; only your first answer counts/,
    );
    const game = await w.service.games.read(GUILD, CHANNEL);
    expect(game?.question?.answers).toEqual([expect.objectContaining({ userId: 'fan' })]);
  });

  it('stores each answer with one write that leaves the game record as it was, however many came before', async () => {
    const w = world();
    await start(w);
    const { buttons } = openQuestion(w);
    const record = JSON.stringify(await w.store.get(gameKey(GUILD, CHANNEL)));
    const writesBefore = w.store.writes;
    for (let member = 0; member < 40; member++) await click(w, `member-${member}`, buttons[member % 4]!);
    expect(w.store.writes - writesBefore).toBe(40);
    expect(JSON.stringify(await w.store.get(gameKey(GUILD, CHANNEL)))).toBe(record);
    const answers = (await w.service.games.read(GUILD, CHANNEL))?.question?.answers ?? [];
    expect(answers.map((answer) => answer.userId)).toEqual(
      Array.from({ length: 40 }, (_, i) => `member-${i}`),
    );
  });

  it('keeps one answer per member, the first, from a burst of concurrent double clicks', async () => {
    const w = world();
    await start(w);
    const { message, right, wrong } = openQuestion(w);
    const members = Array.from({ length: 30 }, (_, i) => `member-${i}`);
    const outcomes = await Promise.allSettled(
      members.flatMap((member) => [click(w, member, right), click(w, member, wrong)]),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(30);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(30);
    await w.runtime.stop();

    const second = world({ clock: w.clock, store: w.store, sender: w.sender });
    await second.service.recover([GUILD]);
    const answers = (await second.service.games.read(GUILD, CHANNEL))?.question?.answers ?? [];
    expect(answers.map((answer) => answer.userId)).toEqual(members);
    await second.clock.advance(ANSWER_MS);
    expect(revealOf(second, message.id)).toContain('Right (30)');
  });

  it('counts only the answers it confirmed when a write landed but reported a failure', async () => {
    const store = new LandThenFailStore();
    const w = world({ store });
    await start(w);
    const { message, right, wrong } = openQuestion(w);
    store.failAfterNextWrite = true;
    await expect(click(w, 'unlucky', wrong)).rejects.toThrow(/connection lost/);
    await click(w, 'lucky', right);
    await w.runtime.stop();

    const second = world({ clock: w.clock, store: w.store, sender: w.sender });
    await second.service.recover([GUILD]);
    const answers = (await second.service.games.read(GUILD, CHANNEL))?.question?.answers ?? [];
    expect(answers.map((answer) => answer.userId)).toEqual(['lucky']);
    await second.clock.advance(ANSWER_MS);
    expect(revealOf(second, message.id)).not.toContain('unlucky');
    expect(answerKeys(second.store)).toEqual([]);
  });

  it('refuses an answer at or after the deadline', async () => {
    const w = world();
    await start(w);
    const { right, message } = openQuestion(w);
    w.clock.jump(ANSWER_MS);
    await expect(click(w, 'fan', right, { messageId: message.id })).rejects.toThrow(/Time's up/);
  });

  it("never lets a button of one channel's or server's game count in another", async () => {
    const w = world();
    await start(w);
    const { right, message } = openQuestion(w);
    await expect(
      click(w, 'fan', right, { channelId: '200000000000000009', messageId: message.id }),
    ).rejects.toThrow(/game is over/);
    await expect(
      click(w, 'fan', right, { guildId: '100000000000000009', messageId: message.id }),
    ).rejects.toThrow(/game is over/);
    await expect(click(w, 'fan', right, { messageId: '999' })).rejects.toThrow(/question is closed/);
    expect((await w.service.games.read(GUILD, CHANNEL))?.question?.answers).toEqual([]);
  });

  it('tells the member when their answer could not be saved, and keeps no trace of it', async () => {
    const w = world();
    await start(w);
    const { right } = openQuestion(w);
    w.store.failWrites = true;
    await expect(click(w, 'fan', right)).rejects.toThrow(/store unavailable/);
    w.store.failWrites = false;
    expect((await w.service.games.read(GUILD, CHANNEL))?.question?.answers).toEqual([]);
    await expect(click(w, 'fan', right)).resolves.toBeDefined();
  });
});

describe('the reveal and the rounds after it', () => {
  it('shows the answer, the explanation, who was right and the points won, with the buttons disabled', async () => {
    const w = world();
    await start(w);
    const { message, right, wrong } = openQuestion(w);
    await w.clock.advance(1_000);
    await click(w, 'fast', right);
    await w.clock.advance(9_000);
    await click(w, 'slow', right);
    await click(w, 'wrong', wrong);
    await w.clock.advance(ANSWER_MS - 10_000);

    const revealed = w.sender.current(message.id);
    expect(buttonsOf(revealed).every((b) => b.disabled)).toBe(true);
    const embed = revealed?.embeds?.[0];
    expect(embed?.description).toContain(`The answer: **${right.label}**`);
    expect(embed?.description).toMatch(/Because \d+\./);
    expect(embed?.fields?.[0]).toEqual({ name: 'Right (2)', value: '<@fast> **+148**\n<@slow> **+125**' });
    expect(embed?.fields?.[1]?.value).toBe(`<@wrong> picked ${wrong.label}`);
  });

  it('adds each round to the all-time and monthly totals; a wrong answer ends the streak', async () => {
    const w = world();
    await start(w);
    await click(w, 'fan', openQuestion(w).right);
    await w.clock.advance(ANSWER_MS + PAUSE_MS);
    await click(w, 'fan', openQuestion(w).wrong);
    await w.clock.advance(ANSWER_MS);
    const allTime = await w.service.scores.member(GUILD, ALL_TIME, 'fan');
    expect(allTime?.totals).toEqual({ points: 150, correct: 1, answered: 2, streak: 0, best: 1 });
    expect((await w.service.scores.member(GUILD, '2026-05', 'fan'))?.totals.points).toBe(150);
  });

  it('gives a streak bonus for correct answers in a row', async () => {
    const w = world();
    await start(w);
    await click(w, 'fan', openQuestion(w).right);
    await w.clock.advance(ANSWER_MS + PAUSE_MS);
    await click(w, 'fan', openQuestion(w).right);
    await w.clock.advance(ANSWER_MS);
    expect((await w.service.scores.member(GUILD, ALL_TIME, 'fan'))?.totals).toMatchObject({
      points: 150 + 160,
      streak: 2,
    });
  });

  it('asks the next question after the pause, then ends after the last round with the standings', async () => {
    const w = world();
    await start(w);
    await click(w, 'fan', openQuestion(w).right);
    await w.clock.advance(ANSWER_MS);
    expect(w.sender.questions()).toHaveLength(1);
    expect((await w.service.games.read(GUILD, CHANNEL))?.phase).toBe('pause');
    await w.clock.advance(PAUSE_MS);
    expect(w.sender.questions()).toHaveLength(2);
    expect(openQuestion(w).message.body.embeds?.[0]?.title).toBe('Trivia · Question 2 of 2');
    await w.clock.advance(ANSWER_MS);
    const last = w.sender.messages.at(-1);
    expect(last?.body.embeds?.[0]?.title).toBe('Trivia over');
    expect(last?.body.embeds?.[0]?.description).toMatch(/All 2 rounds played\.\n\n🥇 <@fan> · 150 points/);
    expect(await w.service.games.read(GUILD, CHANNEL)).toBeUndefined();
    expect(w.clock.pending()).toBe(0);
  });

  it('deletes the answers it stored apart from the game once the question is revealed', async () => {
    const w = world();
    await start(w);
    for (const member of [...pageOfMembers, 'one-more']) await click(w, member, openQuestion(w).right);
    expect(answerKeys(w.store)).toHaveLength(2);
    await w.clock.advance(ANSWER_MS);
    expect(answerKeys(w.store)).toEqual([]);
  });

  it('also deletes an answer whose write landed but reported a failure, without counting it', async () => {
    const store = new LandThenFailStore();
    const w = world({ store });
    await start(w);
    const { message, right } = openQuestion(w);
    for (const member of pageOfMembers) await click(w, member, right);
    store.failAfterNextWrite = true;
    // The first answer of a new page, so the page it landed in is one past those that count.
    await expect(click(w, 'unlucky', right)).rejects.toThrow(/connection lost/);
    expect(answerKeys(w.store)).toHaveLength(2);
    await w.clock.advance(ANSWER_MS);
    expect(revealOf(w, message.id)).toContain(`Right (${ANSWERS_PER_PAGE})`);
    expect(revealOf(w, message.id)).not.toContain('unlucky');
    expect(answerKeys(w.store)).toEqual([]);
  });

  it('ends after two rounds in a row that nobody answered', async () => {
    const w = world();
    await start(w, { rounds: 10 });
    await w.clock.advance(ANSWER_MS + PAUSE_MS + ANSWER_MS);
    expect(w.sender.questions()).toHaveLength(2);
    expect(w.sender.messages.at(-1)?.body.embeds?.[0]?.description).toMatch(
      /Nobody answered two questions in a row/,
    );
    expect(await w.service.games.read(GUILD, CHANNEL)).toBeUndefined();
  });

  it('asks no question twice in a server until every eligible one has been asked', async () => {
    const w = world({ questions: 6, timing: { playCooldownMs: 0 } });
    const asked: string[] = [];
    for (let game = 0; game < 3; game++) {
      await start(w, { rounds: 2 });
      for (let round = 0; round < 2; round++) {
        asked.push(openQuestion(w).right.label);
        await click(w, 'fan', openQuestion(w).right);
        await w.clock.advance(ANSWER_MS + PAUSE_MS);
      }
    }
    expect(new Set(asked).size).toBe(6);
  });

  it('ends the game when its question message can no longer be edited', async () => {
    const w = world();
    await start(w);
    w.sender.fail.edit = new DiscordAPIError(
      { code: 10008, message: 'Unknown Message' },
      10008,
      404,
      'PATCH',
      '/x',
      {
        body: undefined,
        files: undefined,
      },
    );
    await w.clock.advance(ANSWER_MS);
    expect(await w.service.games.read(GUILD, CHANNEL)).toBeUndefined();
    expect(w.clock.pending()).toBe(0);
  });
});

describe('stopping a game', () => {
  it('lets only the starter or a moderator stop it; the open question closes without points', async () => {
    const w = world();
    await start(w);
    const { message, right } = openQuestion(w);
    await click(w, 'fan', right);
    await expect(
      w.service.stop({ guildId: GUILD, channelId: CHANNEL, userId: 'fan', moderator: false }),
    ).rejects.toThrow(/Only <@host>, who started this game, or a moderator can stop it/);
    const body = await w.service.stop({ guildId: GUILD, channelId: CHANNEL, userId: 'mod', moderator: true });
    expect(body.embeds?.[0]?.description).toMatch(/^Stopped by <@mod>\./);
    expect(revealOf(w, message.id)).toMatch(/scores nothing/);
    expect(await w.service.scores.member(GUILD, ALL_TIME, 'fan')).toBeUndefined();
    expect(answerKeys(w.store)).toEqual([]);
    expect(w.clock.pending()).toBe(0);
    await expect(
      w.service.stop({ guildId: GUILD, channelId: CHANNEL, userId: 'host', moderator: false }),
    ).rejects.toThrow(/No trivia game is running/);
  });
});

describe('restarts', () => {
  it('finds the open games among many servers, wherever they fall in the batches it reads', async () => {
    const guilds = Array.from({ length: 1_200 }, (_, i) => String(100_000_000_000_000_000n + BigInt(i)));
    const withGames = [guilds[0], guilds[499], guilds[500], guilds[1_199]] as string[];
    const first = world();
    for (const guildId of withGames) await start(first, { guildId });
    await first.runtime.stop();

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    expect(await second.service.recover(guilds)).toBe(withGames.length);
  });

  it('keeps an open question across a restart: its buttons still work and its reveal still happens', async () => {
    const first = world();
    await start(first);
    const { message, right } = openQuestion(first);
    await click(first, 'before', right);
    await first.runtime.stop();

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    expect(await second.service.recover([GUILD])).toBe(1);
    await expect(click(second, 'after', right)).resolves.toBeDefined();
    await second.clock.advance(ANSWER_MS);
    const reveal = revealOf(second, message.id);
    expect(reveal).toContain('Right (2)');
    expect(reveal).not.toContain('Revealed late');
    await second.clock.advance(PAUSE_MS);
    expect(second.sender.questions()).toHaveLength(2);
  });

  it('keeps every answer of a busy question across a restart, and takes more after it', async () => {
    const first = world();
    await start(first);
    const { message, right, wrong } = openQuestion(first);
    for (let member = 0; member < 70; member++)
      await click(first, `member-${member}`, member < 50 ? right : wrong);
    await first.runtime.stop();

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    await second.service.recover([GUILD]);
    await expect(click(second, 'member-69', right)).rejects.toThrow(/already locked in/);
    await expect(click(second, 'late-comer', right)).resolves.toBeDefined();
    await second.clock.advance(ANSWER_MS);
    const reveal = revealOf(second, message.id);
    expect(reveal).toContain('Right (51)');
    expect(reveal).toContain('Wrong (20)');
    expect((await second.service.scores.member(GUILD, ALL_TIME, 'late-comer'))?.totals.correct).toBe(1);
  });

  it('counts the answers an earlier version kept in the game record', async () => {
    const first = world();
    await start(first);
    const { message, right } = openQuestion(first);
    await first.runtime.stop();
    const key = gameKey(GUILD, CHANNEL);
    const stored = (await first.store.get<GameRecord>(key)) as GameRecord;
    const choice = Number(right.customId.split(':')[4]);
    const earlier = { userId: 'early', choice, at: first.clock.now().toISOString() };
    await first.store.set(key, { ...stored, question: { ...stored.question!, answers: [earlier] } });

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    await second.service.recover([GUILD]);
    await expect(click(second, 'early', right)).rejects.toThrow(/already locked in/);
    await click(second, 'later', right);
    await second.clock.advance(ANSWER_MS);
    expect(revealOf(second, message.id)).toContain('Right (2)');
  });

  it('reveals at once, marked late, when the deadline passed while the bot was down', async () => {
    const first = world();
    await start(first);
    const { message, right } = openQuestion(first);
    await click(first, 'fan', right);
    await first.runtime.stop();
    first.clock.jump(ANSWER_MS + 60_000);

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    await second.service.recover([GUILD]);
    await second.clock.advance(0);
    expect(revealOf(second, message.id)).toContain('Revealed late');
    expect((await second.service.scores.member(GUILD, ALL_TIME, 'fan'))?.totals.correct).toBe(1);
    expect((await second.service.games.read(GUILD, CHANNEL))?.phase).toBe('pause');
  });

  it('ends a game after its reveal when the bot was down for too long', async () => {
    const first = world();
    await start(first);
    await first.runtime.stop();
    first.clock.jump(60 * 60_000);
    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    await second.service.recover([GUILD]);
    await second.clock.advance(0);
    expect(second.sender.messages.at(-1)?.body.embeds?.[0]?.description).toMatch(/offline for a while/);
    expect(await second.service.games.read(GUILD, CHANNEL)).toBeUndefined();
  });

  it('finishes a reveal a crash interrupted without counting the round twice', async () => {
    const first = world();
    await start(first);
    await click(first, 'fan', openQuestion(first).right);
    for (const member of pageOfMembers) await click(first, member, openQuestion(first).wrong);
    await first.runtime.stop();
    // The crash came after the results were stored and the all-time totals written, before the rest, while
    // the pages of answers were being deleted: the first one is gone, the second is not.
    const key = gameKey(GUILD, CHANNEL);
    const stored = (await first.store.get<GameRecord>(key)) as GameRecord;
    const question = stored.question!;
    const entries = (await storedAnswers(first.store, GUILD, CHANNEL)).map(({ userId, choice }) =>
      userId === 'fan'
        ? { userId, choice, correct: true, points: 150, streak: 1 }
        : { userId, choice, correct: false, points: 0, streak: 0 },
    );
    const results = { roundId: `${stored.id}:1`, month: '2026-05', entries };
    await first.store.set(key, {
      ...stored,
      question: { ...question, answers: [], results, answerPages: 2 },
    });
    await first.store.delete(answerKey(GUILD, CHANNEL, stored.id, 1, 0));
    await first.service.scores.apply(
      GUILD,
      results.roundId,
      '2026-05',
      entries.map(({ userId, correct, points }) => ({ userId, correct, points })),
    );
    first.clock.jump(ANSWER_MS);

    const second = world({ clock: first.clock, store: first.store, sender: first.sender });
    await second.service.recover([GUILD]);
    await second.clock.advance(0);
    expect((await second.service.scores.member(GUILD, ALL_TIME, 'fan'))?.totals.points).toBe(150);
    expect((await second.service.scores.member(GUILD, '2026-05', 'fan'))?.totals.points).toBe(150);
    expect(answerKeys(second.store)).toEqual([]);
  });

  it('resumes only the servers it is given, and forgets a listed game that is gone', async () => {
    const w = world();
    await start(w);
    await w.runtime.stop();
    const other = world({ clock: w.clock, store: w.store, sender: w.sender });
    expect(await other.service.recover(['100000000000000009'])).toBe(0);
    await w.store.delete(gameKey(GUILD, CHANNEL));
    expect(await other.service.recover([GUILD])).toBe(0);
    expect([...w.store.data.keys()].some((key) => key.startsWith('trivia:active-games'))).toBe(false);
  });

  it('stops every timer when the runtime stops', async () => {
    const w = world();
    await start(w);
    expect(w.clock.pending()).toBe(1);
    await w.runtime.stop();
    expect(w.clock.pending()).toBe(0);
    await w.clock.advance(ANSWER_MS);
    expect(w.sender.messages[0]?.edits).toEqual([]);
  });
});

describe('forgetting a server', () => {
  it('deletes its games, totals, questions and rotation, and nothing of other servers', async () => {
    const w = world({ timing: { playCooldownMs: 0 } });
    await start(w);
    await click(w, 'fan', openQuestion(w).right);
    await w.clock.advance(ANSWER_MS);
    await w.service.questions.add(
      GUILD,
      { question: 'Q?', answer: 'a', wrong: ['b', 'c', 'd'], category: 'cast', difficulty: 'easy' },
      'mod',
    );
    await start(w, { guildId: '100000000000000002' });
    await w.service.forget(GUILD);
    expect([...w.store.data.keys()].filter((key) => key.includes(GUILD))).toEqual([]);
    expect(
      [...w.store.data.keys()].filter((key) => key.includes('100000000000000002')).length,
    ).toBeGreaterThan(0);
  });
});

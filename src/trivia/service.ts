/**
 * Trivia games, end to end: start a game in a channel, take answers, reveal at the deadline, pause, ask the next
 * question, end, and resume all of it after a restart. Everything it needs comes in as arguments (store, clock,
 * random, a sender of Discord messages, and the runtime that owns the timers), so unit tests drive it without
 * Discord and without waiting.
 *
 * State. A game is one record per channel (`trivia:game:<guild>:<channel>`, kept by game-store.ts), read and
 * written only under that key's lock, so clicks, the deadline and `/trivia stop` happen one at a time. Each answer is stored, in small
 * pages of answers apart from the game (answers.ts), before the member is told it is locked in; the game record
 * holds the question, not its answers, so a click costs the same however many came before it. Each server lists its channels with
 * a game (`trivia:active-games:<guild>`); a restart reads that list for each server it has.
 *
 * Reveal, crash-safe. At the deadline the round's results are worked out once and stored in the game first
 * (with how many pages of answers to delete once it is shown); then they are added to the totals (each score record
 * applies a round at most once); then the message is edited; then the game moves on in one write. A crash
 * anywhere in between repeats only what had not happened.
 *
 * Restart. `recover()` schedules each stored game's next step: the reveal at its deadline (at once, and marked
 * late, if the deadline passed while the bot was down) or the next question. Buttons keep working because
 * clicks are checked against the stored game. A game whose step is more than {@link TriviaTiming.staleAfterMs}
 * overdue ends after its reveal instead of carrying on in a channel that has moved on.
 */
import { t, userError, type Locale } from '../i18n/index.js';
import { randomUUID } from 'node:crypto';
import type { TriviaQuestion } from '../content/schemas.js';
import { permanentDiscordFailure, UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GuildSettings } from '../settings/definitions.js';
import { plainText } from '../settings/validate.js';
import type { KeyValueStore } from '../store.js';
import { CustomQuestions, toPoolQuestion } from './custom-questions.js';
import {
  afterReveal,
  openQuestion,
  shuffled,
  roundResults,
  takeAnswer,
  type EndReason,
  type GameRecord,
  type OpenQuestion,
  type RoundResults,
} from './game.js';
import { GameStore } from './game-store.js';
import { gameKey } from './keys.js';
import { KeyedLock } from '../keyed-lock.js';
import {
  eligiblePool,
  fromBuiltIn,
  type Category,
  type Difficulty,
  type PoolFilter,
  type PoolQuestion,
} from './questions.js';
import {
  renderGameOver,
  renderQuestion,
  renderReveal,
  renderStoppedQuestion,
  type MessageBody,
} from './render.js';
import { Rotation } from './rotation.js';
import type { TriviaRuntime } from './runtime.js';
import { Scoreboard } from './scores.js';

/** Sends and edits channel messages; the bot's is REST (see sender.ts), tests pass a recorder. */
export interface TriviaSender {
  /** Posts a message; with a nonce, Discord returns the first message instead of posting it twice. */
  send(channelId: string, body: MessageBody, nonce?: string): Promise<{ id: string }>;
  edit(channelId: string, messageId: string, body: MessageBody): Promise<void>;
}

export interface TriviaTiming {
  /** The pause between a reveal and the next question. */
  pauseMs: number;
  /** How long after starting a game a member must wait to start another (against spam). */
  playCooldownMs: number;
  /** A step overdue by more than this (the bot was down) ends the game after the reveal. */
  staleAfterMs: number;
  /** A reveal later than this after its deadline says it is late. */
  lateNoteMs: number;
}

export const DEFAULT_TIMING: TriviaTiming = {
  pauseMs: 6_000,
  playCooldownMs: 30_000,
  staleAfterMs: 10 * 60_000,
  lateNoteMs: 10_000,
};

export const MAX_ROUNDS = 20;

export interface TriviaServiceOptions {
  store: KeyValueStore;
  settings: { get(guildId: string): Promise<Readonly<GuildSettings>> };
  builtIn: readonly TriviaQuestion[];
  /** The built-in questions in a language (their translations, `contentIn`); default: the English for all. */
  builtInIn?: (locale: Locale) => readonly TriviaQuestion[];
  sender: TriviaSender;
  runtime: TriviaRuntime;
  now: () => Date;
  logger: Logger;
  random?: () => number;
  timing?: Partial<TriviaTiming>;
}

export interface StartRequest {
  guildId: string;
  channelId: string;
  userId: string;
  category: Category | 'any';
  difficulty: Difficulty | 'any';
  rounds: number;
  /** The language the channel reads the game in (`channelLocale`); default English. */
  locale?: Locale;
  /**
   * Called once every check has passed, just before the first question is posted (the command replies there,
   * so its announcement comes before the question). A failure in it starts nothing.
   */
  beforeFirstQuestion?: (game: GameRecord, answerSeconds: number) => Promise<void>;
}

export interface AnswerRequest {
  guildId: string;
  channelId: string;
  messageId: string;
  userId: string;
  gameId: string;
  round: number;
  choice: number;
}

export class TriviaService {
  readonly scores: Scoreboard;
  readonly questions: CustomQuestions;
  readonly rotation: Rotation;
  private readonly lock = new KeyedLock();
  /** Where games, their answers and each server's index of open games are kept. */
  readonly games: GameStore;
  private readonly cooldowns = new Map<string, number>();
  private readonly builtIn: readonly PoolQuestion[];
  private readonly builtInIds: ReadonlySet<string>;
  private readonly builtInByLocale = new Map<Locale, readonly PoolQuestion[]>();
  private readonly timing: TriviaTiming;
  private readonly random: () => number;
  private stopping = false;

  constructor(private readonly options: TriviaServiceOptions) {
    this.random = options.random ?? Math.random;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.builtIn = options.builtIn.map(fromBuiltIn);
    this.builtInIds = new Set(this.builtIn.map((question) => question.id));
    this.scores = new Scoreboard(options.store, this.lock);
    this.questions = new CustomQuestions(options.store, this.lock, options.now);
    this.rotation = new Rotation(options.store, this.lock, this.random);
    this.games = new GameStore(options.store, this.lock, (error, game) =>
      this.logFailure(error, game, 'could not delete the answers of a question'),
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // Commands and buttons

  /** Starts a game and posts its first question; throws a {@link UserError} when it cannot. */
  async start(request: StartRequest): Promise<{ game: GameRecord; answerSeconds: number }> {
    this.refuseWhileStopping();
    const { guildId, channelId, userId } = request;
    if (!Number.isInteger(request.rounds) || request.rounds < 1 || request.rounds > MAX_ROUNDS) {
      throw userError('trivia.errors.rounds', { max: MAX_ROUNDS });
    }
    const cooldownKey = `${guildId}:${userId}`;
    const until = this.cooldowns.get(cooldownKey) ?? 0;
    if (until > this.now().getTime()) {
      throw userError('trivia.errors.cooldown', { when: `<t:${Math.ceil(until / 1000)}:R>` });
    }
    const key = gameKey(guildId, channelId);
    return this.lock.run(key, async () => {
      const running = await this.games.load(key);
      if (running !== undefined) {
        throw userError('trivia.errors.running', { round: running.round, rounds: running.rounds });
      }
      const values = await this.options.settings.get(guildId);
      const filter: PoolFilter = {
        category: request.category,
        difficulty: request.difficulty,
        source: values.triviaSource,
      };
      const locale = request.locale ?? 'en';
      const { pool, known } = await this.pool(guildId, filter, locale);
      if (pool.length === 0) throw await this.emptyPoolError(guildId, filter);
      const game: GameRecord = {
        version: 1,
        id: randomUUID().replaceAll('-', '').slice(0, 10),
        guildId,
        channelId,
        starterId: userId,
        filter,
        rounds: request.rounds,
        round: 1,
        answerMs: values.triviaAnswerTime * 1000,
        locale,
        quietRounds: 0,
        asked: [],
        points: {},
        startedAt: this.now().toISOString(),
        phase: 'question',
      };
      await request.beforeFirstQuestion?.(game, values.triviaAnswerTime);
      await this.games.addToIndex(guildId, channelId);
      let asked: GameRecord | undefined;
      try {
        asked = await this.ask(key, game, pool, known);
      } finally {
        if (asked === undefined) await this.games.removeFromIndex(guildId, channelId);
      }
      this.setCooldown(cooldownKey);
      return { game: asked, answerSeconds: values.triviaAnswerTime };
    });
  }

  /** Takes a member's answer; resolves (once stored) with what they picked, or throws a {@link UserError}. */
  async answer(request: AnswerRequest): Promise<{ label: string; deadline: string }> {
    this.refuseWhileStopping();
    const key = gameKey(request.guildId, request.channelId);
    return this.lock.run(key, async () => {
      const game = await this.games.load(key);
      const log = game?.question === undefined ? undefined : this.games.answersTo(key, game);
      const outcome = takeAnswer(game, { ...request, at: this.now() }, (userId) => log?.of(userId));
      const question = game?.question;
      switch (outcome.kind) {
        case 'over':
          throw userError('trivia.errors.over');
        case 'closed':
          throw userError('trivia.errors.closed');
        case 'late':
          throw userError('trivia.errors.late');
        case 'already':
          throw userError('trivia.errors.already', {
            answer: plainText(question?.choices[outcome.choice] ?? '?', 80),
          });
        case 'locked': {
          // takeAnswer locks in only an answer to an open question, which has a log.
          if (log === undefined) throw new Error('An answer was taken for no question.');
          await log.add(outcome.answer);
          return {
            label: question?.choices[outcome.choice] ?? '?',
            deadline: question?.deadline ?? this.now().toISOString(),
          };
        }
      }
    });
  }

  /** Stops the game in a channel (its starter or a moderator); returns the end-of-game message. */
  async stop(request: {
    guildId: string;
    channelId: string;
    userId: string;
    moderator: boolean;
  }): Promise<MessageBody> {
    this.refuseWhileStopping();
    const key = gameKey(request.guildId, request.channelId);
    return this.lock.run(key, async () => {
      const game = await this.games.load(key);
      if (game === undefined) throw userError('trivia.errors.noGame');
      if (game.starterId !== request.userId && !request.moderator) {
        throw userError('trivia.errors.onlyStarter', { starter: `<@${game.starterId}>` });
      }
      const question = game.question;
      let final = game;
      if (game.phase === 'question' && question !== undefined) {
        if (question.results !== undefined) {
          // Its deadline passed and its results were settled (a crash interrupted the reveal): count them.
          const revealed = await this.finishReveal(key, game, question);
          if (revealed === undefined) return renderGameOver(game, 'stopped', request.userId, game.locale);
          final = afterReveal(game, revealed.results, {
            now: this.now(),
            pauseMs: 0,
            interrupted: false,
          }).game;
        } else {
          await this.options.sender
            .edit(game.channelId, question.messageId, renderStoppedQuestion(game, question, game.locale))
            .catch((error: unknown) => this.logFailure(error, game, 'could not close the stopped question'));
        }
      }
      return this.end(key, final, 'stopped', request.userId, { post: false });
    });
  }

  /**
   * The next question for the server's question of the day, from its source (any category or difficulty), taken
   * from the same no-repeat pass as its games; its choices shuffled. Undefined when the pool is empty.
   */
  async questionOfTheDay(
    guildId: string,
    locale: Locale = 'en',
  ): Promise<{ question: PoolQuestion; choices: string[] } | undefined> {
    const values = await this.options.settings.get(guildId);
    const { pool, known } = await this.pool(
      guildId,
      { category: 'any', difficulty: 'any', source: values.triviaSource },
      locale,
    );
    const question = await this.rotation.next(guildId, pool, { avoid: new Set(), known });
    if (question === undefined) return undefined;
    return { question, choices: shuffled([question.answer, ...question.wrong], this.random) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Start-up, shutdown, retention

  /** After a restart: picks up every stored game of these servers (this process's) where it was. */
  async recover(guildIds: Iterable<string>): Promise<number> {
    let resumed = 0;
    for await (const { guildId, channelId } of this.games.openGames(guildIds)) {
      const key = gameKey(guildId, channelId);
      const game = await this.lock.run(key, () => this.games.load(key));
      if (game === undefined) {
        await this.games.removeFromIndex(guildId, channelId);
        continue;
      }
      this.scheduleStep(key, game);
      resumed++;
    }
    if (resumed > 0) this.options.logger.info({ games: resumed }, 'resumed trivia games');
    return resumed;
  }

  /** Refuses new games and answers from now on; the runtime (stopped separately) clears the timers. */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Deletes everything trivia keeps about a server (after it removed the bot and the retention passed). */
  async forget(guildId: string): Promise<void> {
    for (const channelId of await this.games.activeChannels(guildId)) {
      const key = gameKey(guildId, channelId);
      await this.lock.run(key, async () => {
        const game = await this.games.load(key);
        this.options.runtime.cancel(key);
        if (game === undefined) await this.games.deleteRaw(key);
        else await this.games.delete(key, game);
      });
    }
    await this.games.deleteIndex(guildId);
    await Promise.all([
      this.scores.forget(guildId),
      this.questions.forget(guildId),
      this.rotation.forget(guildId),
    ]);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The game's steps (run by the runtime's timers)

  /** At the deadline: settle the results, add them to the totals, show them, move on. */
  private async reveal(key: string): Promise<void> {
    await this.lock.run(key, async () => {
      const game = await this.games.load(key);
      const question = game?.question;
      if (game === undefined || game.phase !== 'question' || question === undefined) return;
      if (this.now().getTime() < Date.parse(question.deadline)) {
        this.scheduleStep(key, game);
        return;
      }
      const revealed = await this.finishReveal(key, game, question);
      if (revealed === undefined) return;
      const overdue = this.now().getTime() - Date.parse(question.deadline);
      const { game: next, end } = afterReveal(game, revealed.results, {
        now: this.now(),
        pauseMs: this.timing.pauseMs,
        interrupted: overdue > this.timing.staleAfterMs,
      });
      if (end !== undefined) {
        await this.end(key, next, end);
        return;
      }
      await this.games.save(key, next);
      this.scheduleStep(key, next);
    });
  }

  /**
   * Settles and applies a closed question's results and edits its message. Returns the results, or undefined
   * when the game ended because its message can no longer be edited.
   */
  private async finishReveal(
    key: string,
    game: GameRecord,
    question: OpenQuestion,
  ): Promise<{ results: RoundResults } | undefined> {
    let results = question.results;
    const log = this.games.answersTo(key, game);
    if (results === undefined) {
      const answers = log.answers;
      const streaks = await this.scores.streaks(
        game.guildId,
        answers.map((answer) => answer.userId),
      );
      results = roundResults(game, question, answers, streaks);
      const settled = { ...question, answers: [], results, answerPages: log.pages };
      await this.games.save(key, { ...game, question: settled });
    }
    await this.scores.apply(
      game.guildId,
      results.roundId,
      results.month,
      results.entries.map(({ userId, correct, points }) => ({ userId, correct, points })),
    );
    const late = this.now().getTime() - Date.parse(question.deadline) > this.timing.lateNoteMs;
    let unreachable = false;
    try {
      await this.options.sender.edit(
        game.channelId,
        question.messageId,
        renderReveal(game, question, results, { late }, game.locale),
      );
    } catch (error) {
      this.logFailure(error, game, 'could not reveal the answer');
      unreachable = permanentDiscordFailure(error) !== undefined;
    }
    // The results hold every answer now. After the edit, so the reveal shows without waiting for it; a crash
    // before it is done repeats it, since the results stored with the question say how many pages there are.
    await this.games.discardAnswers(key, game, question.answerPages);
    if (unreachable) {
      const { game: next } = afterReveal(game, results, { now: this.now(), pauseMs: 0, interrupted: false });
      await this.end(key, next, 'unreachable');
      return undefined;
    }
    return { results };
  }

  /** After the pause: the next question, or the end when none is left or the game went stale. */
  private async nextRound(key: string): Promise<void> {
    await this.lock.run(key, async () => {
      const game = await this.games.load(key);
      if (game === undefined || game.phase !== 'pause') return;
      const due = Date.parse(game.nextAt ?? game.startedAt);
      if (this.now().getTime() < due) {
        this.scheduleStep(key, game);
        return;
      }
      if (this.now().getTime() - due > this.timing.staleAfterMs) {
        await this.end(key, game, 'interrupted');
        return;
      }
      const { pool, known } = await this.pool(game.guildId, game.filter, game.locale ?? 'en');
      if (pool.length === 0) {
        await this.end(key, game, 'no-questions');
        return;
      }
      try {
        await this.ask(key, { ...game, round: game.round + 1 }, pool, known);
      } catch (error) {
        this.logFailure(error, game, 'could not ask the next question');
        await this.end(
          key,
          game,
          permanentDiscordFailure(error) === undefined ? 'interrupted' : 'unreachable',
        );
      }
    });
  }

  /** Picks a question, posts it, stores the game with it and schedules its reveal. Throws when it could not. */
  private async ask(
    key: string,
    game: GameRecord,
    pool: readonly PoolQuestion[],
    known: ReadonlySet<string>,
  ): Promise<GameRecord> {
    const picked = await this.rotation.next(game.guildId, pool, { avoid: new Set(game.asked), known });
    if (picked === undefined) throw userError('trivia.errors.noQuestionsLeft');
    const open = openQuestion(picked, { askedAt: this.now(), answerMs: game.answerMs, random: this.random });
    const { nextAt: _previousPause, ...rest } = game;
    const draft: GameRecord = {
      ...rest,
      phase: 'question',
      asked: [...game.asked, picked.id],
      question: { ...open, messageId: '' },
    };
    const message = await this.options.sender.send(
      game.channelId,
      renderQuestion(draft, { ...open, messageId: '' }, game.locale),
      `${game.id}-${game.round}`,
    );
    const asked: GameRecord = { ...draft, question: { ...open, messageId: message.id } };
    try {
      await this.games.save(key, asked);
    } catch (error) {
      // The question is out but the game could not be kept: take its buttons away rather than leave dead ones.
      await this.options.sender
        .edit(game.channelId, message.id, {
          content: t(game.locale ?? 'en', 'trivia.questionNotStarted'),
          embeds: [],
          components: [],
        })
        .catch(() => undefined);
      throw error;
    }
    this.scheduleStep(key, asked);
    return asked;
  }

  /** Ends a game: forgets it, and (unless told not to) posts how it ended. Returns that message. */
  private async end(
    key: string,
    game: GameRecord,
    reason: EndReason,
    by?: string,
    options: { post: boolean } = { post: true },
  ): Promise<MessageBody> {
    this.options.runtime.cancel(key);
    await this.games.delete(key, game);
    await this.games.removeFromIndex(game.guildId, game.channelId);
    const body = renderGameOver(game, reason, by, game.locale);
    if (options.post && reason !== 'unreachable') {
      await this.options.sender
        .send(game.channelId, body, `${game.id}-end`)
        .catch((error: unknown) => this.logFailure(error, game, 'could not post the end of a game'));
    }
    this.options.logger.info(
      { guild: game.guildId, channel: game.channelId, game: game.id, reason, rounds: game.round },
      'trivia game ended',
    );
    return body;
  }

  private scheduleStep(key: string, game: GameRecord): void {
    if (game.phase === 'question' && game.question !== undefined) {
      this.options.runtime.schedule(key, new Date(game.question.deadline), () => this.reveal(key));
    } else {
      this.options.runtime.schedule(key, new Date(game.nextAt ?? 0), () => this.nextRound(key));
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Storage

  private async pool(
    guildId: string,
    filter: PoolFilter,
    locale: Locale = 'en',
  ): Promise<{ pool: PoolQuestion[]; known: Set<string> }> {
    const custom =
      filter.source === 'built-in' ? [] : (await this.questions.list(guildId)).map(toPoolQuestion);
    const known = new Set([...this.builtInIds, ...custom.map((question) => question.id)]);
    return { pool: eligiblePool(this.builtInFor(locale), custom, filter), known };
  }

  /** The built-in questions as a game in `locale` asks them (the server's own stay as typed). */
  private builtInFor(locale: Locale): readonly PoolQuestion[] {
    if (locale === 'en' || this.options.builtInIn === undefined) return this.builtIn;
    let pool = this.builtInByLocale.get(locale);
    if (pool === undefined) {
      pool = this.options.builtInIn(locale).map(fromBuiltIn);
      this.builtInByLocale.set(locale, pool);
    }
    return pool;
  }

  /** Why no question can be asked, said in the member's language. */
  private async emptyPoolError(guildId: string, filter: PoolFilter): Promise<UserError> {
    if (filter.source === 'custom' && (await this.questions.list(guildId)).length === 0) {
      return userError('triviaPool.noneOwn');
    }
    return userError(
      'triviaPool.noneMatch',
      { source: filter.source === 'built-in' ? 'builtIn' : filter.source },
      {
        category: filter.category === 'any' ? 'trivia.anyCategory' : `trivia.category.${filter.category}`,
        difficulty:
          filter.difficulty === 'any' ? 'trivia.anyDifficulty' : `trivia.difficulty.${filter.difficulty}`,
      },
    );
  }

  // -------------------------------------------------------------------------------------------------------------

  private now(): Date {
    return this.options.now();
  }

  private setCooldown(key: string): void {
    const now = this.now().getTime();
    if (this.cooldowns.size > 1000) {
      for (const [other, until] of this.cooldowns) if (until <= now) this.cooldowns.delete(other);
    }
    if (this.timing.playCooldownMs > 0) this.cooldowns.set(key, now + this.timing.playCooldownMs);
  }

  private refuseWhileStopping(): void {
    if (this.stopping) throw userError('errors.restarting');
  }

  private logFailure(error: unknown, game: GameRecord, message: string): void {
    this.options.logger.warn(
      { err: error, guild: game.guildId, channel: game.channelId, game: game.id },
      message,
    );
  }
}

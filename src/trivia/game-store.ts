/**
 * Where trivia games are kept: one record per channel (`trivia:game:<guild>:<channel>`), the answers to its open
 * question in pages of their own (answers.ts), and each server's index of channels with a game
 * (`trivia:active-games:<guild>`), which a restart reads. Records are kept in memory once read.
 *
 * The game service calls the game methods under the game key's lock (the lock is shared, see service.ts); the
 * index methods take the index key's lock themselves.
 */
import type { KeyValueStore } from '../store.js';
import type { KeyedLock } from '../keyed-lock.js';
import { AnswerLog } from './answers.js';
import type { GameRecord } from './game.js';
import { activeGamesKey, gameKey } from './keys.js';

/** Servers whose open games are looked up in one round trip at start-up. */
const RECOVER_BATCH = 500;

/** Enough of a check to tell a stored game from anything else under its key (say, of a future version). */
function isGameRecord(value: unknown): value is GameRecord {
  if (typeof value !== 'object' || value === null) return false;
  const game = value as Partial<GameRecord>;
  return (
    game.version === 1 &&
    typeof game.id === 'string' &&
    typeof game.guildId === 'string' &&
    typeof game.channelId === 'string' &&
    (game.phase === 'question' || game.phase === 'pause')
  );
}

/** The channels of a server's index of open games, as stored (anything unreadable is left out). */
function channelsIn(index: unknown): string[] {
  return Array.isArray(index) ? index.filter((entry): entry is string => typeof entry === 'string') : [];
}

export class GameStore {
  private readonly games = new Map<string, GameRecord>();
  /** The answers to the open question of each game in `games` (see {@link GameStore.answersTo}). */
  private readonly answerLogs = new Map<string, AnswerLog>();

  /** `answersLeft` hears of answers that could not be deleted (best effort: nothing reads them again). */
  constructor(
    private readonly store: KeyValueStore,
    private readonly lock: KeyedLock,
    private readonly answersLeft: (error: unknown, game: GameRecord) => void,
  ) {}

  /** The game in a channel, from memory, or else from the store with its open question's answers. */
  async load(key: string): Promise<GameRecord | undefined> {
    const cached = this.games.get(key);
    if (cached !== undefined) return cached;
    const stored = await this.store.get<unknown>(key);
    if (!isGameRecord(stored)) return undefined;
    if (stored.question !== undefined) {
      const earlier = Array.isArray(stored.question.answers) ? stored.question.answers : [];
      this.answerLogs.set(key, await AnswerLog.load(this.store, stored, earlier));
    }
    this.games.set(key, stored);
    return stored;
  }

  async save(key: string, game: GameRecord): Promise<void> {
    if (!(await this.store.set(key, game))) throw new Error(`The store did not save ${key}.`);
    this.games.set(key, game);
    const log = this.answerLogs.get(key);
    if (log !== undefined && (game.question === undefined || !log.isFor(game))) this.answerLogs.delete(key);
  }

  /**
   * Deletes a game, then its open question's answers: a crash in between leaves only keys nothing reads again,
   * never a question that a restart would reveal with part of its answers. Throws only if the game itself could
   * not be deleted; the answers are best effort (see {@link GameStore.discardAnswers}).
   */
  async delete(key: string, game: GameRecord): Promise<void> {
    await this.store.delete(key);
    this.games.delete(key);
    await this.discardAnswers(key, game);
    this.answerLogs.delete(key);
  }

  /** Deletes whatever is stored under a game key that holds no readable game. */
  async deleteRaw(key: string): Promise<void> {
    await this.store.delete(key);
  }

  /**
   * The answers to a game's question. A game enters `games` either through `load`, which reads them, or
   * through `save` of a question just asked, which has none yet: so a missing log is an empty one.
   */
  answersTo(key: string, game: GameRecord): AnswerLog {
    let log = this.answerLogs.get(key);
    if (log?.isFor(game) !== true) {
      log = AnswerLog.empty(this.store, game);
      this.answerLogs.set(key, log);
    }
    return log;
  }

  /**
   * Deletes the pages of answers of the game's question (`storedPages`: their number as stored with its
   * results, which a restart's log may not know). Best effort: a page left behind is never read again, so a
   * failure goes to `answersLeft` rather than being thrown.
   */
  async discardAnswers(key: string, game: GameRecord, storedPages = 0): Promise<void> {
    if (game.question === undefined) return;
    const log = this.answersTo(key, game);
    try {
      await log.discard(Math.max(storedPages, log.pages));
    } catch (error) {
      this.answersLeft(error, game);
    }
  }

  /** The channels of a server with a game in progress, as its index lists them. */
  async activeChannels(guildId: string): Promise<string[]> {
    return channelsIn(await this.store.get<unknown>(activeGamesKey(guildId)));
  }

  /**
   * The channels with a game in progress of each of these servers, their indexes read many to a round trip
   * (most servers have no game open).
   */
  async *openGames(guildIds: Iterable<string>): AsyncGenerator<{ guildId: string; channelId: string }> {
    const ids = [...guildIds];
    for (let start = 0; start < ids.length; start += RECOVER_BATCH) {
      const batch = ids.slice(start, start + RECOVER_BATCH);
      const indexes = await this.store.getMany<unknown>(batch.map(activeGamesKey));
      for (const [position, guildId] of batch.entries()) {
        for (const channelId of channelsIn(indexes[position])) yield { guildId, channelId };
      }
    }
  }

  async addToIndex(guildId: string, channelId: string): Promise<void> {
    const key = activeGamesKey(guildId);
    await this.lock.run(key, async () => {
      const channels = await this.activeChannels(guildId);
      if (channels.includes(channelId)) return;
      if (!(await this.store.set(key, [...channels, channelId]))) {
        throw new Error(`The store did not save ${key}.`);
      }
    });
  }

  async removeFromIndex(guildId: string, channelId: string): Promise<void> {
    const key = activeGamesKey(guildId);
    await this.lock.run(key, async () => {
      const channels = await this.activeChannels(guildId);
      if (!channels.includes(channelId)) return;
      const rest = channels.filter((other) => other !== channelId);
      if (rest.length === 0) await this.store.delete(key);
      else if (!(await this.store.set(key, rest))) throw new Error(`The store did not save ${key}.`);
    });
  }

  /** Deletes a server's index of open games (its games are deleted one by one first). */
  async deleteIndex(guildId: string): Promise<void> {
    await this.store.delete(activeGamesKey(guildId));
  }

  /** The game running in a channel, if any, with every answer to its question (for tests and diagnostics). */
  async read(guildId: string, channelId: string): Promise<GameRecord | undefined> {
    const key = gameKey(guildId, channelId);
    return this.lock.run(key, async () => {
      const game = await this.load(key);
      if (game?.question === undefined) return game;
      return { ...game, question: { ...game.question, answers: [...this.answersTo(key, game).answers] } };
    });
  }
}

/**
 * The answers to a game's open question, stored apart from the game record in small pages of at most
 * {@link ANSWERS_PER_PAGE} answers ({@link answerKey}), so storing an answer rewrites only its page: its cost
 * does not grow with the round (rewriting a game record that held every answer made a round of N answers cost
 * O(N²) in copying and JSON).
 *
 * Pages are numbered 0, 1, … and filled in the order the answers came: an answer is written as the last page
 * plus itself, and a full page starts the next. Why pages (and not a key per member plus an index, or answers
 * batched over a few milliseconds): the store cannot list keys, and an index would itself be a record that
 * grows with every answer; batching needs timers and shared failures. Pages need no index: the service writes
 * them one at a time under the game's lock, and an answer counts only once its write succeeded (after a
 * failure the next write rewrites the page from memory), so the stored pages are 0…n-1 without a gap and a
 * restart finds them all by reading pages until the first missing one. Sharing a page, rather than a key per
 * answer, makes clean-up and restarts read or delete a sixteenth as many keys.
 *
 * Clean-up: after the reveal (and when a game ends with a question open) the pages are deleted, one past the
 * last too, since a write that reported failure may still have started a page there.
 */
import type { KeyValueStore } from '../store.js';
import type { AnswerRecord, GameRecord } from './game.js';
import { answerKey, gameKey } from './keys.js';

/** The most answers one page (one key) holds: what bounds the cost of storing an answer. */
export const ANSWERS_PER_PAGE = 16;
/** How many pages a restart reads in one round trip. */
const READ_BATCH = 8;
/** How many pages the clean-up deletes at a time (other games' clicks share the store's connection). */
const DELETE_BATCH = 8;

/** Which question the answers are to. */
export interface AnsweredQuestion {
  guildId: string;
  channelId: string;
  /** The game's id. */
  id: string;
  round: number;
}

function isAnswerRecord(value: unknown): value is AnswerRecord {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Partial<AnswerRecord>;
  return (
    typeof answer.userId === 'string' && Number.isInteger(answer.choice) && typeof answer.at === 'string'
  );
}

/** The answers to one question: in memory in their order and by member, in the store in pages. */
export class AnswerLog {
  private readonly list: AnswerRecord[] = [];
  private readonly byMember = new Map<string, AnswerRecord>();
  /** Everything in the pages, in order, as stored (so pages are rewritten exactly, even around junk). */
  private readonly paged: unknown[] = [];

  private constructor(
    private readonly store: KeyValueStore,
    private readonly question: AnsweredQuestion,
  ) {}

  /** The log of a question just asked: no answers yet. */
  static empty(store: KeyValueStore, question: AnsweredQuestion): AnswerLog {
    return new AnswerLog(store, question);
  }

  /**
   * Reads a question's stored answers (after a restart). `earlier`: answers an older version kept in the game
   * record, which count first. A member's first answer is the one that counts.
   */
  static async load(
    store: KeyValueStore,
    question: AnsweredQuestion,
    earlier: readonly unknown[] = [],
  ): Promise<AnswerLog> {
    const log = new AnswerLog(store, question);
    for (const answer of earlier) if (isAnswerRecord(answer)) log.remember(answer);
    for (let first = 0; ; first += READ_BATCH) {
      const pages = await store.getMany<unknown>(
        Array.from({ length: READ_BATCH }, (_, index) => log.key(first + index)),
      );
      for (const page of pages) {
        if (!Array.isArray(page)) return log;
        const entries: unknown[] = page;
        log.paged.push(...entries);
        for (const answer of entries) if (isAnswerRecord(answer)) log.remember(answer);
      }
    }
  }

  /** Whether this is the log of the given game's current question. */
  isFor(game: AnsweredQuestion): boolean {
    return (
      game.id === this.question.id &&
      game.round === this.question.round &&
      game.guildId === this.question.guildId &&
      game.channelId === this.question.channelId
    );
  }

  /** A member's answer, if they gave one. */
  of(userId: string): AnswerRecord | undefined {
    return this.byMember.get(userId);
  }

  /** Every answer, in the order they came. */
  get answers(): readonly AnswerRecord[] {
    return this.list;
  }

  /** How many pages hold answers (0…pages-1). */
  get pages(): number {
    return Math.ceil(this.paged.length / ANSWERS_PER_PAGE);
  }

  /**
   * Stores an answer: rewrites the last page with it (or starts a page), and counts it once that write
   * succeeded. The caller holds the game's lock, so no two writes race for a page.
   */
  async add(answer: AnswerRecord): Promise<void> {
    const page = Math.floor(this.paged.length / ANSWERS_PER_PAGE);
    const key = this.key(page);
    const written = [...this.paged.slice(page * ANSWERS_PER_PAGE), answer];
    if (!(await this.store.set(key, written))) throw new Error(`The store did not save ${key}.`);
    this.paged.push(answer);
    this.remember(answer);
  }

  /** Deletes pages 0…`pages` (one past the last: see the module comment). Safe to repeat. */
  async discard(pages = this.pages): Promise<void> {
    for (let first = 0; first <= pages; first += DELETE_BATCH) {
      const batch = Array.from({ length: Math.min(DELETE_BATCH, pages + 1 - first) }, (_, i) => first + i);
      await Promise.all(batch.map((page) => this.store.delete(this.key(page))));
    }
  }

  private remember(answer: AnswerRecord): void {
    if (this.byMember.has(answer.userId)) return;
    this.byMember.set(answer.userId, answer);
    this.list.push(answer);
  }

  private key(page: number): string {
    const { guildId, channelId, id, round } = this.question;
    return answerKey(guildId, channelId, id, round, page);
  }
}

/**
 * Every stored answer to the question open in a channel's game, in the order they came: what a restart would
 * find (for tests and diagnostics; it reads the store, never a service's memory).
 */
export async function storedAnswers(
  store: KeyValueStore,
  guildId: string,
  channelId: string,
): Promise<AnswerRecord[]> {
  const game = await store.get<Partial<GameRecord>>(gameKey(guildId, channelId));
  const question = game?.question;
  if (game?.id === undefined || game.round === undefined || question === undefined) return [];
  const earlier = Array.isArray(question.answers) ? question.answers : [];
  const log = await AnswerLog.load(store, { guildId, channelId, id: game.id, round: game.round }, earlier);
  return [...log.answers];
}

/**
 * No repeats: a server goes through its whole eligible pool before any question of it comes back. The ids asked
 * in the current pass are stored per server; when every question of the pool a game draws from has been asked,
 * that pool's ids (only those) are cleared and a new pass starts. Within one game a question is not asked twice
 * even across that boundary, unless the pool is smaller than the game.
 */
import type { KeyValueStore } from '../store.js';
import { rotationKey } from './keys.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { PoolQuestion } from './questions.js';

/** What is stored under {@link rotationKey}. */
export interface RotationRecord {
  version: 1;
  /** Ids asked in the current pass, oldest first. */
  asked: string[];
}

export interface Pick {
  question: PoolQuestion;
  /** The ids asked in the current pass, after this pick. */
  asked: string[];
  /** Whether the pool had been used up and a new pass started with this pick. */
  newPass: boolean;
}

/**
 * Picks a question the server has not been asked in this pass, at random. `avoid` holds ids this game already
 * asked; `known` every id that still exists (ids of deleted questions are dropped from the record).
 * Undefined only for an empty pool.
 */
export function pickQuestion(
  pool: readonly PoolQuestion[],
  asked: readonly string[],
  options: { avoid: ReadonlySet<string>; known: ReadonlySet<string>; random: () => number },
): Pick | undefined {
  if (pool.length === 0) return undefined;
  const askedSet = new Set(asked);
  let remaining = asked.filter((id) => options.known.has(id));
  let fresh = pool.filter((question) => !askedSet.has(question.id));
  let newPass = false;
  if (fresh.length === 0) {
    // The whole pool has been asked: start a new pass of this pool, keeping other pools' progress.
    const poolIds = new Set(pool.map((question) => question.id));
    remaining = remaining.filter((id) => !poolIds.has(id));
    const notThisGame = pool.filter((question) => !options.avoid.has(question.id));
    fresh = notThisGame.length > 0 ? notThisGame : [...pool];
    newPass = true;
  }
  const index = Math.min(fresh.length - 1, Math.floor(options.random() * fresh.length));
  const question = fresh[index];
  if (question === undefined) return undefined;
  return { question, asked: [...remaining, question.id], newPass };
}

function readRotation(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const asked = (raw as { asked?: unknown }).asked;
  return Array.isArray(asked) ? asked.filter((id): id is string => typeof id === 'string') : [];
}

/** The stored side of the rotation: picks and records the pick in one step, per server in turn. */
export class Rotation {
  constructor(
    private readonly store: KeyValueStore,
    private readonly lock: KeyedLock,
    private readonly random: () => number,
  ) {}

  async next(
    guildId: string,
    pool: readonly PoolQuestion[],
    options: { avoid: ReadonlySet<string>; known: ReadonlySet<string> },
  ): Promise<PoolQuestion | undefined> {
    const key = rotationKey(guildId);
    return this.lock.run(key, async () => {
      const asked = readRotation(await this.store.get(key));
      const pick = pickQuestion(pool, asked, { ...options, random: this.random });
      if (pick === undefined) return undefined;
      const record: RotationRecord = { version: 1, asked: pick.asked };
      if (!(await this.store.set(key, record))) throw new Error(`The store did not save ${key}.`);
      return pick.question;
    });
  }

  async asked(guildId: string): Promise<string[]> {
    return readRotation(await this.store.get(rotationKey(guildId)));
  }

  async forget(guildId: string): Promise<void> {
    await this.store.delete(rotationKey(guildId));
  }
}

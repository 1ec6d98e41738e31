/**
 * Per-server, per-member trivia totals (points, correct, answered, current and best streak) for all time and
 * for each calendar month (UTC), and the leaderboards read from them.
 *
 * Storage: one record per server and period holds every member's totals, as a compact array per member
 * (~40 bytes), so a server with 10,000 scored members is one ~400 KB value: a reveal is one read-modify-write
 * per period, and a leaderboard page is one read. The ranking (sorted once, then cached in memory with each
 * member's rank) is rebuilt only after the record changes, so paging and `/trivia stats` cost a slice or a map
 * look-up. The store has no key scans, so the all-time record also lists the months that have a record.
 *
 * Idempotence: each record remembers the last rounds applied to it, so a round re-applied after a crash between
 * two writes is not counted twice.
 */
import type { KeyValueStore } from '../store.js';
import { scoresKey } from './keys.js';
import type { KeyedLock } from '../keyed-lock.js';

export const ALL_TIME = 'all-time';
/** `all-time`, or a month as `YYYY-MM`. */
export type PeriodId = string;

export interface Totals {
  points: number;
  correct: number;
  answered: number;
  /** Correct answers in a row, up to now. */
  streak: number;
  best: number;
}

/** [points, correct, answered, streak, best]: compact, since a record may hold 10,000 members. */
type StoredTotals = [number, number, number, number, number];

/** What is stored under {@link scoresKey}. */
export interface ScoreRecord {
  version: 1;
  members: Record<string, StoredTotals>;
  /** The last rounds applied to this record (see the module comment). */
  applied: string[];
  /** Only in the all-time record: the months that have a record, for deleting a server's data. */
  months?: string[];
}

/** One member's result in one round. */
export interface RoundDelta {
  userId: string;
  correct: boolean;
  points: number;
}

export interface RankedMember {
  rank: number;
  userId: string;
  totals: Totals;
}

export interface LeaderboardPage {
  entries: RankedMember[];
  /** How many members have totals in this period. */
  members: number;
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
}

const APPLIED_LIMIT = 50;
export const ZERO_TOTALS: Readonly<Totals> = Object.freeze({
  points: 0,
  correct: 0,
  answered: 0,
  streak: 0,
  best: 0,
});

/** The calendar month (UTC) of an instant, `YYYY-MM`. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

const toTotals = ([points, correct, answered, streak, best]: StoredTotals): Totals => ({
  points,
  correct,
  answered,
  streak,
  best,
});

/** Higher points first, then more correct answers, then fewer answers; ties by user id, so the order is stable. */
function compare(a: [string, StoredTotals], b: [string, StoredTotals]): number {
  return (
    b[1][0] - a[1][0] || b[1][1] - a[1][1] || a[1][2] - b[1][2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
  );
}

function isStoredTotals(value: unknown): value is StoredTotals {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
  );
}

/** Reads whatever is stored; unreadable members are dropped rather than failing the whole board. */
export function readScoreRecord(raw: unknown): ScoreRecord {
  const record: ScoreRecord = { version: 1, members: {}, applied: [] };
  if (typeof raw !== 'object' || raw === null) return record;
  const { members, applied, months } = raw as Record<string, unknown>;
  if (typeof members === 'object' && members !== null) {
    for (const [userId, totals] of Object.entries(members)) {
      if (isStoredTotals(totals)) record.members[userId] = totals;
    }
  }
  if (Array.isArray(applied)) record.applied = applied.filter((id): id is string => typeof id === 'string');
  if (Array.isArray(months)) record.months = months.filter((m): m is string => typeof m === 'string');
  return record;
}

/** Adds one round's results to a record; returns a new record (the old one is left as it was). */
export function applyRound(record: ScoreRecord, roundId: string, deltas: readonly RoundDelta[]): ScoreRecord {
  if (record.applied.includes(roundId)) return record;
  const members = { ...record.members };
  for (const delta of deltas) {
    const [points, correct, answered, streak, best] = members[delta.userId] ?? [0, 0, 0, 0, 0];
    const nextStreak = delta.correct ? streak + 1 : 0;
    members[delta.userId] = [
      points + delta.points,
      correct + (delta.correct ? 1 : 0),
      answered + 1,
      nextStreak,
      Math.max(best, nextStreak),
    ];
  }
  return { ...record, members, applied: [...record.applied, roundId].slice(-APPLIED_LIMIT) };
}

interface CacheEntry {
  record: ScoreRecord;
  /** User ids, best first; built on the first read after a change. */
  ranking?: string[];
  ranks?: Map<string, number>;
}

export class Scoreboard {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly lock: KeyedLock,
    /** How many server-period records to keep in memory. */
    private readonly cacheSize = 50,
  ) {}

  /** Adds a round's results to the server's all-time and monthly totals (each at most once per round id). */
  async apply(guildId: string, roundId: string, month: string, deltas: readonly RoundDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    for (const period of [ALL_TIME, month]) {
      const key = scoresKey(guildId, period);
      await this.lock.run(key, async () => {
        const current = await this.load(key);
        let next = applyRound(current, roundId, deltas);
        if (period === ALL_TIME && !(current.months ?? []).includes(month)) {
          next = { ...next, months: [...(current.months ?? []), month] };
        }
        if (next === current) return;
        await this.write(key, next);
        this.remember(key, { record: next });
      });
    }
  }

  /** The current all-time streak of each member (0 for members without totals). */
  async streaks(guildId: string, userIds: readonly string[]): Promise<Map<string, number>> {
    const record = await this.load(scoresKey(guildId, ALL_TIME));
    return new Map(userIds.map((userId) => [userId, record.members[userId]?.[3] ?? 0]));
  }

  /** One page of a period's leaderboard, best first. */
  async page(guildId: string, period: PeriodId, page: number, size = 10): Promise<LeaderboardPage> {
    const entry = await this.entry(scoresKey(guildId, period));
    const ranking = this.ranking(entry);
    const pages = Math.max(1, Math.ceil(ranking.length / size));
    const clamped = Math.min(Math.max(0, Math.floor(page)), pages - 1);
    const entries = ranking.slice(clamped * size, clamped * size + size).map((userId, index) => {
      const totals = entry.record.members[userId];
      return {
        rank: clamped * size + index + 1,
        userId,
        totals: totals === undefined ? { ...ZERO_TOTALS } : toTotals(totals),
      };
    });
    return { entries, members: ranking.length, page: clamped, pages };
  }

  /** A member's totals and rank in a period, or undefined when they have not answered in it. */
  async member(guildId: string, period: PeriodId, userId: string): Promise<RankedMember | undefined> {
    const entry = await this.entry(scoresKey(guildId, period));
    const totals = entry.record.members[userId];
    if (totals === undefined) return undefined;
    this.ranking(entry);
    return { rank: entry.ranks?.get(userId) ?? 0, userId, totals: toTotals(totals) };
  }

  /** Deletes every record of a server (all time and each month). */
  async forget(guildId: string): Promise<void> {
    const allTime = scoresKey(guildId, ALL_TIME);
    const record = await this.load(allTime);
    for (const month of record.months ?? []) {
      await this.store.delete(scoresKey(guildId, month));
      this.cache.delete(scoresKey(guildId, month));
    }
    await this.store.delete(allTime);
    this.cache.delete(allTime);
  }

  private ranking(entry: CacheEntry): string[] {
    if (entry.ranking === undefined) {
      const sorted = Object.entries(entry.record.members).sort(compare);
      entry.ranking = sorted.map(([userId]) => userId);
      entry.ranks = new Map(entry.ranking.map((userId, index) => [userId, index + 1]));
    }
    return entry.ranking;
  }

  private async load(key: string): Promise<ScoreRecord> {
    return (await this.entry(key)).record;
  }

  private async entry(key: string): Promise<CacheEntry> {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const record = readScoreRecord(await this.store.get(key));
    // A write (or another read) may have landed while this one waited: the cached entry is then the newer.
    const landed = this.cache.get(key);
    if (landed !== undefined) return landed;
    const entry = { record };
    this.remember(key, entry);
    return entry;
  }

  private remember(key: string, entry: CacheEntry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private async write(key: string, record: ScoreRecord): Promise<void> {
    if (!(await this.store.set(key, record))) throw new Error(`The store did not save ${key}.`);
  }
}

import { beforeAll, describe, expect, it } from 'vitest';
import { scoresKey } from '../../src/trivia/keys.js';
import { KeyedLock } from '../../src/keyed-lock.js';
import { ALL_TIME, applyRound, monthOf, readScoreRecord, Scoreboard } from '../../src/trivia/scores.js';
import { MemoryStore } from '../support/memory-store.js';

const right = (userId: string, points: number) => ({ userId, correct: true, points });
const wrong = (userId: string) => ({ userId, correct: false, points: 0 });

describe('applyRound', () => {
  it('adds points, correct and answered, and keeps the current and best streak', () => {
    let record = readScoreRecord(undefined);
    record = applyRound(record, 'g:1', [right('a', 120), wrong('b')]);
    record = applyRound(record, 'g:2', [right('a', 130), right('b', 100)]);
    record = applyRound(record, 'g:3', [wrong('a')]);
    expect(record.members).toEqual({ a: [250, 2, 3, 0, 2], b: [100, 1, 2, 1, 1] });
  });

  it('counts a round only once, even when it is applied again after a crash', () => {
    const once = applyRound(readScoreRecord(undefined), 'g:1', [right('a', 120)]);
    expect(applyRound(once, 'g:1', [right('a', 120)])).toBe(once);
  });

  it('reads a damaged record without failing, dropping only what cannot be read', () => {
    expect(readScoreRecord({ members: { a: [1, 1, 1, 1, 1], b: 'lots', c: [1, 2] }, applied: 'x' })).toEqual({
      version: 1,
      members: { a: [1, 1, 1, 1, 1] },
      applied: [],
    });
  });
});

describe('Scoreboard', () => {
  it('keeps all-time and monthly totals apart', async () => {
    const store = new MemoryStore();
    const board = new Scoreboard(store, new KeyedLock());
    await board.apply('g1', 'x:1', '2026-04', [right('a', 100)]);
    await board.apply('g1', 'x:2', '2026-05', [right('a', 50), right('b', 90)]);
    expect((await board.member('g1', ALL_TIME, 'a'))?.totals.points).toBe(150);
    expect((await board.member('g1', '2026-05', 'a'))?.totals.points).toBe(50);
    expect(await board.member('g1', '2026-04', 'b')).toBeUndefined();
    expect((await board.member('g1', '2026-05', 'b'))?.rank).toBe(1);
    expect(await board.member('g2', ALL_TIME, 'a')).toBeUndefined();
  });

  it('ranks by points, then by correct answers, then by fewer answers', async () => {
    const board = new Scoreboard(new MemoryStore(), new KeyedLock());
    await board.apply('g1', 'x:1', '2026-05', [
      right('a', 100),
      right('b', 100),
      right('c', 150),
      wrong('d'),
    ]);
    await board.apply('g1', 'x:2', '2026-05', [wrong('b')]);
    const page = await board.page('g1', ALL_TIME, 0);
    expect(page.entries.map((entry) => entry.userId)).toEqual(['c', 'a', 'b', 'd']);
    expect(page.entries.map((entry) => entry.rank)).toEqual([1, 2, 3, 4]);
  });

  it('sees its own writes at once, and a new instance reads them from the store', async () => {
    const store = new MemoryStore();
    const board = new Scoreboard(store, new KeyedLock());
    await board.page('g1', ALL_TIME, 0);
    await board.apply('g1', 'x:1', '2026-05', [right('a', 100)]);
    expect((await board.page('g1', ALL_TIME, 0)).members).toBe(1);
    const fresh = new Scoreboard(store, new KeyedLock());
    expect((await fresh.member('g1', ALL_TIME, 'a'))?.totals).toEqual({
      points: 100,
      correct: 1,
      answered: 1,
      streak: 1,
      best: 1,
    });
  });

  it('leaves totals as they were when the store cannot save them', async () => {
    const store = new MemoryStore();
    const board = new Scoreboard(store, new KeyedLock());
    await board.apply('g1', 'x:1', '2026-05', [right('a', 100)]);
    store.failWrites = true;
    await expect(board.apply('g1', 'x:2', '2026-05', [right('a', 100)])).rejects.toThrow();
    expect((await board.member('g1', ALL_TIME, 'a'))?.totals.points).toBe(100);
  });

  it("deletes a server's all-time and monthly records when asked to forget it", async () => {
    const store = new MemoryStore();
    const board = new Scoreboard(store, new KeyedLock());
    await board.apply('g1', 'x:1', '2026-04', [right('a', 100)]);
    await board.apply('g1', 'x:2', '2026-05', [right('a', 100)]);
    await board.apply('g2', 'y:1', '2026-05', [right('a', 100)]);
    await board.forget('g1');
    expect([...store.data.keys()].filter((key) => key.includes(':g1:'))).toEqual([]);
    expect(store.data.has(scoresKey('g2', ALL_TIME))).toBe(true);
  });

  it('names months by the UTC calendar', () => {
    expect(monthOf(new Date('2026-05-31T23:59:59Z'))).toBe('2026-05');
    expect(monthOf(new Date('2026-06-01T00:00:00Z'))).toBe('2026-06');
  });
});

describe('a leaderboard of 10,000 scored members', () => {
  const members = 10_000;
  let board: Scoreboard;
  let firstPageMs = 0;
  let laterPageMs = 0;

  beforeAll(async () => {
    const store = new MemoryStore();
    // Stored as the bot stores it: one record for the server and period.
    const record = readScoreRecord(undefined);
    for (let i = 0; i < members; i++) {
      const points = (i * 7919) % 50_000;
      record.members[`1${String(i).padStart(17, '0')}`] = [points, i % 40, 40, i % 5, i % 9];
    }
    await store.set(scoresKey('big', ALL_TIME), record);
    board = new Scoreboard(store, new KeyedLock());
    // Measured, not asserted: the first page reads and sorts the record; later pages reuse the sorted ranking.
    let started = performance.now();
    await board.page('big', ALL_TIME, 0);
    firstPageMs = performance.now() - started;
    started = performance.now();
    await board.page('big', ALL_TIME, 500);
    laterPageMs = performance.now() - started;
    console.info(
      `10,000-member leaderboard: first page ${firstPageMs.toFixed(1)} ms (read + sort), a later page ${laterPageMs.toFixed(2)} ms`,
    );
  });

  it('pages through every member in order, ten to a page', async () => {
    const first = await board.page('big', ALL_TIME, 0);
    expect(first.members).toBe(members);
    expect(first.pages).toBe(1000);
    const points = first.entries.map((entry) => entry.totals.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    const last = await board.page('big', ALL_TIME, 999);
    expect(last.entries.at(-1)?.rank).toBe(members);
    expect(last.entries.at(0)?.totals.points).toBeGreaterThanOrEqual(last.entries.at(-1)?.totals.points ?? 0);
  });

  it('clamps a page beyond the end to the last page', async () => {
    expect((await board.page('big', ALL_TIME, 5_000)).page).toBe(999);
  });

  it("gives a member's rank without another sort", async () => {
    const top = (await board.page('big', ALL_TIME, 0)).entries[0];
    expect(top).toBeDefined();
    expect((await board.member('big', ALL_TIME, top?.userId ?? ''))?.rank).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/keyed-lock.js';
import { leaderboard, memberStats } from '../../src/trivia/queries.js';
import { Scoreboard } from '../../src/trivia/scores.js';
import { MemoryStore } from '../support/memory-store.js';

const right = (userId: string, points: number) => ({ userId, correct: true, points });
const MAY = new Date('2026-05-20T10:00:00Z');

async function scoresOfTwoMonths(): Promise<Scoreboard> {
  const board = new Scoreboard(new MemoryStore(), new KeyedLock());
  await board.apply('g1', 'x:1', '2026-04', [right('a', 100)]);
  await board.apply('g1', 'x:2', '2026-05', [right('a', 50), right('b', 90)]);
  return board;
}

describe('leaderboard', () => {
  it('reads "month" as the calendar month of now, and any other period as given', async () => {
    const scores = await scoresOfTwoMonths();
    const month = await leaderboard(scores, { guildId: 'g1', period: 'month', page: 0, now: MAY });
    expect(month.period).toBe('2026-05');
    expect(month.board.entries.map((entry) => entry.userId)).toEqual(['b', 'a']);
    const april = await leaderboard(scores, { guildId: 'g1', period: '2026-04', page: 0, now: MAY });
    expect(april.board.entries.map((entry) => entry.userId)).toEqual(['a']);
  });
});

describe('memberStats', () => {
  it("gives a member's rank all time and this month, with the size of each board", async () => {
    const stats = await memberStats(await scoresOfTwoMonths(), { guildId: 'g1', userId: 'a', now: MAY });
    expect(stats.allTime).toMatchObject({ members: 2, ranked: { rank: 1, totals: { points: 150 } } });
    expect(stats.month).toMatchObject({
      period: '2026-05',
      members: 2,
      ranked: { rank: 2, totals: { points: 50 } },
    });
  });

  it('has no rank for a member who never played', async () => {
    const stats = await memberStats(await scoresOfTwoMonths(), { guildId: 'g1', userId: 'z', now: MAY });
    expect(stats.allTime.ranked).toBeUndefined();
    expect(stats.month.ranked).toBeUndefined();
  });
});

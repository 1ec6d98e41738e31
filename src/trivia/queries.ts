/**
 * Read-only trivia queries: a page of a leaderboard and a member's stats, as data. They change nothing; the
 * handlers render what they return (render.ts).
 */
import { ALL_TIME, monthOf, type LeaderboardPage, type RankedMember, type Scoreboard } from './scores.js';

/** One page of a leaderboard, and the period it is of. */
export interface Leaderboard {
  /** `all-time` or a month, `YYYY-MM`. */
  period: string;
  board: LeaderboardPage;
}

/** A member's rank and totals, all time and this month, with how many members each board has. */
export interface MemberStats {
  userId: string;
  allTime: { ranked: RankedMember | undefined; members: number };
  month: { period: string; ranked: RankedMember | undefined; members: number };
}

/** One page of a leaderboard: `all-time`, or `month` (this calendar month, UTC) or a month `YYYY-MM`. */
export async function leaderboard(
  scores: Pick<Scoreboard, 'page'>,
  request: { guildId: string; period: string; page: number; now: Date },
): Promise<Leaderboard> {
  const period = request.period === 'month' ? monthOf(request.now) : request.period;
  return { period, board: await scores.page(request.guildId, period, request.page) };
}

/** A member's stats, all time and this calendar month (UTC). */
export async function memberStats(
  scores: Pick<Scoreboard, 'page' | 'member'>,
  request: { guildId: string; userId: string; now: Date },
): Promise<MemberStats> {
  const { guildId, userId } = request;
  const month = monthOf(request.now);
  const [allRanked, allBoard, monthRanked, monthBoard] = await Promise.all([
    scores.member(guildId, ALL_TIME, userId),
    scores.page(guildId, ALL_TIME, 0, 1),
    scores.member(guildId, month, userId),
    scores.page(guildId, month, 0, 1),
  ]);
  return {
    userId,
    allTime: { ranked: allRanked, members: allBoard.members },
    month: { period: month, ranked: monthRanked, members: monthBoard.members },
  };
}

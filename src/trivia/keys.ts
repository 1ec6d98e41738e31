/**
 * Store keys of trivia. Everything of a server is under its guild id, so a server's data is only ever written by
 * the process (shard) that has the server. The store has no key scans: each server lists its channels with a
 * game in progress, which a restart reads for each server it has.
 */

/** The game in progress in one channel ({@link GameRecord}), if any. */
export const gameKey = (guildId: string, channelId: string): string => `trivia:game:${guildId}:${channelId}`;
/**
 * Page `page` (0, 1, …) of the answers to round `round` of game `gameId` in a channel: the answers are kept in
 * small pages of their own (see answers.ts), never in the game record.
 */
export const answerKey = (
  guildId: string,
  channelId: string,
  gameId: string,
  round: number,
  page: number,
): string => `${gameKey(guildId, channelId)}:answers:${gameId}:${round}:${page}`;
/** The channels of a server with a game in progress: what a restart resumes. */
export const activeGamesKey = (guildId: string): string => `trivia:active-games:${guildId}`;
/** The question ids a server has been asked in the current pass through its pool. */
export const rotationKey = (guildId: string): string => `trivia:rotation:${guildId}`;
/** A server's own questions. */
export const customQuestionsKey = (guildId: string): string => `trivia:questions:${guildId}`;
/** A server's totals of one period: `all-time`, or a calendar month (UTC) as `YYYY-MM`. */
export const scoresKey = (guildId: string, period: string): string => `trivia:scores:${guildId}:${period}`;

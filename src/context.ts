/**
 * What the bot hands every command handler: the services a handler calls, typed by what handlers use, so a
 * handler can read and change settings, start games and ask about schedules, but never reaches the raw store.
 * `src/bot.ts` builds it; tests build one with their own store and clock.
 */
import type { Content } from './content/load.js';
import type { Logger } from './logger.js';
import type { ReleasePosts } from './release/posts.js';
import type { ReleaseTimeline } from './release/timeline.js';
import type { DailyScheduler } from './schedule/daily-scheduler.js';
import type { ReleaseFeed } from './reminders/release-feed.js';
import type { ReminderService } from './reminders/service.js';
import type { GuildSettingsService } from './settings/service.js';
import type { TriviaService } from './trivia/service.js';

/** A server's settings as handlers see them: read, change, reset, and the change history. */
export type HandlerSettings = Pick<GuildSettingsService, 'get' | 'inspect' | 'update' | 'reset' | 'history'>;

/** A daily schedule as handlers see it: when its next post is, after any re-plan under way has finished. */
export type ScheduleView = Pick<DailyScheduler, 'status' | 'idle'>;

/** Everything a handler may use. */
export interface HandlerContext {
  content: Content;
  logger: Logger;
  settings: HandlerSettings;
  /** The daily countdown posts (for `/config check` and `/config show`). */
  countdown: ScheduleView;
  /** The question of the day's posts (for `/config qotd` and `/config check`). */
  qotd: ScheduleView;
  /** Trivia games, scores and each server's own questions. */
  trivia: TriviaService;
  /** The live release timeline: the operator's news over data/*.json (read it, not `content.release`). */
  release: Pick<
    ReleaseTimeline,
    'release' | 'windowOrigin' | 'cast' | 'current' | 'setRelease' | 'setCastStatus' | 'readers'
  >;
  /** Release posts: remembers the event `/config countdown-event` makes, so a new date moves it. */
  releasePosts: Pick<ReleasePosts, 'rememberEvent'>;
  /** Who runs the bot: OPERATOR_GUILD_ID and OPERATOR_USER_IDS (none: the application's owner or team). */
  operator: { guildId: string | undefined; userIds: readonly string[] | undefined };
  /** Members' reminders by DM, and the release they follow. */
  reminders: { members: ReminderService; feed: ReleaseFeed };
  /** The current time; injected so domain code never reads the real clock itself. */
  now: () => Date;
}

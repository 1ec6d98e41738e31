/**
 * The one contract between the bot and each of its features (cast, countdown, trivia, question of the day...).
 * `src/bot.ts` keeps a list of features and calls every hook below at the right moment, so a feature never has to
 * be wired by hand into start-up, the minute clock, servers coming and going, setting changes, the 30-day purge
 * and shutdown: it implements the hooks it needs and is added to that list.
 *
 * Every hook is optional. Hooks are called for the features in list order, and `stop` in reverse order. A hook
 * that fails is logged with the feature's name and does not keep the other features from running theirs.
 */
import type { Interaction } from 'discord.js';
import type { SettingChange } from './settings/service.js';

export interface Feature {
  /** Names the feature in logs, e.g. "countdown". */
  readonly name: string;

  /**
   * The slash commands this feature answers, by name, as listed in `commands/index.ts` (the command modules
   * themselves live in `commands/` and reach the feature through the handler context, `src/context.ts`).
   * Start-up refuses to run when one of them is missing from the bot's command list.
   */
  readonly commands?: readonly string[];

  /**
   * Start-up, once the client is ready, with every server the bot is in: resume what was in progress when the
   * bot stopped and plan its schedules. A post missed while the bot was down is sent from here. The minute clock
   * already runs, so {@link Feature.tick} may come before this has finished.
   */
  recover?(guildIds: readonly string[]): Promise<void>;

  /** Each minute, from the one clock every feature shares: start what is due. Must return at once and never throw. */
  tick?(): void;

  /** The bot joined a server (or came back to one), after the server's removal mark was cleared. */
  guildAdded?(guildId: string): Promise<void>;

  /** The bot left a server: stop working for it. Its data stays 30 days in case the bot is invited back. */
  guildRemoved?(guildId: string): void;

  /** A moderator changed some of a server's settings (only the settings that really changed are given). */
  settingsChanged?(guildId: string, changes: readonly SettingChange[]): Promise<void>;

  /** After an interaction was handled (answered, or its error shown): a last word to the member, if any. */
  answered?(interaction: Interaction): Promise<void>;

  /** 30 days after the bot left a server (the daily purge): delete everything this feature stored for it. */
  forget?(guildId: string): Promise<void>;

  /** Shutdown: take no new work, clear timers, and wait for work in progress (a post being sent, a reveal). */
  stop?(): Promise<void>;
}

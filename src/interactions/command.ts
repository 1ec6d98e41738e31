/** The shape of a slash command module in `commands/`, and what the bot hands every handler. */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { Content } from '../content/load.js';
import type { Logger } from '../logger.js';
import type { DailyScheduler } from '../schedule/daily-scheduler.js';
import type { GuildSettingsService } from '../settings/service.js';
import type { KeyValueStore } from '../store.js';
import type { TriviaService } from '../trivia/service.js';

/** Everything a handler may use; tests build one with their own store and clock. */
export interface BotContext {
  config: Config;
  content: Content;
  store: KeyValueStore;
  logger: Logger;
  settings: GuildSettingsService;
  /** The daily countdown posts (for `/config check`). */
  countdown: DailyScheduler;
  /** Trivia games, scores and each server's own questions. */
  trivia: TriviaService;
  /** The current time; injected so domain code never reads the real clock itself. */
  now: () => Date;
}

/** Buttons, select menus and modals. Their custom ids start with `<command name>:`, which routes them here. */
export type ComponentInteraction = MessageComponentInteraction | ModalSubmitInteraction;

export interface Command {
  /** The command as registered with Discord (SlashCommandBuilder#toJSON()). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  handleComponent?(interaction: ComponentInteraction, context: BotContext): Promise<void>;
}

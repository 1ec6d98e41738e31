/**
 * Routes every interaction to its command: chat input to `execute`, autocomplete to `autocomplete`, and buttons,
 * select menus and modals by the prefix of their custom id (`<command>:...`) to `handleComponent`. Logs one line
 * per interaction with its latency and sends every failure down the one error path.
 */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type CommandInteractionOption,
  type Interaction,
} from 'discord.js';
import type { Command } from '../command.js';
import type { HandlerContext } from '../context.js';
import { resolveLocale, t, userError } from '../i18n/index.js';
import { explainError, replyWithError } from './errors.js';
import { botServerId } from './where.js';

/** In English; members see it in their language (`errors.serverOnly`). */
export const SERVER_ONLY_MESSAGE = t('en', 'errors.serverOnly');

/** Splits a custom id into the command that owns it and the rest (`trivia:answer:…` → `trivia`). */
export function customIdPrefix(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

/** True when a command is registered for places other than the bot's servers (DMs, group DMs). */
export function worksOutsideServers(command: Command): boolean {
  const contexts = command.data.contexts ?? [InteractionContextType.Guild];
  return contexts.some((context) => context !== InteractionContextType.Guild);
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

export function createInteractionRouter(
  commands: readonly Command[],
  context: HandlerContext,
): InteractionHandler {
  const byName = new Map(commands.map((command) => [command.data.name, command]));

  const find = (name: string): Command => {
    const command = byName.get(name);
    if (command === undefined) throw userError('errors.unknownCommand');
    return command;
  };

  const dispatch = async (interaction: Interaction): Promise<void> => {
    if (interaction.isChatInputCommand()) {
      const command = find(interaction.commandName);
      requireServer(interaction, command);
      requireWellTypedOptions(interaction.options.data);
      await command.execute(interaction, context);
    } else if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      // Autocomplete cannot show an error; an unknown or server-only command simply gets no suggestions.
      // The focused value is whatever the member has typed so far (a string even for number options).
      const typed = interaction.options.data.filter((option) => option.focused !== true);
      if (
        command?.autocomplete === undefined ||
        (botServerId(interaction) === null && !worksOutsideServers(command)) ||
        !typed.every(isWellTyped) ||
        typeof interaction.options.getFocused() !== 'string'
      ) {
        await interaction.respond([]);
      } else {
        await command.autocomplete(interaction, context);
      }
    } else if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
      const command = find(customIdPrefix(interaction.customId));
      if (command.handleComponent === undefined) throw userError('errors.unknownButton');
      requireServer(interaction, command);
      await command.handleComponent(interaction, context);
    }
  };

  return async (interaction) => {
    const started = performance.now();
    let outcome = 'ok';
    try {
      await dispatch(interaction);
    } catch (error) {
      // Errors are for the member alone: in their Discord language.
      const explained = explainError(error, context.logger, resolveLocale(interaction.locale));
      outcome = explained.outcome;
      if (interaction.isRepliable()) {
        await replyWithError(interaction, explained.message).catch((replyError: unknown) => {
          context.logger.warn(
            { err: replyError, interaction: interaction.id },
            'could not send the error reply',
          );
        });
      } else if (interaction.isAutocomplete() && !interaction.responded) {
        await interaction.respond([]).catch(() => undefined);
      }
    }
    // Autocomplete arrives at every keystroke: its routine answers would drown the log (and cost CPU) at info.
    const level = interaction.isAutocomplete() && outcome === 'ok' ? 'debug' : 'info';
    context.logger[level](
      {
        interaction: interaction.id,
        type: interaction.type,
        name: routeName(interaction),
        guild: interaction.guildId,
        user: interaction.user.id,
        outcome,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'interaction',
    );
  };
}

const SNOWFLAKE = /^\d{17,20}$/;

/** Whether an option's value has the type its declared option type promises. */
function isWellTyped(option: CommandInteractionOption): boolean {
  const value: unknown = option.value;
  switch (option.type) {
    case ApplicationCommandOptionType.String:
      return typeof value === 'string';
    case ApplicationCommandOptionType.Integer:
      return Number.isSafeInteger(value);
    case ApplicationCommandOptionType.Number:
      return typeof value === 'number' && Number.isFinite(value);
    case ApplicationCommandOptionType.Boolean:
      return typeof value === 'boolean';
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
    case ApplicationCommandOptionType.Attachment:
      return typeof value === 'string' && SNOWFLAKE.test(value);
    default:
      return (option.options ?? []).every(isWellTyped);
  }
}

/**
 * discord.js checks an option's declared type but not its value; Discord itself never sends a mismatch, so one
 * means a forged or corrupted payload, refused here once for every command.
 */
function requireWellTypedOptions(options: readonly CommandInteractionOption[]): void {
  if (!options.every(isWellTyped)) throw userError('errors.badOptions');
}

function requireServer(interaction: Interaction, command: Command): void {
  // A server where only the member installed the bot counts as no server: the bot has nothing of it.
  if (botServerId(interaction) === null && !worksOutsideServers(command))
    throw userError('errors.serverOnly');
}

function routeName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit())
    return customIdPrefix(interaction.customId);
  return 'unsupported';
}

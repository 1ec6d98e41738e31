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
import { UserError } from '../errors.js';
import { BAD_OPTIONS_MESSAGE, explainError, replyWithError } from './errors.js';
import { botServerId } from './where.js';

export const SERVER_ONLY_MESSAGE =
  'This command only works in a server. Use it in a channel of a server that has Purple Hearts Bot.';

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
    if (command === undefined) throw new UserError('That command or button is no longer available.');
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
      if (command.handleComponent === undefined) throw new UserError('That button is no longer available.');
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
      const explained = explainError(error, context.logger);
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
  if (!options.every(isWellTyped)) throw new UserError(BAD_OPTIONS_MESSAGE);
}

function requireServer(interaction: Interaction, command: Command): void {
  // A server where only the member installed the bot counts as no server: the bot has nothing of it.
  if (botServerId(interaction) === null && !worksOutsideServers(command))
    throw new UserError(SERVER_ONLY_MESSAGE);
}

function routeName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit())
    return customIdPrefix(interaction.customId);
  return 'unsupported';
}

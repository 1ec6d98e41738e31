/**
 * Routes every interaction to its command: chat input to `execute`, autocomplete to `autocomplete`, and buttons,
 * select menus and modals by the prefix of their custom id (`<command>:...`) to `handleComponent`. Logs one line
 * per interaction with its latency and sends every failure down the one error path.
 */
import { InteractionContextType, type Interaction } from 'discord.js';
import type { BotContext, Command } from './command.js';
import { explainError, replyWithError, UserError } from './errors.js';

export const SERVER_ONLY_MESSAGE =
  'This command only works in a server. Use it in a channel of a server that has Purple Hearts Bot.';

/** Splits a custom id into the command that owns it and the rest (`trivia:answer:…` → `trivia`). */
export function customIdPrefix(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

/** True when a command is registered for DMs as well as servers. */
export function worksOutsideServers(command: Command): boolean {
  const contexts = command.data.contexts ?? [InteractionContextType.Guild];
  return contexts.some((context) => context !== InteractionContextType.Guild);
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

export function createInteractionRouter(
  commands: readonly Command[],
  context: BotContext,
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
      await command.execute(interaction, context);
    } else if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName);
      // Autocomplete cannot show an error; an unknown or server-only command simply gets no suggestions.
      if (command?.autocomplete === undefined || (!interaction.inGuild() && !worksOutsideServers(command))) {
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
    context.logger.info(
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

function requireServer(interaction: Interaction, command: Command): void {
  if (!interaction.inGuild() && !worksOutsideServers(command)) throw new UserError(SERVER_ONLY_MESSAGE);
}

function routeName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit())
    return customIdPrefix(interaction.customId);
  return 'unsupported';
}

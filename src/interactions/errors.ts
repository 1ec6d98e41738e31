/**
 * The one error path for interactions. Expected failures are {@link UserError}s shown as they are; Discord API
 * errors become plain words; anything else is logged with an id and the user is told something went wrong.
 * Every error reply is ephemeral and never pings.
 */
import { randomUUID } from 'node:crypto';
import { DiscordjsErrorCodes, MessageFlags, type RepliableInteraction } from 'discord.js';
import {
  describeDiscordError,
  STORE_UNAVAILABLE_MESSAGE,
  StoreUnavailableError,
  UserError,
} from '../errors.js';
import type { Logger } from '../logger.js';

/** What went wrong, in words for the user, and whether it was expected. */
export interface ExplainedError {
  message: string;
  outcome: 'user-error' | 'discord-error' | 'store-unavailable' | 'error';
  errorId?: string;
}

/** discord.js's own complaints about options that don't match the command (stale clients, forged payloads). */
const OPTION_ERRORS: ReadonlySet<string> = new Set([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
  DiscordjsErrorCodes.AutocompleteInteractionOptionNoFocusedOption,
]);

export const BAD_OPTIONS_MESSAGE =
  "That command's options don't match what I expect (your Discord may show an old version of it). Please type the command again and pick the options from the list.";

/** Turns any thrown value into words for the user; unexpected errors are logged with an id. */
export function explainError(error: unknown, logger: Logger): ExplainedError {
  if (error instanceof UserError) return { message: error.message, outcome: 'user-error' };
  if (error instanceof StoreUnavailableError) {
    logger.warn({ err: error }, 'store unavailable');
    return { message: STORE_UNAVAILABLE_MESSAGE, outcome: 'store-unavailable' };
  }
  if (error instanceof Error && 'code' in error && OPTION_ERRORS.has(String(error.code))) {
    return { message: BAD_OPTIONS_MESSAGE, outcome: 'user-error' };
  }
  const refusal = describeDiscordError(error);
  if (refusal !== undefined) {
    const { code, method, url } = refusal;
    logger.warn({ code, method, url }, 'discord refused a request');
    const sentence = `${refusal.words.charAt(0).toUpperCase()}${refusal.words.slice(1)}.`;
    return {
      message: refusal.hint === undefined ? sentence : `${sentence} ${refusal.hint}`,
      outcome: 'discord-error',
    };
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error({ err: error, errorId }, 'unexpected error while handling an interaction');
  return {
    message: `Something went wrong on my side (error id \`${errorId}\`). Please try again; if it keeps happening, give this id to the bot's owner.`,
    outcome: 'error',
    errorId,
  };
}

/**
 * Shows an error to the user ephemerally, whatever state the interaction is in: a first reply, an edit of a
 * deferred "thinking..." reply, or a follow-up after a reply.
 */
export async function replyWithError(interaction: RepliableInteraction, message: string): Promise<void> {
  const payload = { content: message, allowedMentions: { parse: [] } };
  if (interaction.deferred && !interaction.replied && interaction.isChatInputCommand()) {
    await interaction.editReply(payload);
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  }
}

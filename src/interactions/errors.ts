/**
 * The one error path for interactions. Expected failures are {@link UserError}s shown as they are; Discord API
 * errors become plain words; anything else is logged with an id and the user is told something went wrong.
 * Every error reply is ephemeral and never pings.
 */
import { randomUUID } from 'node:crypto';
import { DiscordjsErrorCodes, MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import { describeDiscordError, StoreUnavailableError, UserError } from '../errors.js';
import { localizedText, t, type Locale, type MessageKey } from '../i18n/index.js';
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

/** In English; members see it in their language (`errors.badOptions`). */
export const BAD_OPTIONS_MESSAGE = t('en', 'errors.badOptions');

/** Each refusal of src/errors.ts as a sentence for the member, by Discord's error code. */
const REFUSAL_MESSAGES: Partial<Record<number, MessageKey>> = {
  [RESTJSONErrorCodes.MissingAccess]: 'errors.missingAccess',
  [RESTJSONErrorCodes.MissingPermissions]: 'errors.missingPermissions',
  [RESTJSONErrorCodes.UnknownChannel]: 'errors.unknownChannel',
  [RESTJSONErrorCodes.UnknownMessage]: 'errors.unknownMessage',
  [RESTJSONErrorCodes.UnknownRole]: 'errors.unknownRole',
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: 'errors.cannotDm',
};

/**
 * Turns any thrown value into words for the user, in their language (`resolveLocale(interaction.locale)`);
 * unexpected errors are logged with an id.
 */
export function explainError(error: unknown, logger: Logger, locale: Locale = 'en'): ExplainedError {
  if (error instanceof UserError) {
    const { localized } = error;
    const message = localized === undefined ? error.message : localizedText(locale, localized);
    return { message, outcome: 'user-error' };
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn({ err: error }, 'store unavailable');
    return { message: t(locale, 'errors.storeUnavailable'), outcome: 'store-unavailable' };
  }
  if (error instanceof Error && 'code' in error && OPTION_ERRORS.has(String(error.code))) {
    return { message: t(locale, 'errors.badOptions'), outcome: 'user-error' };
  }
  const refusal = describeDiscordError(error);
  if (refusal !== undefined) {
    const { code, method, url } = refusal;
    logger.warn({ code, method, url }, 'discord refused a request');
    const key = REFUSAL_MESSAGES[code];
    const sentence = `${refusal.words.charAt(0).toUpperCase()}${refusal.words.slice(1)}.`;
    const english = refusal.hint === undefined ? sentence : `${sentence} ${refusal.hint}`;
    return { message: key === undefined ? english : t(locale, key), outcome: 'discord-error' };
  }
  const errorId = randomUUID().slice(0, 8);
  logger.error({ err: error, errorId }, 'unexpected error while handling an interaction');
  return { message: t(locale, 'errors.unexpected', { errorId }), outcome: 'error', errorId };
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

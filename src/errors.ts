/**
 * The error types every layer may throw, and the one place Discord's refusals are put into words. This module
 * sits at the bottom: it imports nothing from the bot, so the store, the domain code and the handlers can all
 * use it. Showing errors to a member is `src/interactions/errors.ts`'s job.
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/**
 * A message by its key in the resource files (src/i18n/locales/), said in the reader's language when shown. The
 * key is typed where it is made (`userError` in src/i18n/index.ts): this module imports nothing of the bot's own.
 */
export interface LocalizedMessage {
  key: string;
  values?: Record<string, string | number>;
  /** Values that are themselves messages, by key (a setting's label): said in the reader's language too. */
  keyValues?: Record<string, string>;
  /** Values that are lists, joined in the reader's language ("A, B and C", "A, B ou C"). */
  lists?: Record<string, MessageList>;
  /** Messages said under this one, a bullet each (every problem of a refused input), in the same language. */
  bullets?: readonly LocalizedMessage[];
}

/**
 * A list to join in the reader's language: `and` (conjunction) or `or` (disjunction). Its items are plain `texts`
 * (option names, said as they are) or message `keys` (permission names), said in the reader's language.
 */
export type MessageList = { type: 'conjunction' | 'disjunction' } & (
  { texts: readonly string[] } | { keys: readonly string[] }
);

/**
 * An expected failure (bad input, missing permission...): its message is shown to the user. Made with
 * `userError(key, values)` (src/i18n/index.ts) it carries its message's key and is shown in the member's
 * language; `message` is the English, for logs. A plain message is shown as it is.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    message: string,
    readonly localized?: LocalizedMessage,
  ) {
    super(message);
  }
}

/** The store could not be reached (a Redis or database outage): the user may simply try again later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export const STORE_UNAVAILABLE_MESSAGE =
  'My storage is temporarily unavailable, so nothing was changed. Please try again in a minute.';

/**
 * A refusal that trying again cannot mend, by kind: stored with a stopped schedule, and said in the reader's
 * language from that (`schedule.refused.<kind>`).
 */
export type RefusalKind =
  | 'missingAccess'
  | 'missingPermissions'
  | 'unknownChannel'
  | 'unknownMessage'
  | 'unknownRole'
  | 'cannotDm'
  | 'forbidden'
  | 'notFound';

/** Why Discord refused for good: its kind, and in English words (for logs) as a clause that reads after "because". */
export interface PermanentFailure {
  kind: RefusalKind;
  words: string;
}

/** A request Discord refused, in plain words. */
export interface DiscordRefusal {
  /** Discord's JSON error code, e.g. 50013. */
  code: number;
  /** Which refusal it is, for words in the reader's language. */
  kind: RefusalKind;
  /** What was refused, as a clause that reads on its own or after "because": "the channel no longer exists (Unknown Channel)". */
  words: string;
  /** What a member can do about it, when there is something. */
  hint?: string;
  /** The refused request, for the log. */
  method: string;
  url: string;
}

const REFUSALS: Partial<Record<number, Pick<DiscordRefusal, 'kind' | 'words' | 'hint'>>> = {
  [RESTJSONErrorCodes.MissingAccess]: {
    kind: 'missingAccess',
    words: "I can't see or use the channel (Missing Access)",
    hint: 'Check my permissions there and try again.',
  },
  [RESTJSONErrorCodes.MissingPermissions]: {
    kind: 'missingPermissions',
    words: "I'm missing a permission I need there (Missing Permissions)",
    hint: "Check my role and the channel's permissions.",
  },
  [RESTJSONErrorCodes.UnknownChannel]: {
    kind: 'unknownChannel',
    words: 'the channel no longer exists (Unknown Channel)',
  },
  [RESTJSONErrorCodes.UnknownMessage]: {
    kind: 'unknownMessage',
    words: 'the message no longer exists (Unknown Message)',
  },
  [RESTJSONErrorCodes.UnknownRole]: {
    kind: 'unknownRole',
    words: 'the role no longer exists (Unknown Role)',
  },
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser]: {
    kind: 'cannotDm',
    words: "I can't send you direct messages",
  },
};

/** The one classifier of Discord API errors: the refusal in plain words, or undefined when it is not one we name. */
export function describeDiscordError(error: unknown): DiscordRefusal | undefined {
  if (!(error instanceof DiscordAPIError) || typeof error.code !== 'number') return undefined;
  const known = REFUSALS[error.code];
  return known === undefined
    ? undefined
    : { code: error.code, ...known, method: error.method, url: error.url };
}

/**
 * Why Discord refused for good (no access, the channel is gone: trying again cannot help), or undefined for a
 * failure worth another try (5xx, rate limits, the network). Scheduled posts and trivia games stop on the first.
 */
export function permanentDiscordFailure(error: unknown): PermanentFailure | undefined {
  const refusal = describeDiscordError(error);
  if (refusal !== undefined) return { kind: refusal.kind, words: refusal.words };
  if (!(error instanceof DiscordAPIError)) return undefined;
  if (error.status === 403) return { kind: 'forbidden', words: 'Discord refused the post (403 Forbidden)' };
  if (error.status === 404) return { kind: 'notFound', words: 'the channel was not found (404)' };
  return undefined;
}

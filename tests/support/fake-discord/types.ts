/** The public shapes of the fake Discord: its options, what it records, and interaction handles. */
import type {
  APICommandAutocompleteInteractionResponseCallbackData,
  APIInteraction,
  APIInteractionDataResolved,
  APIInteractionResponseCallbackData,
  APIModalInteractionResponseCallbackData,
  InteractionResponseType,
} from 'discord-api-types/v10';
import type { FakeGuild, FakeUser } from './fixtures.js';
import type { StoredMessage } from './messages.js';
import type { CommandOption } from './options.js';
import type { DiscordErrorBody } from './validation.js';

export type { StoredMessage } from './messages.js';

/** A file part of a multipart request. */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
}

/** One REST request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, each segment URL-decoded (so `@original`, not `%40original`). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON, or for multipart the parsed `payload_json`; undefined without a body. */
  body: unknown;
  /** Files of a multipart request (empty otherwise). */
  files: RecordedFile[];
  /** Date.now() when the request arrived. */
  at: number;
  /** The route template that handled it (e.g. `/channels/:channel/messages`), or undefined for unknown routes. */
  route: string | undefined;
  /** The HTTP status the fake answered with; 0 until the answer is sent. */
  status: number;
}

/**
 * The `data` of an accepted callback, every kind in one shape: a message (types 4 and 7; only `flags` for 5),
 * autocomplete `choices` (8) or a modal's `custom_id` and `title` (9). Discord validated it, so the fields that
 * are there have these types.
 */
export type InteractionReplyData = APIInteractionResponseCallbackData &
  APICommandAutocompleteInteractionResponseCallbackData &
  Partial<Pick<APIModalInteractionResponseCallbackData, 'custom_id' | 'title'>>;

/** A callback body the bot sent for an interaction. */
export interface InteractionReply {
  type: InteractionResponseType;
  data?: InteractionReplyData;
}

/** A message to click on (`button`, `selectMenu`, `modalSubmit`): a stored one, or at least its id. */
export type MessageRef = Pick<StoredMessage, 'id'> & Partial<StoredMessage>;

/** A dispatched interaction and what the bot did with it. Waiters consume edits/follow-ups in order. */
export interface InteractionHandle {
  id: string;
  token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  payload: APIInteraction;
  /** The first callback Discord accepted. */
  reply: InteractionReply;
  /** The current original response (after callback 4/5/6/7 and later edits), or undefined (none, or deleted). */
  original(): StoredMessage | undefined;
  /** The next not-yet-consumed edit of the original (PATCH .../messages/@original or its id), as the edited message. */
  waitForEdit(timeoutMs?: number): Promise<StoredMessage>;
  /** Every follow-up message created via POST /webhooks/:app/:token, current state, in order. */
  followUps(): StoredMessage[];
  /** The next not-yet-consumed follow-up message. */
  waitForFollowUp(timeoutMs?: number): Promise<StoredMessage>;
  /** Callbacks Discord refused (invalid body, wrong type), with the error it answered. */
  rejectedCallbacks(): Array<{ body: unknown; error: DiscordErrorBody }>;
}

/** Options of `FakeDiscord.start`. */
export interface FakeDiscordOptions {
  /** Guilds the bot is in; default: one `defaultGuild()`. Copied, so later changes go through the fake. */
  guilds?: FakeGuild[];
  /** The only accepted bot token; default: a random, real-looking one. */
  token?: string;
  botUser?: FakeUser;
  /** Gateway HELLO heartbeat interval in ms (default 41250, as Discord). */
  heartbeatInterval?: number;
  /** `shards` of GET /gateway/bot (default 1). */
  recommendedShards?: number;
  /**
   * `session_start_limit.max_concurrency` (default 16). discord.js identifies shards with the same
   * `id % max_concurrency` 5 s apart, so 1 (Discord's default for small bots) makes multi-shard tests slow.
   */
  maxConcurrency?: number;
  /** Global REST limit in requests per second for authenticated requests (429 beyond); default off. */
  globalRateLimit?: number;
  /** Per-route bucket advertised in X-RateLimit-* headers and enforced (default 50 per 1 s). */
  routeRateLimit?: { limit: number; resetAfterMs: number };
  /** How long the bot has to send the first interaction callback before the token dies (default 3000, as Discord). */
  callbackTimeoutMs?: number;
  /** How long interaction tokens work for webhooks (default 15 min, as Discord). */
  interactionTokenLifetimeMs?: number;
  /** Privileged intents enabled in the "developer portal"; others get close code 4014. Default: all. */
  privilegedIntents?: number;
  /** `member.permissions` default when the guild config does not decide; see `MEMBER_PERMISSIONS`. */
  defaultMemberPermissions?: string;
}

/** Common options of the interaction helpers. */
export interface InteractionOptions {
  /** Guild to send from; default the first guild; `null` sends from a DM with the bot. */
  guildId?: string | null;
  /** Default: the guild's first text channel, or the user's DM channel. */
  channelId?: string;
  /** Default: `defaultUsers.fan`. */
  user?: FakeUser;
  /** Override the computed `member.permissions` (decimal string). */
  memberPermissions?: string;
  /** Override the computed `app_permissions` (decimal string). */
  appPermissions?: string;
  locale?: string;
  /** How long to wait for the first callback (default: the fake's callbackTimeoutMs). */
  timeoutMs?: number;
  /**
   * Sent through the member's own install of the app (user install): `authorizing_integration_owners` names the
   * user, not a server. Combine with `foreignGuildId` (a server the bot is not in) or `groupDm`; without either
   * it comes from the member's DM with the bot.
   */
  userInstall?: boolean;
  /** A server the bot is not a member of (user install only): the payload carries its id but no guild data. */
  foreignGuildId?: string;
  /** A group DM the bot is not in (context 2, user install only). */
  groupDm?: boolean;
}

/** An injected failure for `FakeDiscord.failNext`. */
export interface FailResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request held by `FakeDiscord.holdRequests`. */
export interface HeldRequest {
  request: RecordedRequest;
  /** Whether Discord has acted on it (created the message, say) before holding the answer back. */
  processed: boolean;
  /** Whether the caller hung up (its process died) while the request was held. */
  connectionClosed: boolean;
}

/** Options of `FakeDiscord.chatInput`: the command, its `data.options`, and optionally `resolved` and its id. */
export interface ChatInputOptions extends InteractionOptions {
  name: string;
  options?: CommandOption[];
  resolved?: APIInteractionDataResolved;
  commandId?: string;
}

/** Options of `FakeDiscord.autocomplete`: exactly one option must be `focused: true`. */
export interface AutocompleteOptions extends InteractionOptions {
  name: string;
  options: CommandOption[];
}

/** Options of `FakeDiscord.button`: the clicked button and the message it is on. */
export interface ButtonOptions extends InteractionOptions {
  customId: string;
  message: MessageRef;
}

/** Options of `FakeDiscord.selectMenu` (component type 3, a string select, by default). */
export interface SelectMenuOptions extends ButtonOptions {
  values: string[];
  componentType?: number;
  resolved?: APIInteractionDataResolved;
}

/** Options of `FakeDiscord.modalSubmit`: a string is a text input value, an array `values`. */
export interface ModalSubmitOptions extends InteractionOptions {
  customId: string;
  fields: Record<string, string | string[]>;
  message?: MessageRef;
}

/**
 * Messages and channels: what the bot posts, edits and deletes (in channels, as interaction responses and as
 * follow-ups), with mentions resolved under `allowed_mentions`, attachments from multipart files, MESSAGE_*
 * dispatches to sessions with the matching intent, and the channel routes.
 */
import {
  ChannelType,
  EmbedType,
  GatewayDispatchEvents,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PollLayoutType,
  type APIAllowedMentions,
  type APIAuthorizingIntegrationOwnersMap,
  type APIDMChannel,
  type APIEmbed,
  type APIInteraction,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIPoll,
  type APIUser,
  type ApplicationCommandType,
  type InteractionType,
  type RESTAPIAttachment,
  type RESTAPIMessageReference,
  type RESTAPIPoll,
} from 'discord-api-types/v10';
import type { Gateway } from './gateway.js';
import { hasBit, permissionsIn } from './guilds.js';
import {
  ChannelTypes,
  IntentBits,
  PermissionBits,
  apiChannel,
  apiUser,
  defaultUsers,
  noFlags,
  snowflake,
  snowflakeTime,
  type FakeChannel,
  type FakeGuild,
  type FakeUser,
} from './fixtures.js';
import { bodyOf, error, json, noContent, param, type Reply, type RouteContext, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import type { MessageRef, RecordedFile } from './types.js';
import { discordErrors, validateMessageBody } from './validation.js';

/** How a stored message came to be: it decides which test queries list it. */
export type MessageOrigin = 'channel' | 'interaction' | 'followup' | 'external';

/** The interaction a message answers, for its `interaction_metadata`. */
export interface MessageInteraction {
  id: string;
  payload: APIInteraction;
  originalId: string | undefined;
}

/**
 * A message body the fake accepted (`validateMessageBody` passed): a channel post, an interaction response, a
 * follow-up or an edit (where `null` clears a field).
 */
export interface MessageBody {
  content?: string | null | undefined;
  tts?: boolean | undefined;
  embeds?: APIEmbed[] | null | undefined;
  components?: APIMessageTopLevelComponent[] | null | undefined;
  flags?: number | null | undefined;
  nonce?: string | number | undefined;
  enforce_nonce?: boolean | undefined;
  poll?: RESTAPIPoll | null | undefined;
  message_reference?: RESTAPIMessageReference | undefined;
  allowed_mentions?: APIAllowedMentions | null | undefined;
  attachments?: RESTAPIAttachment[] | null | undefined;
}

/** The `interaction_metadata` the fake puts on an interaction's messages (the fields discord.js reads). */
export interface StoredInteractionMetadata {
  id: string;
  type: InteractionType;
  user: APIUser | undefined;
  authorizing_integration_owners: APIAuthorizingIntegrationOwnersMap;
  name?: string;
  command_type?: ApplicationCommandType;
  original_response_message_id?: string;
}

/** A DM channel as Discord sends it (no `name`). */
export type StoredDmChannel = Omit<APIDMChannel, 'name'>;

/** How long Discord remembers an enforced nonce ("a few minutes"); the bot assumes less. */
const NONCE_WINDOW_MS = 5 * 60_000;

/**
 * A message as the fake stores it and tests read it: Discord's shape, with `flags` as the plain bit field it is
 * on the wire and the few `interaction_metadata` fields the fake fills in.
 */
export type StoredMessage = Omit<APIMessage, 'flags' | 'interaction_metadata' | 'referenced_message'> & {
  flags: number;
  guild_id?: string;
  interaction_metadata?: StoredInteractionMetadata;
  referenced_message?: StoredMessage | null;
};

/** A request body as a message body, or Discord's 400 answer when {@link validateMessageBody} refuses it. */
export function acceptMessageBody(
  raw: unknown,
  opts: { isEdit: boolean; fileCount: number },
): MessageBody | Reply {
  const invalid = validateMessageBody(raw, opts);
  return invalid ? error(400, invalid) : (raw as MessageBody);
}

/** Whether a message carries `flag`. */
export function hasFlag(message: { flags?: number | undefined }, flag: MessageFlags): boolean {
  return (Number(message.flags) & flag) !== 0;
}

/** Every message the fake knows, and the channel routes. */
export class Messages {
  private readonly messages = new Map<string, StoredMessage>();
  private readonly origins = new Map<string, MessageOrigin>();
  /** Nonces of enforce_nonce message creations: `channel:nonce` → the message made and when. */
  private readonly nonces = new Map<string, { id: string; at: number }>();
  private readonly dmChannels = new Map<string, StoredDmChannel>();
  /** Users whose DMs are closed to the bot: sending to their DM channel fails with 50007. */
  private readonly closedDms = new Set<string>();

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
  ) {}

  /** A stored message by id (the fake's own object; clone before handing it out). */
  get(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages the bot created with POST /channels/:id/messages in that channel, oldest first. */
  postedIn(channelId: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId && this.origins.get(m.id) === 'channel')
      .map(clone);
  }

  /** Every message that exists in a channel (bot posts and non-ephemeral interaction responses), oldest first. */
  visibleIn(channelId: string): StoredMessage[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId && !hasFlag(m, MessageFlags.Ephemeral))
      .map(clone);
  }

  /** Messages the bot sent to a user's DM channel (POST /channels/:dm/messages), oldest first. */
  directMessages(userId: string): StoredMessage[] {
    const channel = this.dmChannels.get(userId);
    return channel === undefined ? [] : this.postedIn(channel.id);
  }

  /** Closes (or, with false, opens) a user's DMs to the bot. */
  setDmsClosed(userId: string, closed: boolean): void {
    if (closed) this.closedDms.add(userId);
    else this.closedDms.delete(userId);
  }

  /** The DM channel between the bot and a user, made on first use. */
  dmChannelFor(user: FakeUser): StoredDmChannel {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = {
        id: snowflake(),
        type: ChannelType.DM,
        last_message_id: null,
        flags: noFlags(),
        recipients: [apiUser(user)],
      };
      this.dmChannels.set(user.id, channel);
    }
    return channel;
  }

  /**
   * Components must point at a message the fake knows, so edits via the interaction land on it: a message the
   * fake has not seen (a test's stand-in) is stored, the fields it leaves out filled in as an empty bot message.
   */
  rememberExternal(message: MessageRef): StoredMessage {
    let stored = this.messages.get(message.id);
    if (stored === undefined) {
      stored = {
        type: MessageType.Default,
        channel_id: '',
        author: apiUser(this.state.botUser),
        content: '',
        timestamp: new Date(snowflakeTime(message.id)).toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        flags: 0,
        ...clone(message),
      };
      this.messages.set(message.id, stored);
      this.origins.set(message.id, 'external');
    }
    return clone(stored);
  }

  /** Creates a message from a create body (channel post, interaction response or follow-up). */
  create(
    body: MessageBody,
    files: RecordedFile[],
    ctx: {
      channelId: string;
      guildId: string | undefined;
      origin: MessageOrigin;
      interaction?: MessageInteraction;
      extraFlags?: number;
    },
  ): StoredMessage {
    const id = snowflake();
    const mentions = this.mentionsFor(body, ctx.guildId);
    const message: StoredMessage = {
      id,
      type: body.message_reference ? MessageType.Reply : MessageType.Default,
      channel_id: ctx.channelId,
      author: apiUser(this.state.botUser),
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: Boolean(body.tts),
      mention_everyone: mentions.everyone,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      mention_channels: [],
      attachments: this.attachmentsFor(ctx.channelId, body, files),
      embeds: (body.embeds ?? []).map((embed) => ({ type: EmbedType.Rich, ...embed })),
      components: body.components ?? [],
      reactions: [],
      pinned: false,
      flags: ((body.flags ?? 0) & ~MessageFlags.Loading) | (ctx.extraFlags ?? 0),
      sticker_items: [],
    };
    if (ctx.guildId !== undefined) message.guild_id = ctx.guildId;
    if (body.nonce !== undefined) message.nonce = body.nonce;
    if (body.poll) message.poll = storedPoll(body.poll);
    if (body.message_reference) {
      const reference = body.message_reference;
      message.message_reference = {
        type: reference.type ?? MessageReferenceType.Default,
        message_id: reference.message_id,
        channel_id: reference.channel_id ?? ctx.channelId,
        ...(reference.guild_id === undefined ? {} : { guild_id: reference.guild_id }),
      };
      const referenced = this.messages.get(body.message_reference.message_id);
      if (referenced) message.referenced_message = clone(referenced);
    }
    if (ctx.interaction) {
      const payload = ctx.interaction.payload;
      const { member, user } = payload as { member?: { user?: APIUser }; user?: APIUser };
      const command = payload.data !== undefined && 'name' in payload.data ? payload.data : undefined;
      message.webhook_id = this.state.applicationId;
      message.application_id = this.state.applicationId;
      message.interaction_metadata = {
        id: ctx.interaction.id,
        type: payload.type,
        user: member?.user ?? user,
        authorizing_integration_owners: payload.authorizing_integration_owners,
        ...(command ? { name: command.name, command_type: command.type } : {}),
      };
      if (ctx.origin === 'followup' && ctx.interaction.originalId) {
        message.interaction_metadata.original_response_message_id = ctx.interaction.originalId;
      }
    }
    this.messages.set(id, message);
    this.origins.set(id, ctx.origin);
    this.announce(GatewayDispatchEvents.MessageCreate, message);
    return message;
  }

  /** Applies an edit body to a stored message, as Discord does (only the fields given change). */
  edit(message: StoredMessage, body: MessageBody, files: RecordedFile[]): StoredMessage {
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.poll === null) delete message.poll;
    else if (body.poll !== undefined) message.poll = storedPoll(body.poll);
    if (body.embeds !== undefined)
      message.embeds = (body.embeds ?? []).map((embed) => ({ type: EmbedType.Rich, ...embed }));
    if (body.flags !== undefined && body.flags !== null) {
      // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can change on edit; ephemeral stays what it was.
      const mutable = MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2;
      message.flags = (message.flags & ~mutable) | (body.flags & mutable);
    }
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.attachmentsFor(
        message.channel_id,
        body.attachments === undefined ? { attachments: message.attachments } : body,
        files,
        message.attachments,
      );
    }
    if (body.content !== undefined || body.allowed_mentions !== undefined) {
      const mentions = this.mentionsFor(
        { content: message.content, allowed_mentions: body.allowed_mentions },
        message.guild_id,
      );
      message.mentions = mentions.users;
      message.mention_roles = mentions.roles;
      message.mention_everyone = mentions.everyone;
    }
    message.flags = message.flags & ~MessageFlags.Loading;
    message.edited_timestamp = new Date().toISOString();
    this.announce(GatewayDispatchEvents.MessageUpdate, message);
    return message;
  }

  /** Deletes a stored message and sends MESSAGE_DELETE (not for ephemeral ones, which nobody else saw). */
  delete(message: StoredMessage): void {
    this.messages.delete(message.id);
    if (hasFlag(message, MessageFlags.Ephemeral)) return;
    const guildId = message.guild_id;
    this.gateway.broadcast(
      GatewayDispatchEvents.MessageDelete,
      () => ({ id: message.id, channel_id: message.channel_id, ...(guildId ? { guild_id: guildId } : {}) }),
      { guildId: guildId ?? null, intent: guildId ? IntentBits.GuildMessages : IntentBits.DirectMessages },
    );
  }

  /** The channel routes: read, post (with permission checks and nonces), edit, delete, crosspost, react, type. */
  addRoutes(router: Router): void {
    const channelOr404 = (ctx: RouteContext) => this.findChannel(param(ctx, 'channel'));
    const unknownChannel = error(404, discordErrors.unknownChannel);
    /** A visible message of the channel in the path, or undefined. */
    const channelMessage = (ctx: RouteContext): StoredMessage | undefined => {
      const message = this.messages.get(param(ctx, 'message'));
      const visible =
        message && message.channel_id === param(ctx, 'channel') && !hasFlag(message, MessageFlags.Ephemeral);
      return visible ? message : undefined;
    };
    /** Adds a route on one message of a known channel; unknown channels and messages get their 404s. */
    const onMessage = (method: string, handler: (message: StoredMessage, ctx: RouteContext) => Reply) => {
      router.on(method, '/channels/:channel/messages/:message', (ctx) => {
        if (!channelOr404(ctx)) return unknownChannel;
        const message = channelMessage(ctx);
        return message ? handler(message, ctx) : error(404, discordErrors.unknownMessage);
      });
    };

    router.on('GET', '/channels/:channel', (ctx) => {
      const found = channelOr404(ctx);
      if (!found) return unknownChannel;
      return json(
        'dm' in found ? clone(found.dm) : { ...apiChannel(found.channel), guild_id: found.guild.id },
      );
    });
    router.on('POST', '/channels/:channel/messages', (ctx) => this.post(ctx));
    router.on('GET', '/channels/:channel/messages', (ctx) => {
      if (!channelOr404(ctx)) return unknownChannel;
      const limit = Math.min(100, Math.max(1, Number(ctx.req.query.get('limit') ?? 50)));
      return json(this.visibleIn(param(ctx, 'channel')).reverse().slice(0, limit));
    });
    onMessage('GET', (message) => json(clone(message)));
    onMessage('PATCH', (message, ctx) => {
      if (message.author.id !== this.state.botUser.id)
        return error(403, discordErrors.cannotEditOthersMessage);
      const body = acceptMessageBody(bodyOf(ctx), { isEdit: true, fileCount: ctx.req.files.length });
      if ('status' in body) return body;
      this.edit(message, body, ctx.req.files);
      this.state.changed();
      return json(clone(message));
    });
    onMessage('DELETE', (message) => {
      this.delete(message);
      this.state.changed();
      return noContent;
    });
    router.on('POST', '/channels/:channel/messages/:message/crosspost', (ctx) => {
      const found = channelOr404(ctx);
      if (!found) return unknownChannel;
      if (!('channel' in found) || found.channel.type !== ChannelTypes.GuildAnnouncement) {
        return error(400, { code: 50024, message: 'Cannot execute action on this channel type' });
      }
      const message = channelMessage(ctx);
      if (!message) return error(404, discordErrors.unknownMessage);
      if (hasFlag(message, MessageFlags.Crossposted)) {
        return error(400, { code: 40033, message: 'This message has already been crossposted.' });
      }
      message.flags = message.flags | MessageFlags.Crossposted;
      this.state.changed();
      return json(clone(message));
    });
    for (const method of ['PUT', 'DELETE']) {
      router.on(method, '/channels/:channel/messages/:message/reactions/:emoji/@me', (ctx) => {
        if (!channelOr404(ctx)) return unknownChannel;
        return channelMessage(ctx) ? noContent : error(404, discordErrors.unknownMessage);
      });
    }
    router.on('POST', '/channels/:channel/typing', (ctx) => (channelOr404(ctx) ? noContent : unknownChannel));
  }

  /** POST /channels/:channel/messages. */
  private post(ctx: RouteContext): Reply {
    const channelId = param(ctx, 'channel');
    const found = this.findChannel(channelId);
    if (!found) return error(404, discordErrors.unknownChannel);
    if ('dm' in found) {
      // A user who closed their DMs to the bot (or blocked it): Discord answers 403, code 50007.
      const recipient = found.dm.recipients?.[0]?.id;
      if (recipient !== undefined && this.closedDms.has(recipient))
        return error(403, discordErrors.cannotSendToUser);
    }
    if ('channel' in found) {
      if (found.channel.type === ChannelTypes.GuildCategory) {
        return error(400, { code: 50008, message: 'Cannot send messages in a non-text channel' });
      }
      const perms = permissionsIn(this.state, found.guild, this.state.botUser.id, found.channel);
      if (!hasBit(perms, PermissionBits.ViewChannel)) return error(403, discordErrors.missingAccess);
      if (!hasBit(perms, PermissionBits.SendMessages)) return error(403, discordErrors.missingPermissions);
      if (ctx.req.files.length > 0 && !hasBit(perms, PermissionBits.AttachFiles))
        return error(403, discordErrors.missingPermissions);
    }
    const body = acceptMessageBody(bodyOf(ctx), { isEdit: false, fileCount: ctx.req.files.length });
    if ('status' in body) return body;
    const reference = body.message_reference;
    if (reference && reference.fail_if_not_exists !== false && !this.messages.has(reference.message_id)) {
      return error(400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          message_reference: {
            _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
          },
        },
      });
    }
    // As Discord does: with enforce_nonce, a repeated nonce from the same author within a few minutes returns
    // the message already created instead of creating another.
    const nonceKey =
      body.enforce_nonce === true && body.nonce !== undefined
        ? `${channelId}:${String(body.nonce)}`
        : undefined;
    const earlier = nonceKey === undefined ? undefined : this.nonces.get(nonceKey);
    if (earlier !== undefined && Date.now() - earlier.at < NONCE_WINDOW_MS && this.messages.has(earlier.id)) {
      return json(clone(this.messages.get(earlier.id)));
    }
    const message = this.create(body, ctx.req.files, {
      channelId,
      guildId: 'guild' in found ? found.guild.id : undefined,
      origin: 'channel',
    });
    if (nonceKey !== undefined) this.nonces.set(nonceKey, { id: message.id, at: Date.now() });
    this.state.changed();
    return json(clone(message));
  }

  /** MESSAGE_* dispatches go only to sessions with the matching intent, as on Discord. */
  private announce(t: GatewayDispatchEvents, message: StoredMessage): void {
    if (hasFlag(message, MessageFlags.Ephemeral)) return;
    const guildId = message.guild_id;
    this.gateway.broadcast(t, () => clone(message), {
      guildId: guildId ?? null,
      intent: guildId ? IntentBits.GuildMessages : IntentBits.DirectMessages,
    });
  }

  private findChannel(
    channelId: string,
  ): { channel: FakeChannel; guild: FakeGuild } | { dm: StoredDmChannel } | undefined {
    for (const guild of this.state.guilds.values()) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { channel, guild };
    }
    for (const dm of this.dmChannels.values()) if (dm.id === channelId) return { dm };
    return undefined;
  }

  private mentionsFor(
    body: Pick<MessageBody, 'content' | 'allowed_mentions'>,
    guildId: string | undefined,
  ): { users: APIUser[]; roles: string[]; everyone: boolean } {
    const content = body.content ?? '';
    const allowed = body.allowed_mentions;
    const parse: string[] | undefined = allowed?.parse;
    const allows = (kind: string, id?: string, list?: string[]) =>
      allowed === undefined ||
      parse?.includes(kind) ||
      (list !== undefined && id !== undefined && list.includes(id));
    const guild = guildId === undefined ? undefined : this.state.guilds.get(guildId);
    const knownUsers = new Map<string, FakeUser>();
    for (const member of guild?.members ?? []) knownUsers.set(member.user.id, member.user);
    for (const user of Object.values(defaultUsers)) knownUsers.set(user.id, user);
    const users = [...content.matchAll(/<@!?(\d{17,20})>/g)]
      .map((m) => m[1] ?? '')
      .filter((id, i, all) => all.indexOf(id) === i && allows('users', id, allowed?.users))
      .map((id) => apiUser(knownUsers.get(id) ?? { id, username: `user${id.slice(-4)}` }));
    const roles = [...content.matchAll(/<@&(\d{17,20})>/g)]
      .map((m) => m[1] ?? '')
      .filter((id, i, all) => all.indexOf(id) === i && allows('roles', id, allowed?.roles));
    const everyone = /@(everyone|here)/.test(content) && allows('everyone');
    return { users, roles, everyone };
  }

  private attachmentsFor(
    channelId: string,
    body: Pick<MessageBody, 'attachments'>,
    files: RecordedFile[],
    existing: APIMessage['attachments'] = [],
  ): APIMessage['attachments'] {
    const declared = body.attachments ?? [];
    const kept = existing.filter((a) => declared.some((d) => String(d.id) === a.id));
    const uploaded = files.map((file, index) => {
      const id = snowflake();
      const meta: Partial<RESTAPIAttachment> = declared.find((d) => String(d.id) === String(index)) ?? {};
      const filename = meta.filename ?? file.name;
      return {
        id,
        filename,
        size: file.size,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${filename}`,
        content_type: file.contentType,
        ...(meta.description === undefined ? {} : { description: meta.description }),
      };
    });
    return [...kept, ...uploaded];
  }
}

/** A poll as Discord stores it from the poll a body asked for: answers numbered from 1, open for `duration` hours. */
function storedPoll(poll: RESTAPIPoll): APIPoll {
  return {
    question: poll.question,
    answers: poll.answers.map((answer, index) => ({ answer_id: index + 1, poll_media: answer.poll_media })),
    expiry: new Date(Date.now() + (poll.duration ?? 24) * 3_600_000).toISOString(),
    allow_multiselect: poll.allow_multiselect ?? false,
    layout_type: poll.layout_type ?? PollLayoutType.Default,
    results: { is_finalized: false, answer_counts: [] },
  };
}

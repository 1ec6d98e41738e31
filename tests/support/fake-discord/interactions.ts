/**
 * Interactions: the helpers that dispatch INTERACTION_CREATE as Discord builds it (slash commands, autocomplete,
 * buttons, selects, modals), the callback route with Discord's acknowledgement rules, and the handles tests
 * read the bot's answers from.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ComponentType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIInteraction,
  type APIComponentInLabel,
  type APIInteractionDataResolved,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Commands } from './commands.js';
import type { Gateway } from './gateway.js';
import { memberOf, permissionsIn } from './guilds.js';
import {
  BOT_PERMISSIONS,
  ChannelTypes,
  PermissionBits,
  apiChannel,
  apiMember,
  apiRole,
  apiUser,
  bits,
  defaultUsers,
  snowflake,
  type ApiChannel,
  type FakeUser,
} from './fixtures.js';
import { hasFlag, type Messages, type StoredMessage } from './messages.js';
import type { CommandOption } from './options.js';
import { param, type Reply, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import type {
  AutocompleteOptions,
  ButtonOptions,
  ChatInputOptions,
  InteractionHandle,
  InteractionOptions,
  InteractionReply,
  InteractionReplyData,
  MessageRef,
  ModalSubmitOptions,
  RecordedRequest,
  SelectMenuOptions,
} from './types.js';
import {
  discordErrors,
  validateAutocomplete,
  validateMessageBody,
  validateModal,
  type DiscordErrorBody,
} from './validation.js';

/** One dispatched interaction and everything the bot did with it. */
export interface InteractionRecord {
  id: string;
  token: string;
  payload: APIInteraction;
  createdAt: number;
  expired: boolean;
  deadline: NodeJS.Timeout | undefined;
  callbacks: InteractionReply[];
  rejected: Array<{ body: unknown; error: DiscordErrorBody }>;
  originalId: string | undefined;
  originalDeleted: boolean;
  edits: StoredMessage[];
  editsTaken: number;
  followUpIds: string[];
  followUpsTaken: number;
}

/** Callback types Discord accepts per interaction type (modal submits from a message may also update it). */
function allowedCallbacks(interactionType: InteractionType, fromMessage: boolean): InteractionResponseType[] {
  const R = InteractionResponseType;
  switch (interactionType) {
    case InteractionType.ApplicationCommand:
      return [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal, R.LaunchActivity];
    case InteractionType.MessageComponent:
      return [
        R.ChannelMessageWithSource,
        R.DeferredChannelMessageWithSource,
        R.DeferredMessageUpdate,
        R.UpdateMessage,
        R.Modal,
        R.LaunchActivity,
      ];
    case InteractionType.ApplicationCommandAutocomplete:
      return [R.ApplicationCommandAutocompleteResult];
    case InteractionType.ModalSubmit:
      return fromMessage
        ? [
            R.ChannelMessageWithSource,
            R.DeferredChannelMessageWithSource,
            R.DeferredMessageUpdate,
            R.UpdateMessage,
          ]
        : [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource];
    default:
      return [];
  }
}

/** Option types whose values the fake resolves, as the plain numbers options carry. */
const CHANNEL_OPTION: number = ApplicationCommandOptionType.Channel;
const ROLE_OPTION: number = ApplicationCommandOptionType.Role;

/** An INTERACTION_CREATE payload while the fake builds it, field by field as Discord does. */
type PayloadDraft = Record<string, unknown>;

/** The enum member a wire value stands for, or undefined for values Discord doesn't define. */
function enumValue<E extends number>(values: Record<string, string | E>, raw: unknown): E | undefined {
  const wanted = Number(raw);
  return Object.values(values).find((value): value is E => typeof value === 'number' && value === wanted);
}

function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(96).toString('base64url')}`;
}

/** Interactions in flight and their callbacks. */
export class Interactions {
  private readonly records = new Map<string, InteractionRecord>();
  private readonly modalsShown = new Map<string, APIModalInteractionResponseCallbackData>();

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
    private readonly messages: Messages,
    private readonly commands: Commands,
  ) {}

  /** The interaction whose webhook token this is. */
  byToken(token: string): InteractionRecord | undefined {
    return [...this.records.values()].find((r) => r.token === token);
  }

  /** Makes an interaction's token expire (as after 15 minutes). */
  expireToken(interactionId: string): void {
    const record = this.records.get(interactionId);
    if (record) record.createdAt = 0;
  }

  /** Stops the 3 s acknowledgement timers (the fake is closing). */
  clearDeadlines(): void {
    for (const record of this.records.values()) clearTimeout(record.deadline);
  }

  addRoutes(router: Router): void {
    router.on(
      'POST',
      '/interactions/:interaction/:token/callback',
      (ctx) => this.callback(ctx.req, param(ctx, 'interaction'), param(ctx, 'token')),
      false,
    );
  }

  chatInput(opts: ChatInputOptions): Promise<InteractionHandle> {
    const data: PayloadDraft = {
      id: opts.commandId ?? this.commands.idFor(opts.name, ApplicationCommandType.ChatInput, opts.guildId),
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
    };
    if (opts.options) data.options = opts.options;
    const resolved = opts.resolved ?? this.resolveOptions(opts.options ?? [], opts.guildId);
    if (resolved) data.resolved = resolved;
    return this.send(InteractionType.ApplicationCommand, data, opts);
  }

  autocomplete(opts: AutocompleteOptions): Promise<InteractionHandle> {
    const focused = JSON.stringify(opts.options).match(/"focused":true/g)?.length ?? 0;
    if (focused !== 1) throw new Error(`autocomplete needs exactly one focused option, got ${focused}`);
    const data: PayloadDraft = {
      id: this.commands.idFor(opts.name, ApplicationCommandType.ChatInput, opts.guildId),
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
      options: opts.options,
    };
    return this.send(InteractionType.ApplicationCommandAutocomplete, data, opts);
  }

  button(opts: ButtonOptions): Promise<InteractionHandle> {
    return this.send(
      InteractionType.MessageComponent,
      { custom_id: opts.customId, component_type: ComponentType.Button },
      { ...opts, message: opts.message },
    );
  }

  selectMenu(opts: SelectMenuOptions): Promise<InteractionHandle> {
    const data: PayloadDraft = {
      custom_id: opts.customId,
      component_type: opts.componentType ?? ComponentType.StringSelect,
      values: opts.values,
    };
    if (opts.resolved) data.resolved = opts.resolved;
    return this.send(InteractionType.MessageComponent, data, { ...opts, message: opts.message });
  }

  modalSubmit(opts: ModalSubmitOptions): Promise<InteractionHandle> {
    const modal = this.modalsShown.get(opts.customId);
    const components = modal ? mirrorModal(modal, opts.fields) : legacyModalRows(opts.fields);
    const extra = opts.message === undefined ? {} : { message: opts.message };
    return this.send(
      InteractionType.ModalSubmit,
      { custom_id: opts.customId, components },
      { ...opts, ...extra },
    );
  }

  dispatchRaw(payload: PayloadDraft, opts: { timeoutMs?: number }): Promise<InteractionHandle> {
    const full = { ...payload };
    full.id ??= snowflake();
    full.token ??= interactionToken();
    return this.start(full, opts.timeoutMs);
  }

  /**
   * As Discord does, fills `resolved` for channel and role options from the guild's data, including for
   * options nested in subcommands. Ids the guild doesn't have resolve to nothing.
   */
  private resolveOptions(
    options: CommandOption[],
    guildId: string | null | undefined,
  ): Record<string, unknown> | undefined {
    const guild =
      guildId === null
        ? undefined
        : guildId === undefined
          ? this.state.firstGuild()
          : this.state.guilds.get(guildId);
    if (guild === undefined) return undefined;
    const channels: Record<string, ApiChannel & { permissions: string }> = {};
    const roles: NonNullable<APIInteractionDataResolved['roles']> = {};
    const visit = (list: CommandOption[]): void => {
      for (const option of list) {
        if (option.options) visit(option.options);
        const channel =
          option.type === CHANNEL_OPTION ? guild.channels.find((c) => c.id === option.value) : undefined;
        if (channel) channels[channel.id] = { ...apiChannel(channel), guild_id: guild.id, permissions: '0' };
        const role = option.type === ROLE_OPTION ? guild.roles.find((r) => r.id === option.value) : undefined;
        if (role) roles[role.id] = apiRole(role);
      }
    };
    visit(options);
    const resolved: Record<string, unknown> = {};
    if (Object.keys(channels).length > 0) resolved.channels = channels;
    if (Object.keys(roles).length > 0) resolved.roles = roles;
    return Object.keys(resolved).length > 0 ? resolved : undefined;
  }

  private send(
    type: InteractionType,
    data: PayloadDraft,
    opts: InteractionOptions & { message?: MessageRef },
  ): Promise<InteractionHandle> {
    const user = opts.user ?? defaultUsers.fan;
    const locale = opts.locale ?? 'en-US';
    const guildId = opts.guildId === undefined ? this.state.firstGuild()?.id : opts.guildId;
    const payload: PayloadDraft = {
      id: snowflake(),
      application_id: this.state.applicationId,
      type,
      data,
      token: interactionToken(),
      version: 1,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (opts.message !== undefined) payload.message = this.messages.rememberExternal(opts.message);
    this.state.knownUsers.set(user.id, user);

    if (opts.userInstall === true) {
      Object.assign(payload, this.userInstallPayload(user, opts));
    } else if (guildId === null || guildId === undefined) {
      const channel = {
        ...this.messages.dmChannelFor(user),
        ...(opts.channelId === undefined ? {} : { id: opts.channelId }),
      };
      Object.assign(payload, {
        user: apiUser(user),
        channel: clone(channel),
        channel_id: channel.id,
        context: 1,
        authorizing_integration_owners: { '0': '0' },
        app_permissions: opts.appPermissions ?? BOT_PERMISSIONS,
      });
    } else {
      const guild = this.state.guilds.get(guildId);
      if (!guild) throw new Error(`chat/interaction helper: unknown guild ${guildId}`);
      const channel =
        opts.channelId === undefined
          ? (guild.channels.find((c) => c.type === ChannelTypes.GuildText) ?? guild.channels[0])
          : guild.channels.find((c) => c.id === opts.channelId);
      if (!channel) throw new Error(`guild ${guildId} has no channel ${opts.channelId ?? '(none at all)'}`);
      // Invokers are members; add unknown users so GET /guilds/:id/members/:user agrees with the interaction.
      let member = memberOf(this.state, guild, user.id);
      if (!member) {
        member = { user, roles: [], joined_at: new Date().toISOString() };
        (guild.members ??= []).push(member);
      }
      const memberPermissions = opts.memberPermissions ?? permissionsIn(this.state, guild, user.id, channel);
      const appPermissions =
        opts.appPermissions ?? permissionsIn(this.state, guild, this.state.botUser.id, channel);
      Object.assign(payload, {
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferred_locale ?? 'en-US', features: guild.features ?? [] },
        guild_locale: guild.preferred_locale ?? 'en-US',
        member: { ...apiMember(member), permissions: memberPermissions },
        channel: { ...apiChannel(channel), guild_id: guild.id, permissions: memberPermissions },
        channel_id: channel.id,
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
        app_permissions: appPermissions,
      });
    }
    return this.start(payload, opts.timeoutMs);
  }

  /**
   * The parts of a user-install interaction, as Discord sends them: in a server the bot is not in, `guild_id`
   * and `member` but no channel the bot can see; in a group DM a channel of type 3; else the bot's DM. The app's
   * permissions are those Discord grants user apps (embeds, files, external emojis), never the server's.
   */
  private userInstallPayload(user: FakeUser, opts: InteractionOptions): PayloadDraft {
    const owners = { [ApplicationIntegrationType.UserInstall]: user.id };
    const appPermissions =
      opts.appPermissions ??
      bits(PermissionBits.EmbedLinks, PermissionBits.AttachFiles, PermissionBits.UseExternalEmojis);
    if (opts.foreignGuildId !== undefined) {
      if (this.state.guilds.has(opts.foreignGuildId))
        throw new Error('foreignGuildId must be a server the bot is not in');
      const permissions =
        opts.memberPermissions ?? bits(PermissionBits.ViewChannel, PermissionBits.SendMessages);
      return {
        guild_id: opts.foreignGuildId,
        guild: { id: opts.foreignGuildId, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        member: {
          ...apiMember({ user, roles: [], joined_at: '2025-03-01T10:00:00.000Z' }),
          permissions,
        },
        channel: {
          id: opts.channelId ?? snowflake(),
          type: ChannelTypes.GuildText,
          name: 'general',
          guild_id: opts.foreignGuildId,
          permissions,
          flags: 0,
        },
        context: InteractionContextType.Guild,
        authorizing_integration_owners: owners,
        app_permissions: appPermissions,
      };
    }
    const channel =
      opts.groupDm === true
        ? {
            id: opts.channelId ?? snowflake(),
            type: ChannelTypes.GroupDM,
            name: null,
            flags: 0,
            recipients: [apiUser(user)],
            last_message_id: null,
          }
        : clone(this.messages.dmChannelFor(user));
    return {
      user: apiUser(user),
      channel,
      channel_id: channel.id,
      context: opts.groupDm === true ? InteractionContextType.PrivateChannel : InteractionContextType.BotDM,
      authorizing_integration_owners: owners,
      app_permissions: appPermissions,
    };
  }

  private start(
    draft: PayloadDraft,
    timeoutMs = this.state.options.callbackTimeoutMs ?? 3000,
  ): Promise<InteractionHandle> {
    const guildId = typeof draft.guild_id === 'string' ? draft.guild_id : null;
    const session = this.gateway.sessionFor(guildId);
    if (!session) {
      return Promise.reject(
        new Error(
          'no gateway session to send the interaction to (log the client in and await fake.waitForIdentify() first)',
        ),
      );
    }
    const record: InteractionRecord = {
      id: String(draft.id),
      token: String(draft.token),
      // Built as Discord builds it (or given raw): what discord.js receives and parses in every test.
      payload: draft as unknown as APIInteraction,
      createdAt: Date.now(),
      expired: false,
      deadline: undefined,
      callbacks: [],
      rejected: [],
      originalId: undefined,
      originalDeleted: false,
      edits: [],
      editsTaken: 0,
      followUpIds: [],
      followUpsTaken: 0,
    };
    this.records.set(record.id, record);
    // Discord gives up on an interaction that is not acknowledged in 3 s ("This interaction failed").
    record.deadline = setTimeout(() => {
      if (record.callbacks.length === 0) {
        record.expired = true;
        this.state.changed();
      }
    }, this.state.options.callbackTimeoutMs ?? 3000);
    this.gateway.dispatch(session, GatewayDispatchEvents.InteractionCreate, draft);

    const data = (draft.data ?? {}) as { name?: unknown; custom_id?: unknown };
    const label =
      typeof data.name === 'string'
        ? `/${data.name}`
        : typeof data.custom_id === 'string'
          ? data.custom_id
          : `type ${String(draft.type)}`;
    const sentAt = this.state.requests.length;
    return this.state.waitUntil(
      () => (record.callbacks[0] ? this.handle(record) : undefined),
      timeoutMs,
      () => {
        const rejected = record.rejected.map((r) => JSON.stringify(r.error)).join('; ');
        return (
          `no interaction callback for ${label} within ${timeoutMs} ms (interaction ${record.id})` +
          (rejected ? `; refused callbacks: ${rejected}` : '') +
          `; requests meanwhile: ${this.state.describeRequests(sentAt)}`
        );
      },
    );
  }

  private handle(record: InteractionRecord): InteractionHandle {
    const first = record.callbacks[0];
    if (!first) throw new Error('no callback yet');
    /** The next not-yet-taken item of a list, as a wait. */
    const takeNext = (
      next: () => StoredMessage | undefined,
      timeoutMs: number,
      describe: () => string,
    ): Promise<StoredMessage> => this.state.waitUntil(next, timeoutMs, describe);
    return {
      id: record.id,
      token: record.token,
      payload: record.payload,
      reply: clone(first),
      original: () =>
        record.originalId === undefined || record.originalDeleted
          ? undefined
          : clone(this.messages.get(record.originalId)),
      waitForEdit: (timeoutMs = 2000) =>
        takeNext(
          () => {
            const edit = record.edits[record.editsTaken];
            if (edit === undefined) return undefined;
            record.editsTaken++;
            return clone(edit);
          },
          timeoutMs,
          () =>
            `no edit #${record.editsTaken + 1} of the original response of interaction ${record.id} within ${timeoutMs} ms`,
        ),
      followUps: () =>
        record.followUpIds.flatMap((id) => {
          const message = this.messages.get(id);
          return message ? [clone(message)] : [];
        }),
      waitForFollowUp: (timeoutMs = 2000) =>
        takeNext(
          () => {
            const id = record.followUpIds[record.followUpsTaken];
            if (id === undefined) return undefined;
            record.followUpsTaken++;
            return clone(this.messages.get(id));
          },
          timeoutMs,
          () =>
            `no follow-up #${record.followUpsTaken + 1} for interaction ${record.id} within ${timeoutMs} ms`,
        ),
      rejectedCallbacks: () => clone(record.rejected),
    };
  }

  /** POST /interactions/:id/:token/callback. */
  private callback(req: RecordedRequest, interactionId: string, token: string): Reply {
    const R = InteractionResponseType;
    const record = this.records.get(interactionId);
    if (!record || record.token !== token || record.expired)
      return { status: 404, body: discordErrors.unknownInteraction };
    if (record.callbacks.length > 0) return { status: 400, body: discordErrors.alreadyAcknowledged };
    const body = (req.body ?? {}) as { type?: unknown; data?: unknown };
    const rawType = Number(body.type);
    const type = enumValue(InteractionResponseType, rawType);
    // Checked below (message, choices or modal) before anything keeps it.
    const data = body.data as InteractionReplyData | undefined;
    const payload = record.payload;
    const refuse = (error: DiscordErrorBody): Reply => {
      record.rejected.push({ body, error });
      this.state.changed();
      return { status: 400, body: error };
    };
    const interactionType = enumValue(InteractionType, payload.type);
    const allowed =
      interactionType === undefined ? [] : allowedCallbacks(interactionType, payload.message !== undefined);
    if (type === undefined || !allowed.includes(type)) {
      return refuse({
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          type: {
            _errors: [
              {
                code: 'INTERACTION_RESPONSE_TYPE_INVALID',
                message: `Interaction response type ${rawType} is not valid for interaction type ${payload.type}`,
              },
            ],
          },
        },
      });
    }
    const messageError =
      type === R.ChannelMessageWithSource || type === R.UpdateMessage
        ? validateMessageBody(data ?? {}, { isEdit: type === R.UpdateMessage, fileCount: req.files.length })
        : null;
    const invalid = messageError
      ? // Callback bodies nest the message under `data`, and so do Discord's error paths.
        { ...messageError, ...(messageError.errors ? { errors: { data: messageError.errors } } : {}) }
      : type === R.ApplicationCommandAutocompleteResult
        ? validateAutocomplete(data)
        : type === R.Modal
          ? validateModal(data)
          : null;
    if (invalid) return refuse(invalid);

    record.callbacks.push(data === undefined ? { type } : { type, data });
    clearTimeout(record.deadline);
    const channelId = channelOf(payload);
    const guildId = payload.guild_id;
    let message: StoredMessage | undefined;
    if (type === R.ChannelMessageWithSource) {
      message = this.messages.create(data ?? {}, req.files, {
        channelId,
        guildId,
        origin: 'interaction',
        interaction: record,
      });
    } else if (type === R.DeferredChannelMessageWithSource) {
      const ephemeral = (data?.flags ?? 0) & MessageFlags.Ephemeral;
      message = this.messages.create({}, [], {
        channelId,
        guildId,
        origin: 'interaction',
        interaction: record,
        extraFlags: MessageFlags.Loading | ephemeral,
      });
    } else if (type === R.DeferredMessageUpdate || type === R.UpdateMessage) {
      message = payload.message && this.messages.get(payload.message.id);
      if (message && type === R.UpdateMessage) this.messages.edit(message, data ?? {}, req.files);
    } else if (type === R.Modal && typeof data?.custom_id === 'string') {
      // validateModal accepted it: a custom id, a title and components.
      this.modalsShown.set(data.custom_id, clone(data) as APIModalInteractionResponseCallbackData);
    }
    if (message) record.originalId = message.id;
    this.state.changed();

    if (req.query.get('with_response') !== 'true') return { status: 204 };
    const response: Record<string, unknown> = {
      interaction: {
        id: record.id,
        type: payload.type,
        response_message_id: message?.id,
        response_message_loading: type === R.DeferredChannelMessageWithSource,
        response_message_ephemeral: message ? hasFlag(message, MessageFlags.Ephemeral) : false,
      },
    };
    if (message && type !== R.DeferredMessageUpdate) response.resource = { type, message: clone(message) };
    return { status: 200, body: response };
  }
}

/** One component of a modal submission (a row, a label or a field), as Discord sends it back. */
type SubmittedComponent = Record<string, unknown>;

function legacyModalRows(fields: Record<string, string | string[]>): SubmittedComponent[] {
  let n = 0;
  return Object.entries(fields).map(([customId, value]) => ({
    type: ComponentType.ActionRow,
    id: ++n,
    components: [
      {
        type: ComponentType.TextInput,
        id: ++n,
        custom_id: customId,
        value: Array.isArray(value) ? value.join(',') : value,
      },
    ],
  }));
}

/**
 * The submission of a modal the bot showed: its layout (action rows or labels) with the given values; a field
 * id the modal lacks throws. A string is a text input value; an array is `values` (selects, checkboxes, uploads).
 */
function mirrorModal(
  modal: APIModalInteractionResponseCallbackData,
  fields: Record<string, string | string[]>,
): SubmittedComponent[] {
  const known = new Set<string>();
  let n = 0;
  const leaf = (component: APIComponentInLabel): SubmittedComponent => {
    const out: SubmittedComponent = { type: component.type, id: component.id ?? ++n };
    out.custom_id = component.custom_id;
    known.add(component.custom_id);
    const given = fields[component.custom_id];
    if (component.type === ComponentType.TextInput)
      out.value = typeof given === 'string' ? given : (component.value ?? '');
    else if (component.type === ComponentType.RadioGroup)
      out.value = typeof given === 'string' ? given : null;
    else if (component.type === ComponentType.Checkbox)
      out.value = given === 'true' || (Array.isArray(given) && given.length > 0);
    else out.values = Array.isArray(given) ? given : given === undefined ? [] : [given];
    return out;
  };
  const components = modal.components.map((component): SubmittedComponent => {
    if (component.type === ComponentType.ActionRow) {
      return { type: 1, id: component.id ?? ++n, components: component.components.map(leaf) };
    }
    if (component.type === ComponentType.Label) {
      return { type: 18, id: component.id ?? ++n, component: leaf(component.component) };
    }
    return { type: component.type, id: component.id ?? ++n };
  });
  const unknown = Object.keys(fields).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new Error(`modalSubmit: the modal "${modal.custom_id}" has no field(s) ${unknown.join(', ')}`);
  return components;
}

/** The channel an interaction came from: `channel.id`, or only the older `channel_id` in a raw payload. */
export function channelOf(payload: APIInteraction): string {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- raw payloads may carry only the old field
  return String(payload.channel?.id ?? payload.channel_id);
}

/**
 * Ids, default fixtures and Discord-shaped object builders for the fake Discord (see `index.ts`).
 *
 * Kept apart from the server so tests can build users and guilds without starting anything.
 */

import {
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  type APIGuild,
  type APIGuildMember,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';

/** A user as the fake stores it; turned into a full Discord user object on the wire. */
export interface FakeUser {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

/** A guild channel (or DM channel) as the fake stores it. */
export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  permission_overwrites?: unknown[];
  parent_id?: string | null;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
}

/** A guild role; `permissions` is a decimal bit string as on the wire. */
export interface FakeRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  managed?: boolean;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  tags?: Record<string, unknown>;
}

/** A guild member; the bot's own member is added by the fake and need not be listed. */
export interface FakeMember {
  user: FakeUser;
  roles?: string[];
  nick?: string | null;
  joined_at?: string;
}

/** A guild as the fake stores it. The @everyone role must have the guild's id. */
export interface FakeGuild {
  id: string;
  name: string;
  owner_id: string;
  channels: FakeChannel[];
  roles: FakeRole[];
  members?: FakeMember[];
  /** An unavailable guild is listed in READY but never gets a GUILD_CREATE (an outage). */
  unavailable?: boolean;
  preferred_locale?: string;
  features?: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Snowflakes

/** Discord's epoch (2015-01-01T00:00:00Z), the zero point of snowflake timestamps. */
export const DISCORD_EPOCH = 1420070400000n;

let lastSnowflake = 0n;

/**
 * A fresh, strictly increasing snowflake for `at` (default now): 19 digits today, which is what discord.js's
 * REST bucketing (`\d{17,19}`) expects to see in paths.
 */
export function snowflake(at: number = Date.now()): string {
  // Worker id 1, process id 0; the increment comes from the monotonic bump below.
  let id = ((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n);
  if (id <= lastSnowflake) id = lastSnowflake + 1n;
  lastSnowflake = id;
  return id.toString();
}

/** A deterministic snowflake for fixtures: the `n`th id created at `iso`. */
export function fixedSnowflake(iso: string, n = 0): string {
  return (((BigInt(Date.parse(iso)) - DISCORD_EPOCH) << 22n) | BigInt(n)).toString();
}

/** The creation time (ms since 1970) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

// ---------------------------------------------------------------------------------------------------------------
// Permission and intent bits (copied from Discord's docs rather than imported from discord.js, so the fake
// cannot inherit a client-side mistake).

/** Permission bits the fake uses; see https://discord.com/developers/docs/topics/permissions. */
export const PermissionBits = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  ManageEvents: 1n << 33n,
  SendMessagesInThreads: 1n << 38n,
  CreateEvents: 1n << 44n,
} as const;

/** Every permission bit Discord currently defines (enough headroom for new ones). */
export const ALL_PERMISSIONS = ((1n << 53n) - 1n).toString();

/** A permission bit set as Discord sends it (a decimal string). */
export function bits(...flags: bigint[]): string {
  return flags.reduce((acc, flag) => acc | flag, 0n).toString();
}

/** What an ordinary member can do in an ordinary channel: no Manage Server, no Administrator. */
export const MEMBER_PERMISSIONS = bits(
  PermissionBits.CreateInstantInvite,
  PermissionBits.AddReactions,
  PermissionBits.ViewChannel,
  PermissionBits.SendMessages,
  PermissionBits.EmbedLinks,
  PermissionBits.AttachFiles,
  PermissionBits.ReadMessageHistory,
  PermissionBits.UseExternalEmojis,
  PermissionBits.Connect,
  PermissionBits.Speak,
  PermissionBits.ChangeNickname,
  PermissionBits.UseApplicationCommands,
  PermissionBits.SendMessagesInThreads,
);

/** A moderator: an ordinary member plus Manage Server, Manage Events and Manage Messages. */
export const MODERATOR_PERMISSIONS = bits(
  BigInt(MEMBER_PERMISSIONS),
  PermissionBits.ManageGuild,
  PermissionBits.ManageEvents,
  PermissionBits.CreateEvents,
  PermissionBits.ManageMessages,
);

/** The bot's managed role: what an invite link with sensible scopes would grant it. */
export const BOT_PERMISSIONS = bits(
  PermissionBits.ViewChannel,
  PermissionBits.SendMessages,
  PermissionBits.SendMessagesInThreads,
  PermissionBits.EmbedLinks,
  PermissionBits.AttachFiles,
  PermissionBits.ReadMessageHistory,
  PermissionBits.AddReactions,
  PermissionBits.UseExternalEmojis,
  PermissionBits.ManageEvents,
  PermissionBits.CreateEvents,
);

/** Gateway intent bits the fake looks at. */
export const IntentBits = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
  GuildScheduledEvents: 1 << 16,
} as const;

/** The intents Discord only grants when toggled on in the developer portal. */
export const PRIVILEGED_INTENTS =
  IntentBits.GuildMembers | IntentBits.GuildPresences | IntentBits.MessageContent;

/** Channel type numbers used in fixtures. */
export const ChannelTypes = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GroupDM: 3,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  GuildStageVoice: 13,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Default fixtures

/** Fixed ids for the default guild, its channels, roles and users, so tests can refer to them. */
export const DEFAULT_IDS = {
  application: fixedSnowflake('2024-01-15T12:00:00Z', 0),
  bot: fixedSnowflake('2024-01-15T12:00:00Z', 0),
  guild: fixedSnowflake('2023-06-01T18:30:00Z', 0),
  generalChannel: fixedSnowflake('2023-06-01T18:30:00Z', 1),
  voiceChannel: fixedSnowflake('2023-06-01T18:30:00Z', 2),
  announcementChannel: fixedSnowflake('2023-06-01T18:31:00Z', 0),
  moderatorRole: fixedSnowflake('2023-06-01T18:32:00Z', 0),
  botRole: fixedSnowflake('2024-01-15T12:05:00Z', 0),
  owner: fixedSnowflake('2019-03-02T09:00:00Z', 0),
  fan: fixedSnowflake('2020-07-11T20:15:00Z', 0),
  moderator: fixedSnowflake('2021-02-03T08:45:00Z', 0),
  otherFan: fixedSnowflake('2022-10-21T16:20:00Z', 0),
} as const;

/** A user with a random snowflake (or the given id); the username is `name` lower-cased. */
export function makeUser(name: string, id: string = snowflake()): FakeUser {
  return { id, username: name.toLowerCase().replace(/[^a-z0-9_.]/g, '_'), global_name: name };
}

/** The default users: `fan` is the default invoker (an ordinary member). */
export const defaultUsers = {
  owner: makeUser('Server Owner', DEFAULT_IDS.owner),
  fan: makeUser('Violet Fan', DEFAULT_IDS.fan),
  moderator: makeUser('Mod Lavender', DEFAULT_IDS.moderator),
  otherFan: makeUser('Amethyst', DEFAULT_IDS.otherFan),
} as const;

/** The default bot user (the application's bot shares the application's id, as on Discord). */
export const defaultBotUser: FakeUser = {
  id: DEFAULT_IDS.bot,
  username: 'Purple Hearts Bot',
  global_name: null,
  bot: true,
};

/**
 * A fresh copy of the default guild "Purple Hearts Fans": @everyone (id = guild id) with member permissions, a
 * Moderator role with Manage Server, the bot's managed role, #general (text), "Watch Party" (voice) and
 * #announcements (announcement); members: owner, fan, moderator (with the Moderator role) and otherFan.
 */
export function defaultGuild(): FakeGuild {
  const guildId = DEFAULT_IDS.guild;
  return {
    id: guildId,
    name: 'Purple Hearts Fans',
    owner_id: DEFAULT_IDS.owner,
    preferred_locale: 'en-US',
    roles: [
      { id: guildId, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0 },
      {
        id: DEFAULT_IDS.moderatorRole,
        name: 'Moderator',
        permissions: MODERATOR_PERMISSIONS,
        position: 1,
        color: 0x9b59b6,
        hoist: true,
        mentionable: true,
      },
      {
        id: DEFAULT_IDS.botRole,
        name: 'Purple Hearts Bot',
        permissions: BOT_PERMISSIONS,
        position: 2,
        managed: true,
        tags: { bot_id: DEFAULT_IDS.bot },
      },
    ],
    channels: [
      {
        id: DEFAULT_IDS.generalChannel,
        type: ChannelTypes.GuildText,
        name: 'general',
        guild_id: guildId,
        position: 0,
      },
      {
        id: DEFAULT_IDS.voiceChannel,
        type: ChannelTypes.GuildVoice,
        name: 'Watch Party',
        guild_id: guildId,
        position: 1,
      },
      {
        id: DEFAULT_IDS.announcementChannel,
        type: ChannelTypes.GuildAnnouncement,
        name: 'announcements',
        guild_id: guildId,
        position: 2,
        // Only staff may post announcements; the bot gets in through its managed role's overwrite.
        permission_overwrites: [
          { id: guildId, type: 0, allow: '0', deny: PermissionBits.SendMessages.toString() },
          {
            id: DEFAULT_IDS.moderatorRole,
            type: 0,
            allow: PermissionBits.SendMessages.toString(),
            deny: '0',
          },
          { id: DEFAULT_IDS.botRole, type: 0, allow: PermissionBits.SendMessages.toString(), deny: '0' },
        ],
      },
    ],
    members: [
      { user: defaultUsers.owner, roles: [], joined_at: '2023-06-01T18:30:00.000Z' },
      { user: defaultUsers.fan, roles: [], joined_at: '2023-07-04T10:00:00.000Z' },
      {
        user: defaultUsers.moderator,
        roles: [DEFAULT_IDS.moderatorRole],
        joined_at: '2023-06-02T11:00:00.000Z',
      },
      { user: defaultUsers.otherFan, roles: [], joined_at: '2024-02-14T14:14:00.000Z' },
    ],
  };
}

/**
 * A small extra guild with @everyone, #general and the given owner; handy for multi-guild and sharding tests.
 */
export function makeGuild(name: string, opts: { id?: string; owner?: FakeUser } = {}): FakeGuild {
  const id = opts.id ?? snowflake();
  const owner = opts.owner ?? defaultUsers.owner;
  return {
    id,
    name,
    owner_id: owner.id,
    roles: [{ id, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0 }],
    channels: [{ id: snowflake(), type: ChannelTypes.GuildText, name: 'general', guild_id: id, position: 0 }],
    members: [{ user: owner, roles: [] }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Wire shapes

/** An empty flag field: Discord sends 0, which discord-api-types' flag enums have no member for. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the field's flag enum picks Flags
export function noFlags<Flags extends number>(): Flags {
  return 0 as Flags;
}

/** A full Discord user object for a fake user. */
export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name ?? null,
    discriminator: user.bot ? '0000' : '0',
    avatar: null,
    bot: user.bot ?? false,
    system: false,
    public_flags: noFlags(),
    flags: noFlags(),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** A channel object as the fake sends it: the fields every channel has, the others by channel type. */
export interface ApiChannel {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  [field: string]: unknown;
}

/** A full guild channel object. */
export function apiChannel(channel: FakeChannel): ApiChannel {
  const base: ApiChannel = {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    position: channel.position ?? 0,
    permission_overwrites: channel.permission_overwrites ?? [],
    parent_id: channel.parent_id ?? null,
    flags: 0,
    nsfw: channel.nsfw ?? false,
  };
  if (channel.guild_id !== undefined) base.guild_id = channel.guild_id;
  if (channel.type === ChannelTypes.GuildText || channel.type === ChannelTypes.GuildAnnouncement) {
    Object.assign(base, {
      topic: channel.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      default_thread_rate_limit_per_user: 0,
      default_auto_archive_duration: 4320,
    });
  }
  if (channel.type === ChannelTypes.GuildVoice || channel.type === ChannelTypes.GuildStageVoice) {
    Object.assign(base, {
      bitrate: 64000,
      user_limit: 0,
      rtc_region: null,
      video_quality_mode: 1,
      last_message_id: null,
      rate_limit_per_user: 0,
    });
  }
  return base;
}

/** A full role object. */
export function apiRole(role: FakeRole): APIRole {
  const color = role.color ?? 0;
  const out: APIRole = {
    id: role.id,
    name: role.name,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- Discord still sends it beside `colors`
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: role.managed ?? false,
    mentionable: role.mentionable ?? false,
    flags: noFlags(),
  };
  if (role.tags) out.tags = role.tags;
  return out;
}

/** A full guild member object. */
export function apiMember(member: FakeMember): APIGuildMember & { unusual_dm_activity_until: null } {
  return {
    user: apiUser(member.user),
    nick: member.nick ?? null,
    avatar: null,
    banner: null,
    roles: member.roles ?? [],
    joined_at: member.joined_at ?? new Date(snowflakeTime(member.user.id)).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags(),
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
  };
}

/** The guild object of REST `GET /guilds/:id` (no channels or members, as on Discord; no `hub_type`). */
export function apiGuild(guild: FakeGuild): Omit<APIGuild, 'features' | 'preferred_locale' | 'hub_type'> & {
  features: string[];
  preferred_locale: string;
  incidents_data: null;
} {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.owner_id,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: guild.roles.map(apiRole),
    emojis: [],
    stickers: [],
    features: guild.features ?? [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: guild.channels.find((c) => c.type === ChannelTypes.GuildText)?.id ?? null,
    system_channel_flags: noFlags(),
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    max_presences: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.preferred_locale ?? 'en-US',
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    incidents_data: null,
  };
}

/** The GUILD_CREATE payload for a guild the bot is in. */
export function guildCreatePayload(
  guild: FakeGuild,
  botMember: FakeMember,
  members: FakeMember[],
): Record<string, unknown> {
  return {
    ...apiGuild(guild),
    joined_at: botMember.joined_at ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: (guild.members?.length ?? 0) + 1,
    voice_states: [],
    members: [botMember, ...members].map(apiMember),
    channels: guild.channels.map((c) => {
      // GUILD_CREATE channels omit guild_id; discord.js fills it in from the guild.
      const channel = apiChannel(c);
      delete channel.guild_id;
      return channel;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
  };
}

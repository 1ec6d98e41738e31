/**
 * A plain view of one server (its channels, roles, and the bot's permissions in each channel) read from
 * discord.js's cache. The /config checks work on this view, so they are plain functions that tests can feed.
 */
import type { Guild } from 'discord.js';
import type { SettingKeyOfKind } from '../settings/definitions.js';
import { checkChannel } from '../settings/validate.js';

export interface ChannelInfo {
  id: string;
  name: string;
  type: number;
  guildId: string;
  /** The bot's permissions in the channel (0n when they cannot be worked out). */
  botPermissions: bigint;
}

export interface RoleInfo {
  id: string;
  name: string;
  managed: boolean;
  mentionable: boolean;
}

export interface GuildView {
  id: string;
  channel(id: string): ChannelInfo | undefined;
  role(id: string): RoleInfo | undefined;
}

/** Reads from the cache the Guilds intent keeps current (channel, role and overwrite changes arrive as events). */
export function viewOfGuild(guild: Guild): GuildView {
  return {
    id: guild.id,
    channel(id) {
      const channel = guild.channels.cache.get(id);
      if (channel === undefined) return undefined;
      const me = guild.members.me;
      return {
        id: channel.id,
        name: channel.name,
        type: channel.type,
        guildId: guild.id,
        botPermissions: me === null ? 0n : channel.permissionsFor(me).bitfield,
      };
    },
    role(id) {
      const role = guild.roles.cache.get(id);
      return role === undefined
        ? undefined
        : { id: role.id, name: role.name, managed: role.managed, mentionable: role.mentionable };
    },
  };
}

/**
 * Checks a channel picked in a command option for a channel setting (see `checkChannel`), with the bot's
 * permissions there read from the server's view; returns its id.
 */
export function checkChannelOption(
  setting: SettingKeyOfKind<'channel'>,
  channel: { id: string; type: number; name: string | null },
  guild: GuildView,
): string {
  const known = guild.channel(channel.id);
  return checkChannel(
    setting,
    { id: channel.id, type: channel.type, name: channel.name ?? 'unknown', guildId: known?.guildId ?? null },
    guild.id,
    known?.botPermissions ?? null,
  );
}

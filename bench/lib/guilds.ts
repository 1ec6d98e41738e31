/** The servers the fake Discord hosts in the benchmarks: small but realistic, with a few channels and roles. */
import {
  BOT_PERMISSIONS,
  ChannelTypes,
  MEMBER_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  defaultBotUser,
  defaultUsers,
  snowflake,
  type FakeGuild,
} from '../../tests/support/fake-discord.js';

/**
 * A server with @everyone, a moderator role, a ping role and the bot's managed role; a category holding #general
 * (its first text channel, where interactions come from and countdowns go), #announcements and a voice channel.
 */
export function benchGuild(index: number): FakeGuild {
  const id = snowflake();
  const category = snowflake();
  const channel = (name: string, type: number, position: number) => ({
    id: snowflake(),
    type,
    name,
    guild_id: id,
    position,
    parent_id: category,
  });
  return {
    id,
    name: `Purple Hearts Fans ${index}`,
    owner_id: defaultUsers.owner.id,
    preferred_locale: 'en-US',
    roles: [
      { id, name: '@everyone', permissions: MEMBER_PERMISSIONS, position: 0 },
      { id: snowflake(), name: 'Moderator', permissions: MODERATOR_PERMISSIONS, position: 1, hoist: true },
      { id: snowflake(), name: 'Countdown Fans', permissions: '0', position: 2, mentionable: true },
      {
        id: snowflake(),
        name: 'Purple Hearts Bot',
        permissions: BOT_PERMISSIONS,
        position: 3,
        managed: true,
        tags: { bot_id: defaultBotUser.id },
      },
    ],
    channels: [
      { id: category, type: ChannelTypes.GuildCategory, name: 'Purple Hearts', guild_id: id, position: 0 },
      channel('general', ChannelTypes.GuildText, 1),
      channel('announcements', ChannelTypes.GuildAnnouncement, 2),
      channel('Watch Party', ChannelTypes.GuildVoice, 3),
    ],
    members: [{ user: defaultUsers.owner, roles: [] }],
  };
}

export function benchGuilds(count: number): FakeGuild[] {
  return Array.from({ length: count }, (_, index) => benchGuild(index + 1));
}

/** The #general channel of a bench guild. */
export function generalChannel(guild: FakeGuild): string {
  const general = guild.channels.find((channel) => channel.name === 'general');
  if (general === undefined) throw new Error(`guild ${guild.id} has no #general`);
  return general.id;
}

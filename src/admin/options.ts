/** Option builders that several `/config` subcommands share, so a channel, time or timezone reads the same. */
import { ChannelType, type SlashCommandChannelOption, type SlashCommandStringOption } from 'discord.js';

/** A text or announcement channel, the kinds the bot can post in. */
export const postChannelOption = (option: SlashCommandChannelOption): SlashCommandChannelOption =>
  option
    .setName('channel')
    .setDescription('A text or announcement channel')
    .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement);

/** A 24-hour `HH:MM` time; `example` shows it ("e.g. 09:00 or 18:30"). */
export const timeOption =
  (example: string) =>
  (option: SlashCommandStringOption): SlashCommandStringOption =>
    option.setName('time').setDescription(`24-hour time, ${example}`).setMaxLength(5);

/** An IANA timezone name, suggested as the member types. */
export const timezoneOption =
  (example: string) =>
  (option: SlashCommandStringOption): SlashCommandStringOption =>
    option
      .setName('timezone')
      .setDescription(`Timezone name, ${example}`)
      .setAutocomplete(true)
      .setMaxLength(64);

/** `/config language language:<language>`: what the whole server reads (posts, trivia, replies in a channel). */
import { viewOfGuild } from '../../src/admin/guild-view.js';
import { addSettingOptions, readSettingChanges, type SettingOption } from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

const OPTIONS: readonly SettingOption[] = [
  {
    name: 'language',
    setting: 'language',
    description: "One of the bot's languages (reset it to follow the server's Discord language)",
    required: true,
  },
];

export const language: ConfigSubcommand = {
  name: 'language',
  build: (sub) =>
    addSettingOptions(sub.setDescription('The language of what the bot posts for the whole server'), OPTIONS),
  async execute({ interaction, locale, guild, actor, context: { settings } }) {
    const changes = await settings.update(
      guild.id,
      actor,
      readSettingChanges(interaction.options, OPTIONS, viewOfGuild(guild)),
    );
    await replyPrivately(interaction, { content: describeChanges(changes, locale) });
  },
};

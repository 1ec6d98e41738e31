/** `/config mod-role`: who else may configure the bot (Manage Server only, so the role cannot widen itself). */
import { requireManageServer } from '../../src/admin/access.js';
import { viewOfGuild } from '../../src/admin/guild-view.js';
import { addSettingOptions, readSettingChanges, type SettingOption } from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

const OPTIONS: readonly SettingOption[] = [
  { name: 'role', setting: 'modRole', description: 'The moderator role', required: true },
];

export const modRole: ConfigSubcommand = {
  name: 'mod-role',
  build: (sub) =>
    addSettingOptions(
      sub.setDescription('A role whose members may use /config (Manage Server only)'),
      OPTIONS,
    ),
  async execute({ interaction, locale, guild, member, actor, context: { settings } }) {
    requireManageServer(member);
    const changes = await settings.update(
      guild.id,
      actor,
      readSettingChanges(interaction.options, OPTIONS, viewOfGuild(guild)),
    );
    await replyPrivately(interaction, { content: describeChanges(changes, locale) });
  },
};

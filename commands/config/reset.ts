/** `/config reset`: one setting, the release target, or everything (after a confirm button). */
import { ButtonStyle, ComponentType } from 'discord.js';
import { memberOf, requireManageServer } from '../../src/admin/access.js';
import { describeChanges } from '../../src/admin/render.js';
import type { ComponentInteraction } from '../../src/command.js';
import type { HandlerContext } from '../../src/context.js';
import { UserError } from '../../src/errors.js';
import { isSettingKey, SETTING_DEFINITIONS, SETTING_KEYS } from '../../src/settings/definitions.js';
import { RELEASE_SETTINGS } from './countdown.js';
import { cachedGuild, replyPrivately, type ConfigSubcommand } from './shared.js';

const RESET_ALL = 'config:reset-all';

export const reset: ConfigSubcommand = {
  name: 'reset',
  build: (sub) =>
    sub.setDescription('Put a setting (or all of them) back to its default').addStringOption((option) =>
      option
        .setName('setting')
        .setDescription('The setting to reset')
        .setRequired(true)
        .addChoices(...SETTING_KEYS.map((key) => ({ name: SETTING_DEFINITIONS[key].label, value: key })), {
          name: 'All settings (asks first, also clears the history)',
          value: 'all',
        }),
    ),
  async execute({ interaction, locale, guild, member, actor, context: { settings } }) {
    const setting = interaction.options.getString('setting', true);
    if (setting === 'all') {
      requireManageServer(member);
      await replyPrivately(interaction, {
        content:
          'Reset **all** settings to their defaults and clear the change history? This cannot be undone.',
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Danger,
                label: 'Reset everything',
                customId: `${RESET_ALL}:confirm:${guild.id}:${actor}`,
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: 'Cancel',
                customId: `${RESET_ALL}:cancel:${guild.id}:${actor}`,
              },
            ],
          },
        ],
      });
      return;
    }
    if (setting === 'release') {
      const changes = await settings.reset(guild.id, actor, RELEASE_SETTINGS);
      await replyPrivately(interaction, { content: describeChanges(changes, locale) });
      return;
    }
    if (!isSettingKey(setting)) throw new UserError('Pick a setting from the list.');
    if (setting === 'modRole') requireManageServer(member);
    await replyPrivately(interaction, {
      content: describeChanges(await settings.reset(guild.id, actor, setting), locale),
    });
  },
};

/** The reset-all confirm and cancel buttons. */
export async function resetAllButton(
  interaction: ComponentInteraction,
  { settings }: HandlerContext,
): Promise<void> {
  const [, action, choice, guildId, requester] = interaction.customId.split(':');
  // The server is in the custom id too, so a button can only ever act on the server it was shown in.
  if (
    !interaction.isButton() ||
    action !== 'reset-all' ||
    requester === undefined ||
    guildId !== interaction.guildId
  ) {
    throw new UserError('That button is no longer available.');
  }
  if (interaction.user.id !== requester) {
    throw new UserError('Only the moderator who asked for the reset can answer this.');
  }
  const guild = cachedGuild(interaction);
  requireManageServer(memberOf(interaction));
  if (choice === 'confirm') {
    const changes = await settings.reset(guild.id, interaction.user.id, 'all');
    await interaction.update({
      content: `All settings are back to their defaults (${changes.length} changed) and the history is cleared.`,
      components: [],
    });
  } else {
    await interaction.update({ content: 'Nothing was reset.', components: [] });
  }
}

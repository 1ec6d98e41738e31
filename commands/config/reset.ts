/** `/config reset`: one setting, the release target, or everything (after a confirm button). */
import { ButtonStyle, ComponentType } from 'discord.js';
import { memberOf, requireManageServer } from '../../src/admin/access.js';
import { describeChanges } from '../../src/admin/render.js';
import type { ComponentInteraction } from '../../src/command.js';
import type { HandlerContext } from '../../src/context.js';
import { resolveLocale, t, userError } from '../../src/i18n/index.js';
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
        content: t(locale, 'configReset.confirmAll'),
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Danger,
                label: t(locale, 'configReset.buttonResetEverything'),
                customId: `${RESET_ALL}:confirm:${guild.id}:${actor}`,
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: t(locale, 'configReset.buttonCancel'),
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
    if (!isSettingKey(setting)) throw userError('configReset.pickSetting');
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
    throw userError('errors.unknownButton');
  }
  if (interaction.user.id !== requester) {
    throw userError('configReset.onlyRequester');
  }
  const guild = cachedGuild(interaction);
  requireManageServer(memberOf(interaction));
  if (choice === 'confirm') {
    const changes = await settings.reset(guild.id, interaction.user.id, 'all');
    await interaction.update({
      content: t(resolveLocale(interaction.locale), 'configReset.doneAll', { count: changes.length }),
      components: [],
    });
  } else {
    await interaction.update({
      content: t(resolveLocale(interaction.locale), 'configReset.nothingReset'),
      components: [],
    });
  }
}

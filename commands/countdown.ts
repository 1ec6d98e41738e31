import { SlashCommandBuilder } from 'discord.js';
import { releaseIn } from '../src/content/translations.js';
import { renderCountdown } from '../src/countdown/render.js';
import { countdownState } from '../src/countdown/state.js';
import { resolveTarget, type TargetSettings } from '../src/countdown/target.js';
import type { Command } from '../src/command.js';
import { channelLocale, t } from '../src/i18n/index.js';
import { botServerId, EVERYWHERE } from '../src/interactions/where.js';
import { provenance } from '../src/release/render.js';
import { HISTORY_LIMIT } from '../src/settings/service.js';
import { remindMeRow } from '../src/reminders/render.js';

/**
 * Outside the bot's servers (a DM, a group DM, a server where only the member installed the bot) there is no
 * server date: the built-in target, with days counted in UTC.
 */
const BUILT_IN: TargetSettings = {
  releaseDate: null,
  releaseTime: '00:00',
  releaseTimezone: 'Etc/UTC',
  releaseLabel: null,
};
const DM_TIME_ZONE = 'Etc/UTC';

const data = new SlashCommandBuilder()
  .setName('countdown')
  .setDescription('Time left until Purple Hearts 2 comes out, shown in your own time zone.')
  .setIntegrationTypes(...EVERYWHERE.integrationTypes)
  .setContexts(...EVERYWHERE.contexts)
  .toJSON();

export default {
  data,
  async execute(interaction, { content, settings, release, now }) {
    const guildId = botServerId(interaction);
    const values = guildId === null ? undefined : await settings.get(guildId);
    // The whole channel sees the reply: in the server's language (the member's own in a DM).
    const locale = channelLocale(interaction, values?.language ?? null);
    const releaseNow = releaseIn(content, release.release(), locale);
    const target = resolveTarget(releaseNow, values ?? BUILT_IN, locale, release.windowOrigin());
    const at = now();
    const state = countdownState(target, at, values?.countdownTimezone ?? DM_TIME_ZONE);
    const embed = renderCountdown(state, target, releaseNow, at, locale);
    const serverChange =
      guildId === null || target.kind !== 'server'
        ? undefined
        : (await settings.history(guildId, HISTORY_LIMIT)).find((change) => change.setting === 'releaseDate');
    const from = {
      name: t(locale, 'release.provenance.field'),
      value: provenance(target, release.current(), serverChange, locale),
    };
    await interaction.reply({
      embeds: [{ ...embed, fields: [...(embed.fields ?? []), from] }],
      components: [remindMeRow(locale)],
    });
  },
} satisfies Command;

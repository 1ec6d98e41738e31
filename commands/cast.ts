import { SlashCommandBuilder } from 'discord.js';
import { describePerson, resolvePerson, searchCast } from '../src/cast/cast.js';
import { renderCastDetail, renderCastOverview } from '../src/cast/render.js';
import type { Command } from '../src/command.js';
import { castIn } from '../src/content/translations.js';
import { channelLocale, resolveLocale, type Locale } from '../src/i18n/index.js';
import { botServerId, EVERYWHERE } from '../src/interactions/where.js';
import { StoreUnavailableError } from '../src/errors.js';
import type { HandlerContext } from '../src/context.js';

const data = new SlashCommandBuilder()
  .setName('cast')
  .setDescription('Who is in Purple Hearts 2: the cast and crew, or one person in detail.')
  .setIntegrationTypes(...EVERYWHERE.integrationTypes)
  .setContexts(...EVERYWHERE.contexts)
  .addStringOption((option) =>
    option
      .setName('person')
      .setDescription('An actor, a character or a crew member')
      .setAutocomplete(true)
      .setMaxLength(100),
  )
  .toJSON();

export default {
  data,
  async execute(interaction, { content, release, settings }) {
    const value = interaction.options.getString('person');
    // The whole channel sees the reply: in the server's language (the member's own in a DM).
    const guildId = botServerId(interaction);
    const chosen = guildId === null ? null : await languageSetting(settings, guildId);
    const locale = channelLocale(interaction, chosen);
    // The cast as the bot believes it now: the operator's news (a rumor confirmed...) over data/cast.json.
    const cast = castIn(content, release.cast(locale), locale);
    const embed =
      value === null
        ? renderCastOverview(cast, content.release.title, locale)
        : renderCastDetail(resolvePerson(cast, value), locale);
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, { content, release }) {
    const query = interaction.options.getFocused();
    // Suggestions are for the member typing: in their language.
    const locale = resolveLocale(interaction.locale);
    const choices = searchCast(castIn(content, release.cast(locale), locale), query).map((person) => ({
      name: describePerson(person, locale).slice(0, 100),
      value: person.id,
    }));
    await interaction.respond(choices);
  },
} satisfies Command;

/**
 * The server's `/config language`, or null for its Discord language. /cast needs nothing stored, so while the
 * store is out it still answers, in the server's Discord language.
 */
async function languageSetting(
  settings: HandlerContext['settings'],
  guildId: string,
): Promise<Locale | null> {
  try {
    return (await settings.get(guildId)).language;
  } catch (error) {
    if (error instanceof StoreUnavailableError) return null;
    throw error;
  }
}

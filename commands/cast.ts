import { SlashCommandBuilder } from 'discord.js';
import { describePerson, resolvePerson, searchCast } from '../src/cast/cast.js';
import { renderCastDetail, renderCastOverview } from '../src/cast/render.js';
import type { Command } from '../src/command.js';
import { EVERYWHERE } from '../src/interactions/where.js';

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
  async execute(interaction, { content, release }) {
    const value = interaction.options.getString('person');
    // The cast as the bot believes it now: the operator's news (a rumour confirmed...) over data/cast.json.
    const cast = release.cast();
    const embed =
      value === null
        ? renderCastOverview(cast, content.release.title)
        : renderCastDetail(resolvePerson(cast, value));
    await interaction.reply({ embeds: [embed] });
  },
  async autocomplete(interaction, { release }) {
    const query = interaction.options.getFocused();
    const choices = searchCast(release.cast(), query).map((person) => ({
      name: describePerson(person).slice(0, 100),
      value: person.id,
    }));
    await interaction.respond(choices);
  },
} satisfies Command;

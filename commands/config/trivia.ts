/** `/config trivia answer-time:<5-120> source:<built-in|custom|both>`. */
import { viewOfGuild } from '../../src/admin/guild-view.js';
import { addSettingOptions, readSettingChanges, type SettingOption } from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import { MAX_ANSWER_SECONDS, MIN_ANSWER_SECONDS } from '../../src/settings/definitions.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

const OPTIONS: readonly SettingOption[] = [
  {
    name: 'answer-time',
    setting: 'triviaAnswerTime',
    description: `Seconds to answer each question, ${MIN_ANSWER_SECONDS} to ${MAX_ANSWER_SECONDS}`,
  },
  { name: 'source', setting: 'triviaSource', description: 'Built-in questions, this server’s own, or both' },
];

export const trivia: ConfigSubcommand = {
  name: 'trivia',
  build: (sub) =>
    addSettingOptions(
      sub.setDescription('Trivia: how long members have to answer, and which questions are asked'),
      OPTIONS,
    ),
  async execute({ interaction, locale, guild, actor, context: { settings } }) {
    const changes = await settings.update(
      guild.id,
      actor,
      readSettingChanges(interaction.options, OPTIONS, viewOfGuild(guild)),
    );
    await replyPrivately(interaction, { content: describeChanges(changes, locale) });
  },
};

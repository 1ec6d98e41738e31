/**
 * The trivia parts of `/config` (moderators only, checked on every use): `/config trivia` (answer time and
 * question source), and `/config questions add|list|remove` for the server's own questions, with the modal,
 * the list's paging buttons and the autocomplete of `remove`. `commands/config.ts` wires these in.
 */
import {
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type SlashCommandSubcommandBuilder,
  type SlashCommandSubcommandGroupBuilder,
} from 'discord.js';
import { canConfigure, memberOf, requireConfigure } from '../admin/access.js';
import { checkChannelOption } from '../admin/guild-view.js';
import { postChannelOption, timeOption, timezoneOption } from '../admin/options.js';
import type { ComponentInteraction } from '../command.js';
import { UserError } from '../errors.js';
import {
  MAX_ANSWER_SECONDS,
  MIN_ANSWER_SECONDS,
  SETTING_DEFINITIONS,
  TRIVIA_SOURCES,
  type GuildSettings,
  type TriviaSource,
} from '../settings/definitions.js';
import type { GuildSettingsService } from '../settings/service.js';
import { parseTime, parseTimezone, plainText } from '../settings/validate.js';
import { MAX_CUSTOM_QUESTIONS } from './custom-questions.js';
import {
  CATEGORY_LABELS,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  isCategory,
  isDifficulty,
  SOURCE_LABELS,
  TRIVIA_CATEGORIES,
} from './questions.js';
import { renderQuestionList } from './render.js';
import type { TriviaService } from './service.js';

const ADD_MODAL = 'config:question-add';
const LIST_PAGE = 'config:questions:page';

/** `/config trivia answer-time:<5-120> source:<built-in|custom|both>`. */
export function triviaConfigSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('trivia')
    .setDescription('Trivia: how long members have to answer, and which questions are asked')
    .addIntegerOption((option) =>
      option
        .setName('answer-time')
        .setDescription(`Seconds to answer each question, ${MIN_ANSWER_SECONDS} to ${MAX_ANSWER_SECONDS}`)
        .setMinValue(MIN_ANSWER_SECONDS)
        .setMaxValue(MAX_ANSWER_SECONDS),
    )
    .addStringOption((option) =>
      option
        .setName('source')
        .setDescription('Built-in questions, this server’s own, or both')
        .addChoices(...TRIVIA_SOURCES.map((source) => ({ name: SOURCE_LABELS[source], value: source }))),
    );
}

/** `/config qotd channel time timezone enabled`: the daily question. */
export function qotdConfigSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('qotd')
    .setDescription('Question of the day: a trivia question posted every day')
    .addChannelOption(postChannelOption)
    .addStringOption(timeOption('e.g. 12:00 or 18:30'))
    .addStringOption(timezoneOption('e.g. Europe/London'))
    .addBooleanOption((option) => option.setName('enabled').setDescription('Post a question every day'));
}

/** The changes `/config qotd` asks for, checked (the channel as for the countdown); at least one. */
export function qotdChanges(interaction: ChatInputCommandInteraction, guild: Guild): Partial<GuildSettings> {
  const options = interaction.options;
  const changes: Partial<GuildSettings> = {};
  const channel = options.getChannel('channel');
  if (channel !== null) changes.qotdChannel = checkChannelOption('qotdChannel', channel, guild);
  const time = options.getString('time');
  if (time !== null) changes.qotdTime = parseTime('qotdTime', time);
  const timezone = options.getString('timezone');
  if (timezone !== null) changes.qotdTimezone = parseTimezone('qotdTimezone', timezone);
  const enabled = options.getBoolean('enabled');
  if (enabled !== null) changes.qotdEnabled = enabled;
  if (Object.keys(changes).length === 0) {
    throw new UserError('Give at least one option: channel, time, timezone or enabled.');
  }
  return changes;
}

/** When the next question of the day comes, or why none is planned (after the re-plan a change started). */
export async function qotdStatus(trivia: TriviaService, guildId: string): Promise<string> {
  const schedule = trivia.qotd;
  if (schedule === undefined) return '';
  await schedule.idle();
  const status = await schedule.status(guildId);
  if (status.state === 'planned') {
    const unix = Math.floor(status.at.getTime() / 1000);
    return `Next question of the day: <t:${unix}:F> (<t:${unix}:R>).`;
  }
  if (status.state === 'disabled') return `The question of the day is stopped: ${status.reason}.`;
  return `No question of the day is planned: ${status.reason}`;
}

/** `/config questions add|list|remove`. */
export function questionsConfigGroup(
  group: SlashCommandSubcommandGroupBuilder,
): SlashCommandSubcommandGroupBuilder {
  return group
    .setName('questions')
    .setDescription("This server's own trivia questions")
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Add a question (a form opens for the question and its four answers)')
        .addStringOption((option) =>
          option
            .setName('category')
            .setDescription('The category it is asked in')
            .setRequired(true)
            .addChoices(...TRIVIA_CATEGORIES.map((value) => ({ name: CATEGORY_LABELS[value], value }))),
        )
        .addStringOption((option) =>
          option
            .setName('difficulty')
            .setDescription('How hard it is (default: medium)')
            .addChoices(...DIFFICULTIES.map((value) => ({ name: DIFFICULTY_LABELS[value], value }))),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription("This server's questions, five to a page"))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove one of them')
        .addStringOption((option) =>
          option
            .setName('id')
            .setDescription('The question (type to search)')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(100),
        ),
    );
}

/** The changes `/config trivia` asks for, checked; at least one. */
export function triviaChanges(interaction: ChatInputCommandInteraction): Partial<GuildSettings> {
  const changes: Partial<GuildSettings> = {};
  const seconds = interaction.options.getInteger('answer-time');
  if (seconds !== null) {
    if (!Number.isInteger(seconds) || seconds < MIN_ANSWER_SECONDS || seconds > MAX_ANSWER_SECONDS) {
      throw new UserError(
        `${SETTING_DEFINITIONS.triviaAnswerTime.label} must be a whole number of seconds from ${MIN_ANSWER_SECONDS} to ${MAX_ANSWER_SECONDS}.`,
      );
    }
    changes.triviaAnswerTime = seconds;
  }
  const source = interaction.options.getString('source');
  if (source !== null) {
    if (!(TRIVIA_SOURCES as readonly string[]).includes(source)) {
      throw new UserError(`${SETTING_DEFINITIONS.triviaSource.label} must be built-in, custom or both.`);
    }
    changes.triviaSource = source as TriviaSource;
  }
  if (Object.keys(changes).length === 0)
    throw new UserError('Give at least one option: answer-time or source.');
  return changes;
}

/** `/config questions …`; the caller has checked that the member may configure the bot. */
export async function questionsCommand(
  interaction: ChatInputCommandInteraction,
  trivia: TriviaService,
): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null) throw new UserError('This only works in a server.');
  switch (interaction.options.getSubcommand()) {
    case 'add': {
      const category = interaction.options.getString('category', true);
      const difficulty = interaction.options.getString('difficulty') ?? 'medium';
      if (!isCategory(category)) throw new UserError('Pick a category from the list.');
      if (!isDifficulty(difficulty)) throw new UserError('Pick a difficulty from the list.');
      if ((await trivia.questions.list(guildId)).length >= MAX_CUSTOM_QUESTIONS) {
        throw new UserError(
          `This server already has ${MAX_CUSTOM_QUESTIONS} questions, the most it can have. Remove some with \`/config questions remove\` first.`,
        );
      }
      await interaction.showModal(questionModal(category, difficulty));
      return;
    }
    case 'list': {
      const list = await trivia.questions.list(guildId);
      await interaction.reply({ ...renderQuestionList(list, 0), flags: MessageFlags.Ephemeral });
      return;
    }
    case 'remove': {
      const removed = await trivia.questions.remove(guildId, interaction.options.getString('id', true));
      await interaction.reply({
        content: `Removed \`${removed.id}\`: ${plainText(removed.question, 200)}`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    default:
      throw new UserError('That command is no longer available.');
  }
}

function textField(id: string, label: string, style: TextInputStyle, maxLength: number, placeholder: string) {
  return new LabelBuilder()
    .setLabel(label)
    .setTextInputComponent(
      new TextInputBuilder()
        .setCustomId(id)
        .setStyle(style)
        .setRequired(true)
        .setMaxLength(maxLength)
        .setPlaceholder(placeholder),
    );
}

/** The form of a new question. The category and difficulty ride in its custom id (Discord allows 5 fields). */
function questionModal(category: string, difficulty: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`${ADD_MODAL}:${category}:${difficulty}`)
    .setTitle(`New question · ${CATEGORY_LABELS[category as keyof typeof CATEGORY_LABELS]}`.slice(0, 45))
    .addLabelComponents(
      textField('question', 'Question', TextInputStyle.Paragraph, 300, 'Who plays Cassie Salazar?'),
      textField('answer', 'Correct answer', TextInputStyle.Short, 80, 'Sofia Carson'),
      textField('wrong1', 'Wrong answer 1', TextInputStyle.Short, 80, 'Kat Cunning'),
      textField('wrong2', 'Wrong answer 2', TextInputStyle.Short, 80, 'Alexa Demie'),
      textField('wrong3', 'Wrong answer 3', TextInputStyle.Short, 80, 'Tess Wakefield'),
    );
}

/** Whether a `/config` component belongs to the questions (the modal or the list's paging). */
export function isQuestionsComponent(customId: string): boolean {
  return customId.startsWith(`${ADD_MODAL}:`) || customId.startsWith(`${LIST_PAGE}:`);
}

/** The modal's submission and the list's paging buttons; checks again that the member may configure. */
export async function questionsComponent(
  interaction: ComponentInteraction,
  settings: Pick<GuildSettingsService, 'get'>,
  trivia: TriviaService,
): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null) throw new UserError('This only works in a server.');
  requireConfigure(memberOf(interaction), (await settings.get(guildId)).modRole);
  const parts = interaction.customId.split(':');
  if (interaction.isModalSubmit() && interaction.customId.startsWith(`${ADD_MODAL}:`)) {
    const [, , category = '', difficulty = ''] = parts;
    const field = (id: string): string => {
      try {
        return interaction.fields.getTextInputValue(id);
      } catch {
        return '';
      }
    };
    const added = await trivia.questions.add(
      guildId,
      {
        question: field('question'),
        answer: field('answer'),
        wrong: [field('wrong1'), field('wrong2'), field('wrong3')],
        category,
        difficulty,
      },
      interaction.user.id,
    );
    const source = (await settings.get(guildId)).triviaSource;
    const note =
      source === 'built-in'
        ? '\nTrivia is set to built-in questions only, so it is not asked yet: `/config trivia source:` custom or both.'
        : '';
    await interaction.reply({
      content:
        `Added \`${added.id}\` (${CATEGORY_LABELS[added.category]} · ${DIFFICULTY_LABELS[added.difficulty]}): ` +
        `${plainText(added.question, 300)}\n✅ ${plainText(added.answer, 80)} · ✗ ${added.wrong.map((w) => plainText(w, 80)).join(' · ✗ ')}${note}`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  if (interaction.isButton() && interaction.customId.startsWith(`${LIST_PAGE}:`)) {
    const page = Number(parts[3]);
    const list = await trivia.questions.list(guildId);
    await interaction.update(renderQuestionList(list, Number.isInteger(page) ? page : 0));
    return;
  }
  throw new UserError('That button is no longer available.');
}

/** Suggestions for `/config questions remove id:` (moderators only; others get none). */
export async function questionChoices(
  interaction: AutocompleteInteraction,
  settings: Pick<GuildSettingsService, 'get'>,
  trivia: TriviaService,
  query: string,
): Promise<{ name: string; value: string }[]> {
  const guildId = interaction.guildId;
  if (guildId === null) return [];
  if (!canConfigure(memberOf(interaction), (await settings.get(guildId)).modRole)) return [];
  const found = await trivia.questions.search(guildId, query);
  return found.map((question) => ({
    name: `${question.id} · ${question.question}`.slice(0, 100),
    value: question.id,
  }));
}

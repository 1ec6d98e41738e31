/**
 * `/config questions add|list|remove`: the server's own trivia questions, with the form of `add`, the list's
 * paging buttons and the suggestions of `remove`. Moderators only, checked on every use.
 */
import {
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandGroupBuilder,
} from 'discord.js';
import { canConfigure, memberOf, requireConfigure } from '../../src/admin/access.js';
import type { ComponentInteraction } from '../../src/command.js';
import { resolveLocale, t, userError, type Locale } from '../../src/i18n/index.js';
import type { GuildSettingsService } from '../../src/settings/service.js';
import { plainText } from '../../src/settings/validate.js';
import {
  CATEGORY_LABELS,
  categoryLabel,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  difficultyLabel,
  isCategory,
  isDifficulty,
  TRIVIA_CATEGORIES,
  type Category,
} from '../../src/trivia/questions.js';
import { renderQuestionList } from '../../src/trivia/render.js';
import type { TriviaService } from '../../src/trivia/service.js';

const ADD_MODAL = 'config:question-add';
const LIST_PAGE = 'config:questions:page';

/** The name of the subcommand group. */
export const QUESTIONS_GROUP = 'questions';

/** `/config questions add|list|remove`. */
export function questionsConfigGroup(
  group: SlashCommandSubcommandGroupBuilder,
): SlashCommandSubcommandGroupBuilder {
  return group
    .setName(QUESTIONS_GROUP)
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

/** `/config questions …`; the caller has checked that the member may configure the bot. */
export async function questionsCommand(
  interaction: ChatInputCommandInteraction,
  trivia: TriviaService,
): Promise<void> {
  const guildId = interaction.guildId;
  if (guildId === null) throw userError('configQuestions.serverOnly');
  const locale = resolveLocale(interaction.locale);
  switch (interaction.options.getSubcommand()) {
    case 'add': {
      const category = interaction.options.getString('category', true);
      const difficulty = interaction.options.getString('difficulty') ?? 'medium';
      if (!isCategory(category)) throw userError('configQuestions.pickCategory');
      if (!isDifficulty(difficulty)) throw userError('configQuestions.pickDifficulty');
      await trivia.questions.requireRoom(guildId);
      await interaction.showModal(questionModal(category, difficulty, locale));
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
        content: t(locale, 'configQuestions.removed', {
          id: removed.id,
          question: plainText(removed.question, 200),
        }),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    default:
      throw userError('configQuestions.unknownCommand');
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
function questionModal(category: Category, difficulty: string, locale: Locale): ModalBuilder {
  const wrong = (number: number) => t(locale, 'configQuestions.labelWrong', { number });
  return new ModalBuilder()
    .setCustomId(`${ADD_MODAL}:${category}:${difficulty}`)
    .setTitle(
      t(locale, 'configQuestions.modalTitle', { category: categoryLabel(category, locale) }).slice(0, 45),
    )
    .addLabelComponents(
      textField(
        'question',
        t(locale, 'configQuestions.labelQuestion'),
        TextInputStyle.Paragraph,
        300,
        t(locale, 'configQuestions.placeholderQuestion'),
      ),
      textField('answer', t(locale, 'configQuestions.labelAnswer'), TextInputStyle.Short, 80, 'Sofia Carson'),
      textField('wrong1', wrong(1), TextInputStyle.Short, 80, 'Kat Cunning'),
      textField('wrong2', wrong(2), TextInputStyle.Short, 80, 'Alexa Demie'),
      textField('wrong3', wrong(3), TextInputStyle.Short, 80, 'Tess Wakefield'),
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
  if (guildId === null) throw userError('configQuestions.serverOnly');
  const locale = resolveLocale(interaction.locale);
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
    const note = source === 'built-in' ? `\n${t(locale, 'configQuestions.builtInOnly')}` : '';
    const [wrong1 = '', wrong2 = '', wrong3 = ''] = added.wrong.map((w) => plainText(w, 80));
    const summary = t(locale, 'configQuestions.added', {
      id: added.id,
      category: categoryLabel(added.category, locale),
      difficulty: difficultyLabel(added.difficulty, locale),
      question: plainText(added.question, 300),
      answer: plainText(added.answer, 80),
      wrong1,
      wrong2,
      wrong3,
    });
    await interaction.reply({
      content: `${summary}${note}`,
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
  throw userError('errors.unknownButton');
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

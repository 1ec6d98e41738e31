/**
 * What trivia looks like in Discord: the question message and its reveal, the end of a game, the leaderboard,
 * a member's stats and the list of a server's questions. Plain data in, message bodies out (REST field names,
 * so the same body serves a channel message and an interaction reply). Text a moderator typed goes through
 * `plainText`; member names only ever appear as mentions inside embeds, which never ping.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { formatCalendarDate, t, type Locale } from '../i18n/index.js';
import { plainText } from '../settings/validate.js';
import type { CustomQuestion } from './custom-questions.js';
import type { EndReason, GameRecord, OpenQuestion, RoundResults } from './game.js';
import { standings } from './game.js';
import {
  categoryLabel,
  describeFilter,
  difficultyLabel,
  isCategory,
  isDifficulty,
  questionLabels,
} from './questions.js';
import { ALL_TIME, type LeaderboardPage, type RankedMember } from './scores.js';

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A message as sent to Discord's REST API (or in an interaction callback). */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
}

/** The custom id of an answer button: the game, the round and the choice. */
export const answerButtonId = (gameId: string, round: number, choice: number): string =>
  `trivia:a:${gameId}:${round}:${choice}`;

const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

function questionFooter(question: OpenQuestion, locale: Locale): string {
  return questionLabels(question, locale).join(' · ');
}

/** The question's text in bold, with the rumor notice under it when it rests on a rumor. */
function questionLines(question: OpenQuestion, locale: Locale): string[] {
  const lines = [`**${plainText(question.text, 300)}**`];
  if (question.rumour === true) lines.push(t(locale, 'trivia.rumorNotice'));
  return lines;
}

function choiceButtons(game: GameRecord, question: OpenQuestion, revealed: boolean): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: question.choices.map((choice, index) => ({
      type: ComponentType.Button,
      custom_id: answerButtonId(game.id, game.round, index),
      label: choice,
      style:
        revealed && index === question.correct
          ? ButtonStyle.Success
          : revealed
            ? ButtonStyle.Secondary
            : ButtonStyle.Primary,
      disabled: revealed,
      ...(revealed && index === question.correct ? { emoji: { name: '✅' } } : {}),
    })),
  };
}

const title = (game: GameRecord, locale: Locale): string =>
  t(locale, 'trivia.title', { round: game.round, rounds: game.rounds });

/**
 * The open question: the text, the deadline as a live timestamp, four buttons. Every trivia message is in the
 * `locale` it is given (the server's, for what the channel sees); the question comes in it already.
 */
export function renderQuestion(game: GameRecord, question: OpenQuestion, locale: Locale = 'en'): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: title(game, locale),
    description: [
      ...questionLines(question, locale),
      '',
      t(locale, 'trivia.answersClose', { when: `<t:${unix(question.deadline)}:R>` }),
    ].join('\n'),
    footer: { text: questionFooter(question, locale) },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, false)] };
}

function listMembers(lines: string[], locale: Locale, limit = 20): string {
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(t(locale, 'trivia.andMore', { count: lines.length - limit }));
  return shown.join('\n');
}

/** The question after its deadline: the answer, why, who was right and what they won; buttons disabled. */
export function renderReveal(
  game: GameRecord,
  question: OpenQuestion,
  results: RoundResults,
  options: { late: boolean },
  locale: Locale = 'en',
): MessageBody {
  const answer = question.choices[question.correct] ?? '';
  const lines = [
    ...questionLines(question, locale),
    '',
    t(locale, 'trivia.theAnswer', { answer: plainText(answer, 80) }),
  ];
  if (question.explanation !== null) lines.push(plainText(question.explanation, 200));
  const right = results.entries
    .filter((entry) => entry.correct)
    .sort((a, b) => b.points - a.points)
    .map(
      (entry) =>
        t(locale, 'trivia.rightEntry', { member: `<@${entry.userId}>`, points: entry.points }) +
        (entry.streak > 1 ? t(locale, 'trivia.streak', { streak: entry.streak }) : ''),
    );
  const wrong = results.entries
    .filter((entry) => !entry.correct)
    .map((entry) =>
      t(locale, 'trivia.picked', {
        member: `<@${entry.userId}>`,
        choice: plainText(question.choices[entry.choice] ?? '?', 80),
      }),
    );
  const nobody = t(locale, 'trivia.nobody');
  const fields =
    results.entries.length === 0
      ? [{ name: t(locale, 'trivia.answersHeading'), value: t(locale, 'trivia.nobodyAnswered') }]
      : [
          {
            name: t(locale, 'trivia.rightHeading', { count: right.length }),
            value: right.length === 0 ? nobody : listMembers(right, locale),
          },
          {
            name: t(locale, 'trivia.wrongHeading', { count: wrong.length }),
            value: wrong.length === 0 ? nobody : listMembers(wrong, locale),
          },
        ];
  const footer = questionFooter(question, locale) + (options.late ? t(locale, 'trivia.revealedLate') : '');
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.timesUp', { title: title(game, locale) }),
    description: lines.join('\n'),
    fields,
    footer: { text: footer },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, true)] };
}

/** The open question of a game that was stopped: closed without points, the answer shown. */
export function renderStoppedQuestion(
  game: GameRecord,
  question: OpenQuestion,
  locale: Locale = 'en',
): MessageBody {
  const answer = question.choices[question.correct] ?? '';
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.stoppedTitle', { title: title(game, locale) }),
    description: [
      ...questionLines(question, locale),
      '',
      t(locale, 'trivia.stoppedText', { answer: plainText(answer, 80) }),
    ].join('\n'),
    footer: { text: questionFooter(question, locale) },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, true)] };
}

/** The reply to `/trivia play`. */
export function renderStart(game: GameRecord, answerSeconds: number, locale: Locale = 'en'): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.startTitle'),
    description: t(locale, 'trivia.startText', {
      starter: `<@${game.starterId}>`,
      rounds: game.rounds,
      filter: describeFilter(game.filter, locale),
      seconds: answerSeconds,
    }),
    footer: { text: t(locale, 'trivia.startFooter') },
  };
  return { embeds: [embed] };
}

function endWords(locale: Locale, game: GameRecord, reason: EndReason, by?: string): string {
  switch (reason) {
    case 'finished':
      return t(locale, 'trivia.end.finished', { rounds: game.rounds });
    case 'stopped':
      return by === undefined
        ? t(locale, 'trivia.end.stopped')
        : t(locale, 'trivia.end.stoppedBy', { member: `<@${by}>` });
    default:
      return t(locale, `trivia.end.${reason}`);
  }
}

const MEDALS = ['🥇', '🥈', '🥉'];

/** The end of a game: why, and who won what in it. */
export function renderGameOver(
  game: GameRecord,
  reason: EndReason,
  by?: string,
  locale: Locale = 'en',
): MessageBody {
  const table = standings(game)
    .slice(0, 10)
    .map((entry, index) =>
      t(locale, 'trivia.gameOverLine', {
        place: MEDALS[index] ?? `**${index + 1}.**`,
        member: `<@${entry.userId}>`,
        points: entry.points,
      }),
    );
  const scores = table.length === 0 ? t(locale, 'trivia.nobodyScored') : table.join('\n');
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.overTitle'),
    description: `${endWords(locale, game, reason, by)}\n\n${scores}`,
    footer: { text: t(locale, 'trivia.overFooter') },
  };
  return { embeds: [embed] };
}

/** "May 2026" for "2026-05" (a calendar month, in the reader's language). */
export function monthLabel(month: string, locale: Locale = 'en'): string {
  return formatCalendarDate(locale, `${month}-01`, 'month');
}

const periodLabel = (period: string, locale: Locale): string =>
  period === ALL_TIME ? t(locale, 'trivia.allTime') : monthLabel(period, locale);

/** The custom id of a leaderboard paging button (the server comes from the interaction, never from here). */
export const leaderboardButtonId = (period: string, page: number, which: 'prev' | 'next'): string =>
  `trivia:lb:${period}:${page}:${which}`;

function pagingRow(
  page: number,
  pages: number,
  id: (page: number, which: 'prev' | 'next') => string,
  locale: Locale,
): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        custom_id: id(Math.max(0, page - 1), 'prev'),
        label: t(locale, 'trivia.buttonPrevious'),
        style: ButtonStyle.Secondary,
        disabled: page <= 0,
      },
      {
        type: ComponentType.Button,
        custom_id: id(Math.min(pages - 1, page + 1), 'next'),
        label: t(locale, 'trivia.buttonNext'),
        style: ButtonStyle.Secondary,
        disabled: page >= pages - 1,
      },
    ],
  };
}

/** One page of a leaderboard, with paging buttons when there is more than one page. */
export function renderLeaderboard(
  period: string,
  board: LeaderboardPage,
  locale: Locale = 'en',
): MessageBody {
  const lines = board.entries.map(({ rank, userId, totals }) =>
    t(locale, 'trivia.leaderboardLine', {
      place: MEDALS[rank - 1] ?? `**${rank}.**`,
      member: `<@${userId}>`,
      points: totals.points,
      correct: totals.correct,
      answered: totals.answered,
      best: totals.best,
    }),
  );
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.leaderboardTitle', { period: periodLabel(period, locale) }),
    description: lines.length === 0 ? t(locale, 'trivia.noScores') : lines.join('\n'),
    footer: {
      text: t(locale, 'trivia.leaderboardFooter', {
        page: board.page + 1,
        pages: board.pages,
        members: board.members,
      }),
    },
  };
  return {
    embeds: [embed],
    components:
      board.pages > 1
        ? [
            pagingRow(
              board.page,
              board.pages,
              (page, which) => leaderboardButtonId(period, page, which),
              locale,
            ),
          ]
        : [],
  };
}

function statsField(
  name: string,
  ranked: RankedMember | undefined,
  members: number,
  locale: Locale,
): { name: string; value: string } {
  if (ranked === undefined) return { name, value: t(locale, 'trivia.noAnswersYet') };
  const { totals } = ranked;
  const accuracy = totals.answered === 0 ? 0 : Math.round((100 * totals.correct) / totals.answered);
  return {
    name,
    value: [
      t(locale, 'trivia.statsRank', { rank: ranked.rank, members }),
      t(locale, 'trivia.statsPoints', { points: totals.points }),
      t(locale, 'trivia.statsRight', { correct: totals.correct, answered: totals.answered, accuracy }),
      t(locale, 'trivia.statsStreak', { streak: totals.streak, best: totals.best }),
    ].join('\n'),
  };
}

/** A member's totals, all time and this month (for the member who asked: in their `locale`). */
export function renderStats(
  userId: string,
  allTime: { ranked: RankedMember | undefined; members: number },
  month: { period: string; ranked: RankedMember | undefined; members: number },
  locale: Locale = 'en',
): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.statsTitle'),
    description: `<@${userId}>`,
    fields: [
      statsField(t(locale, 'trivia.allTime'), allTime.ranked, allTime.members, locale),
      statsField(monthLabel(month.period, locale), month.ranked, month.members, locale),
    ].map((field) => ({ ...field, inline: true })),
  };
  return { embeds: [embed] };
}

export const QUESTIONS_PAGE_SIZE = 5;

/** The custom id of a question-list paging button (handled by /config). */
export const questionsButtonId = (page: number, which: 'prev' | 'next'): string =>
  `config:questions:page:${page}:${which}`;

/** One page of a server's own questions. */
export function renderQuestionList(
  questions: readonly CustomQuestion[],
  page: number,
  locale: Locale = 'en',
): MessageBody {
  const pages = Math.max(1, Math.ceil(questions.length / QUESTIONS_PAGE_SIZE));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const shown = questions.slice(current * QUESTIONS_PAGE_SIZE, (current + 1) * QUESTIONS_PAGE_SIZE);
  const blocks = shown.map((q) => {
    const category = isCategory(q.category) ? categoryLabel(q.category, locale) : q.category;
    const difficulty = isDifficulty(q.difficulty) ? difficultyLabel(q.difficulty, locale) : q.difficulty;
    return (
      `\`${q.id}\` · ${category} · ${difficulty}\n**${plainText(q.question, 300)}**\n` +
      `✅ ${plainText(q.answer, 80)} · ✗ ${q.wrong.map((w) => plainText(w, 80)).join(' · ✗ ')}`
    );
  });
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'trivia.listTitle', { count: questions.length }),
    description: blocks.length === 0 ? t(locale, 'trivia.listNone') : blocks.join('\n\n'),
    footer: { text: t(locale, 'trivia.pageFooter', { page: current + 1, pages }) },
  };
  return {
    embeds: [embed],
    components: pages > 1 ? [pagingRow(current, pages, questionsButtonId, locale)] : [],
  };
}

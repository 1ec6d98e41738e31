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
import { plainText } from '../settings/validate.js';
import type { CustomQuestion } from './custom-questions.js';
import type { EndReason, GameRecord, OpenQuestion, RoundResults } from './game.js';
import { standings } from './game.js';
import {
  CATEGORY_LABELS,
  DIFFICULTY_LABELS,
  RUMOR_NOTICE,
  describeFilter,
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
const number = (n: number): string => n.toLocaleString('en-US');

function questionFooter(question: OpenQuestion): string {
  return questionLabels(question).join(' · ');
}

/** The question's text in bold, with the rumor notice under it when it rests on a rumor. */
function questionLines(question: OpenQuestion): string[] {
  const lines = [`**${plainText(question.text, 300)}**`];
  if (question.rumour === true) lines.push(RUMOR_NOTICE);
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

const title = (game: GameRecord): string => `Trivia · Question ${game.round} of ${game.rounds}`;

/** The open question: the text, the deadline as a live timestamp, four buttons. */
export function renderQuestion(game: GameRecord, question: OpenQuestion): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: title(game),
    description: [
      ...questionLines(question),
      '',
      `⏳ Answers close <t:${unix(question.deadline)}:R>. One answer each: your first click counts.`,
    ].join('\n'),
    footer: { text: questionFooter(question) },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, false)] };
}

function listMembers(lines: string[], limit = 20): string {
  const shown = lines.slice(0, limit);
  if (lines.length > limit) shown.push(`…and ${lines.length - limit} more`);
  return shown.join('\n');
}

/** The question after its deadline: the answer, why, who was right and what they won; buttons disabled. */
export function renderReveal(
  game: GameRecord,
  question: OpenQuestion,
  results: RoundResults,
  options: { late: boolean },
): MessageBody {
  const answer = question.choices[question.correct] ?? '';
  const lines = [...questionLines(question), '', `✅ The answer: **${plainText(answer, 80)}**`];
  if (question.explanation !== null) lines.push(plainText(question.explanation, 200));
  const right = results.entries
    .filter((entry) => entry.correct)
    .sort((a, b) => b.points - a.points)
    .map(
      (entry) =>
        `<@${entry.userId}> **+${entry.points}**${entry.streak > 1 ? ` · 🔥 ${entry.streak} in a row` : ''}`,
    );
  const wrong = results.entries
    .filter((entry) => !entry.correct)
    .map((entry) => `<@${entry.userId}> picked ${plainText(question.choices[entry.choice] ?? '?', 80)}`);
  const fields =
    results.entries.length === 0
      ? [{ name: 'Answers', value: 'Nobody answered this one.' }]
      : [
          { name: `Right (${right.length})`, value: right.length === 0 ? 'Nobody.' : listMembers(right) },
          { name: `Wrong (${wrong.length})`, value: wrong.length === 0 ? 'Nobody.' : listMembers(wrong) },
        ];
  const footer = questionFooter(question) + (options.late ? ' · Revealed late: the bot was restarting' : '');
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: `${title(game)} · Time's up`,
    description: lines.join('\n'),
    fields,
    footer: { text: footer },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, true)] };
}

/** The open question of a game that was stopped: closed without points, the answer shown. */
export function renderStoppedQuestion(game: GameRecord, question: OpenQuestion): MessageBody {
  const answer = question.choices[question.correct] ?? '';
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: `${title(game)} · Stopped`,
    description: [
      ...questionLines(question),
      '',
      `The game was stopped before the deadline, so this question scores nothing. The answer was **${plainText(answer, 80)}**.`,
    ].join('\n'),
    footer: { text: questionFooter(question) },
  };
  return { embeds: [embed], components: [choiceButtons(game, question, true)] };
}

/** The reply to `/trivia play`. */
export function renderStart(game: GameRecord, answerSeconds: number): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: '🎲 Trivia time',
    description:
      `<@${game.starterId}> started a game: **${game.rounds}** round${game.rounds === 1 ? '' : 's'} · ` +
      `${describeFilter(game.filter)} · ${answerSeconds} s to answer each. The first question is below.`,
    footer: { text: 'Points for a right answer, more for a fast one, more again for a streak.' },
  };
  return { embeds: [embed] };
}

const END_WORDS: Record<EndReason, (game: GameRecord, by?: string) => string> = {
  finished: (game) => `All ${game.rounds} round${game.rounds === 1 ? '' : 's'} played.`,
  quiet: () => 'Nobody answered two questions in a row, so the game ended.',
  stopped: (_game, by) => (by === undefined ? 'The game was stopped.' : `Stopped by <@${by}>.`),
  interrupted: () =>
    'The bot was offline for a while in the middle of this game, so it ended after revealing the last question.',
  'no-questions': () => 'There are no questions left to ask with these settings.',
  unreachable: () => 'I can no longer post in this channel.',
};

const MEDALS = ['🥇', '🥈', '🥉'];

/** The end of a game: why, and who won what in it. */
export function renderGameOver(game: GameRecord, reason: EndReason, by?: string): MessageBody {
  const table = standings(game)
    .slice(0, 10)
    .map(
      (entry, index) =>
        `${MEDALS[index] ?? `**${index + 1}.**`} <@${entry.userId}> · ${number(entry.points)} points`,
    );
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: 'Trivia over',
    description: `${END_WORDS[reason](game, by)}\n\n${table.length === 0 ? 'Nobody scored in this game.' : table.join('\n')}`,
    footer: { text: 'All scores: /trivia leaderboard · Your own: /trivia stats' },
  };
  return { embeds: [embed] };
}

/** "May 2026" for "2026-05". */
export function monthLabel(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (monthNumber ?? 1) - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const periodLabel = (period: string): string => (period === ALL_TIME ? 'All time' : monthLabel(period));

/** The custom id of a leaderboard paging button (the server comes from the interaction, never from here). */
export const leaderboardButtonId = (period: string, page: number, which: 'prev' | 'next'): string =>
  `trivia:lb:${period}:${page}:${which}`;

function pagingRow(
  page: number,
  pages: number,
  id: (page: number, which: 'prev' | 'next') => string,
): ButtonRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        custom_id: id(Math.max(0, page - 1), 'prev'),
        label: 'Previous',
        style: ButtonStyle.Secondary,
        disabled: page <= 0,
      },
      {
        type: ComponentType.Button,
        custom_id: id(Math.min(pages - 1, page + 1), 'next'),
        label: 'Next',
        style: ButtonStyle.Secondary,
        disabled: page >= pages - 1,
      },
    ],
  };
}

/** One page of a leaderboard, with paging buttons when there is more than one page. */
export function renderLeaderboard(period: string, board: LeaderboardPage): MessageBody {
  const lines = board.entries.map(
    ({ rank, userId, totals }) =>
      `${MEDALS[rank - 1] ?? `**${rank}.**`} <@${userId}> · **${number(totals.points)}** points · ` +
      `${number(totals.correct)}/${number(totals.answered)} right · best streak ${totals.best}`,
  );
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: `Trivia leaderboard · ${periodLabel(period)}`,
    description: lines.length === 0 ? 'No scores yet. Start a game with `/trivia play`.' : lines.join('\n'),
    footer: {
      text: `Page ${board.page + 1} of ${board.pages} · ${number(board.members)} member${board.members === 1 ? '' : 's'} scored`,
    },
  };
  return {
    embeds: [embed],
    components:
      board.pages > 1
        ? [pagingRow(board.page, board.pages, (page, which) => leaderboardButtonId(period, page, which))]
        : [],
  };
}

function statsField(
  name: string,
  ranked: RankedMember | undefined,
  members: number,
): { name: string; value: string } {
  if (ranked === undefined) return { name, value: 'No answers yet.' };
  const { totals } = ranked;
  const accuracy = totals.answered === 0 ? 0 : Math.round((100 * totals.correct) / totals.answered);
  return {
    name,
    value: [
      `Rank **#${ranked.rank}** of ${number(members)}`,
      `**${number(totals.points)}** points`,
      `${number(totals.correct)} of ${number(totals.answered)} right (${accuracy}%)`,
      `Streak ${totals.streak} · best ${totals.best}`,
    ].join('\n'),
  };
}

/** A member's totals, all time and this month. */
export function renderStats(
  userId: string,
  allTime: { ranked: RankedMember | undefined; members: number },
  month: { period: string; ranked: RankedMember | undefined; members: number },
): MessageBody {
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: 'Trivia stats',
    description: `<@${userId}>`,
    fields: [
      statsField('All time', allTime.ranked, allTime.members),
      statsField(monthLabel(month.period), month.ranked, month.members),
    ].map((field) => ({ ...field, inline: true })),
  };
  return { embeds: [embed] };
}

export const QUESTIONS_PAGE_SIZE = 5;

/** The custom id of a question-list paging button (handled by /config). */
export const questionsButtonId = (page: number, which: 'prev' | 'next'): string =>
  `config:questions:page:${page}:${which}`;

/** One page of a server's own questions. */
export function renderQuestionList(questions: readonly CustomQuestion[], page: number): MessageBody {
  const pages = Math.max(1, Math.ceil(questions.length / QUESTIONS_PAGE_SIZE));
  const current = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const shown = questions.slice(current * QUESTIONS_PAGE_SIZE, (current + 1) * QUESTIONS_PAGE_SIZE);
  const blocks = shown.map((q) => {
    const category = isCategory(q.category) ? CATEGORY_LABELS[q.category] : q.category;
    const difficulty = isDifficulty(q.difficulty) ? DIFFICULTY_LABELS[q.difficulty] : q.difficulty;
    return (
      `\`${q.id}\` · ${category} · ${difficulty}\n**${plainText(q.question, 300)}**\n` +
      `✅ ${plainText(q.answer, 80)} · ✗ ${q.wrong.map((w) => plainText(w, 80)).join(' · ✗ ')}`
    );
  });
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: `This server's trivia questions (${questions.length})`,
    description:
      blocks.length === 0 ? 'None yet. Add one with `/config questions add`.' : blocks.join('\n\n'),
    footer: { text: `Page ${current + 1} of ${pages}` },
  };
  return {
    embeds: [embed],
    components: pages > 1 ? [pagingRow(current, pages, questionsButtonId)] : [],
  };
}

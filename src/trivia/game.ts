/**
 * A game in one channel, as stored, and the pure steps of its life: ask a question (shuffled choices, a
 * deadline), take an answer (once per member, before the deadline), work out the round's results, move on.
 * Nothing here reads a clock or the store; the service passes instants in and saves what comes out.
 */
import type { Locale } from '../i18n/index.js';
import type { PoolFilter, PoolQuestion } from './questions.js';
import { scoreAnswer } from './scoring.js';
import { monthOf } from './scores.js';

/** Why a game ended. */
export type EndReason = 'finished' | 'quiet' | 'stopped' | 'interrupted' | 'no-questions' | 'unreachable';

export interface AnswerRecord {
  userId: string;
  /** Index into the question's `choices`. */
  choice: number;
  /** ISO 8601. */
  at: string;
}

export interface ResultEntry {
  userId: string;
  choice: number;
  correct: boolean;
  points: number;
  /** The member's all-time streak after this round. */
  streak: number;
}

/** A round's outcome, worked out once at the deadline and stored before any total changes. */
export interface RoundResults {
  /** `<game id>:<round>`: each score record applies a round at most once. */
  roundId: string;
  /** The calendar month (UTC) the round counts for. */
  month: string;
  entries: ResultEntry[];
}

/** The question open in a game (or just closed, awaiting its reveal). */
export interface OpenQuestion {
  /** The question's id in its pool (`cast-luke-actor`, `custom-3`). */
  id: string;
  /** A copy of the question, so the reveal works even if a custom question is removed meanwhile. */
  text: string;
  choices: string[];
  correct: number;
  explanation: string | null;
  category: PoolQuestion['category'];
  difficulty: PoolQuestion['difficulty'];
  /** Absent in games stored by earlier versions, which are then shown without them. */
  film?: PoolQuestion['film'];
  rumour?: boolean;
  custom: boolean;
  messageId: string;
  askedAt: string;
  deadline: string;
  /**
   * Stored empty: the answers have keys of their own (see answers.ts), so taking one never rewrites the game. Answers
   * an earlier version kept here still count. `TriviaService.game` fills it in with every answer.
   */
  answers: AnswerRecord[];
  results?: RoundResults;
  /** Stored with `results`: how many pages of answers the round wrote, which the reveal then deletes. */
  answerPages?: number;
}

/** What is stored under `gameKey(guildId, channelId)` while a game runs. */
export interface GameRecord {
  version: 1;
  /** Random; part of every button's custom id, so a button of an earlier game never counts in a later one. */
  id: string;
  guildId: string;
  channelId: string;
  starterId: string;
  filter: PoolFilter;
  rounds: number;
  /** The round being played or just played, from 1. */
  round: number;
  answerMs: number;
  /** Rounds in a row that nobody answered. */
  quietRounds: number;
  /** Ids of the questions this game has asked. */
  asked: string[];
  /** Points won in this game, by member. */
  points: Record<string, number>;
  startedAt: string;
  /** `question`: a question is open (or awaiting its reveal); `pause`: waiting for the next round. */
  phase: 'question' | 'pause';
  question?: OpenQuestion;
  /** In the pause: when the next question comes (ISO 8601). */
  nextAt?: string;
  /** The language the channel reads the game in (the server's); English for games stored before languages. */
  locale?: Locale;
}

/** A game ends after this many rounds in a row without any answer. */
export const QUIET_ROUNDS_LIMIT = 2;

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

/** A question ready to post: its choices shuffled, its deadline set (the message id comes once posted). */
export function openQuestion(
  question: PoolQuestion,
  options: { askedAt: Date; answerMs: number; random: () => number },
): Omit<OpenQuestion, 'messageId'> {
  const choices = shuffled([question.answer, ...question.wrong], options.random);
  return {
    id: question.id,
    text: question.question,
    choices,
    correct: choices.indexOf(question.answer),
    explanation: question.explanation,
    category: question.category,
    difficulty: question.difficulty,
    film: question.film,
    rumour: question.rumour,
    custom: question.custom,
    askedAt: options.askedAt.toISOString(),
    deadline: new Date(options.askedAt.getTime() + options.answerMs).toISOString(),
    answers: [],
  };
}

/** What a click on an answer button comes to. */
export type AnswerOutcome =
  | { kind: 'locked'; answer: AnswerRecord; choice: number }
  | { kind: 'already'; choice: number }
  | { kind: 'closed' }
  | { kind: 'late' }
  | { kind: 'over' };

/** Where a click came from and what it says; every part is checked against the game. */
export interface AnswerClick {
  gameId: string;
  round: number;
  messageId: string;
  userId: string;
  choice: number;
  at: Date;
}

/**
 * Takes a member's answer: only for the open question of this game, before its deadline, once per member
 * (`answerOf` tells a member's earlier answer to that question). The caller stores the answer it returns.
 */
export function takeAnswer(
  game: GameRecord | undefined,
  click: AnswerClick,
  answerOf: (userId: string) => AnswerRecord | undefined,
): AnswerOutcome {
  if (game === undefined || game.id !== click.gameId) return { kind: 'over' };
  const question = game.question;
  if (
    game.phase !== 'question' ||
    question === undefined ||
    game.round !== click.round ||
    question.messageId !== click.messageId ||
    question.results !== undefined
  ) {
    return { kind: 'closed' };
  }
  const earlier = answerOf(click.userId);
  if (earlier !== undefined) return { kind: 'already', choice: earlier.choice };
  if (click.at.getTime() >= Date.parse(question.deadline)) return { kind: 'late' };
  if (!Number.isInteger(click.choice) || click.choice < 0 || click.choice >= question.choices.length) {
    return { kind: 'closed' };
  }
  const answer: AnswerRecord = { userId: click.userId, choice: click.choice, at: click.at.toISOString() };
  return { kind: 'locked', choice: click.choice, answer };
}

/** The round's results from its answers (in the order they came), given each answerer's streak before it. */
export function roundResults(
  game: GameRecord,
  question: OpenQuestion,
  answers: readonly AnswerRecord[],
  streaks: ReadonlyMap<string, number>,
): RoundResults {
  const askedAt = new Date(question.askedAt);
  const deadline = new Date(question.deadline);
  const entries = answers.map((answer) => {
    const scored = scoreAnswer({
      correct: answer.choice === question.correct,
      askedAt,
      answeredAt: new Date(answer.at),
      deadline,
      streakBefore: streaks.get(answer.userId) ?? 0,
    });
    return {
      userId: answer.userId,
      choice: answer.choice,
      correct: scored.correct,
      points: scored.points,
      streak: scored.streak,
    };
  });
  return { roundId: `${game.id}:${game.round}`, month: monthOf(deadline), entries };
}

/**
 * The game after a revealed round: its points added, the quiet-round count updated, and either the next pause
 * or the reason it ends.
 */
export function afterReveal(
  game: GameRecord,
  results: RoundResults,
  options: { now: Date; pauseMs: number; interrupted: boolean },
): { game: GameRecord; end?: EndReason } {
  const points = { ...game.points };
  for (const entry of results.entries) points[entry.userId] = (points[entry.userId] ?? 0) + entry.points;
  const quietRounds = results.entries.length === 0 ? game.quietRounds + 1 : 0;
  const { question: _closed, ...rest } = game;
  const next: GameRecord = {
    ...rest,
    points,
    quietRounds,
    phase: 'pause',
    nextAt: new Date(options.now.getTime() + options.pauseMs).toISOString(),
  };
  if (game.round >= game.rounds) return { game: next, end: 'finished' };
  if (quietRounds >= QUIET_ROUNDS_LIMIT) return { game: next, end: 'quiet' };
  if (options.interrupted) return { game: next, end: 'interrupted' };
  return { game: next };
}

/** The game's members by points won, best first. */
export function standings(game: Pick<GameRecord, 'points'>): { userId: string; points: number }[] {
  return Object.entries(game.points)
    .map(([userId, points]) => ({ userId, points }))
    .sort((a, b) => b.points - a.points || (a.userId < b.userId ? -1 : 1));
}

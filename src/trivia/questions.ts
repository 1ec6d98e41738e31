/**
 * The questions a game can ask: the built-in ones (data/trivia.json) and a server's own, in one shape, and the
 * pool a game draws from given its filters and the server's source setting.
 */
import { TRIVIA_CATEGORIES, type TriviaQuestion } from '../content/schemas.js';
import { t, type Locale, type MessageKey } from '../i18n/index.js';
import type { TriviaSource } from '../settings/definitions.js';

export type Category = (typeof TRIVIA_CATEGORIES)[number];
export type Difficulty = TriviaQuestion['difficulty'];
/** Which film a built-in question is about. */
export type Film = TriviaQuestion['film'];
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const satisfies readonly Difficulty[];
export { TRIVIA_CATEGORIES };
export type { TriviaSource };

const CATEGORY_KEYS: Record<Category, MessageKey> = {
  cast: 'trivia.category.cast',
  'original-film': 'trivia.category.original-film',
  sequel: 'trivia.category.sequel',
  music: 'trivia.category.music',
  'behind-the-scenes': 'trivia.category.behind-the-scenes',
};

const DIFFICULTY_KEYS: Record<Difficulty, MessageKey> = {
  easy: 'trivia.difficulty.easy',
  medium: 'trivia.difficulty.medium',
  hard: 'trivia.difficulty.hard',
};

const FILM_KEYS: Record<Film, MessageKey> = {
  original: 'trivia.film.original',
  sequel: 'trivia.film.sequel',
  both: 'trivia.film.both',
};

const inEnglish = <K extends string>(keys: Record<K, MessageKey>): Record<K, string> =>
  Object.fromEntries(Object.entries<MessageKey>(keys).map(([name, key]) => [name, t('en', key)])) as Record<
    K,
    string
  >;

/** Each category's name in English (command choices; the picker's translations come from the resource files). */
export const CATEGORY_LABELS = inEnglish(CATEGORY_KEYS);
export const DIFFICULTY_LABELS = inEnglish(DIFFICULTY_KEYS);
/** Which film a question is about, as shown on the question and its reveal (English). */
export const FILM_LABELS = inEnglish(FILM_KEYS);

/** A category's name in `locale`. */
export const categoryLabel = (category: Category, locale: Locale): string =>
  t(locale, CATEGORY_KEYS[category]);
/** A difficulty's name in `locale`. */
export const difficultyLabel = (difficulty: Difficulty, locale: Locale): string =>
  t(locale, DIFFICULTY_KEYS[difficulty]);

/** Shown on a question that rests on a rumor, and again on its reveal, so the answer is never taken as fact. */
export const RUMOR_NOTICE = t('en', 'trivia.rumorNotice');

/** The footer of a question wherever it is shown: category, difficulty, and the film it is about (if known). */
export function questionLabels(
  question: Pick<PoolQuestion, 'category' | 'difficulty' | 'custom'> & { film?: Film | null },
  locale: Locale = 'en',
): string[] {
  const labels = [categoryLabel(question.category, locale), difficultyLabel(question.difficulty, locale)];
  if (question.film !== undefined && question.film !== null) labels.push(t(locale, FILM_KEYS[question.film]));
  if (question.custom) labels.push(t(locale, 'trivia.customQuestion'));
  return labels;
}

/** Each trivia source's name: the `/config trivia source:` choice, the same words wherever the setting is shown. */
const SOURCE_KEYS: Record<TriviaSource, MessageKey> = {
  'built-in': 'commands.config.trivia.source.choices.built-in',
  custom: 'commands.config.trivia.source.choices.custom',
  both: 'commands.config.trivia.source.choices.both',
};

/** Each trivia source's name in English (the command's choices; the picker's translations come from the files). */
export const SOURCE_LABELS = inEnglish(SOURCE_KEYS);
/** A trivia source's name in `locale`. */
export const sourceLabel = (source: TriviaSource, locale: Locale): string => t(locale, SOURCE_KEYS[source]);

/** A question as a game sees it, whichever source it comes from. */
export interface PoolQuestion {
  id: string;
  question: string;
  answer: string;
  wrong: readonly [string, string, string];
  category: Category;
  difficulty: Difficulty;
  /** Shown at the reveal; custom questions have none. */
  explanation: string | null;
  /** The film the question is about; custom questions do not say. */
  film: Film | null;
  /** Whether the question rests on a rumor: shown on the question and its reveal. */
  rumour: boolean;
  custom: boolean;
}

/** What a game asks for: a category and a difficulty (or any), from the server's chosen source. */
export interface PoolFilter {
  category: Category | 'any';
  difficulty: Difficulty | 'any';
  source: TriviaSource;
}

export function fromBuiltIn(question: TriviaQuestion): PoolQuestion {
  return poolQuestion(question, {
    explanation: question.explanation,
    film: question.film,
    rumour: question.rumour,
    custom: false,
  });
}

/** The fields a game needs, copied (a stored or built-in question may carry more). */
export function poolQuestion(
  question: Pick<PoolQuestion, 'id' | 'question' | 'answer' | 'wrong' | 'category' | 'difficulty'>,
  origin: Pick<PoolQuestion, 'explanation' | 'film' | 'rumour' | 'custom'>,
): PoolQuestion {
  return {
    id: question.id,
    question: question.question,
    answer: question.answer,
    wrong: question.wrong,
    category: question.category,
    difficulty: question.difficulty,
    ...origin,
  };
}

/** The questions matching the filter, built-in first, in a stable order. */
export function eligiblePool(
  builtIn: readonly PoolQuestion[],
  custom: readonly PoolQuestion[],
  filter: PoolFilter,
): PoolQuestion[] {
  const sources =
    filter.source === 'built-in' ? builtIn : filter.source === 'custom' ? custom : [...builtIn, ...custom];
  return sources.filter(
    (question) =>
      (filter.category === 'any' || question.category === filter.category) &&
      (filter.difficulty === 'any' || question.difficulty === filter.difficulty),
  );
}

/** "Cast · Easy", "Any category · Any difficulty". */
export function describeFilter(
  filter: Pick<PoolFilter, 'category' | 'difficulty'>,
  locale: Locale = 'en',
): string {
  const category =
    filter.category === 'any' ? t(locale, 'trivia.anyCategory') : categoryLabel(filter.category, locale);
  const difficulty =
    filter.difficulty === 'any'
      ? t(locale, 'trivia.anyDifficulty')
      : difficultyLabel(filter.difficulty, locale);
  return t(locale, 'trivia.filter', { category, difficulty });
}

export function isCategory(text: string): text is Category {
  return (TRIVIA_CATEGORIES as readonly string[]).includes(text);
}

export function isDifficulty(text: string): text is Difficulty {
  return (DIFFICULTIES as readonly string[]).includes(text);
}

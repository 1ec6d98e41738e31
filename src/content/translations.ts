/**
 * The built-in content in a reader's language. Translations (`data/i18n/<locale>/*.json`, see
 * `src/content/schemas.ts`) are overlays keyed by the English entry's id; each field falls back on its own, along
 * the language's chain (es-419 → es-ES → English), so a half-translated entry still reads whole.
 */
import type { Locale } from '../i18n/index.js';
import { LocaleMemo } from '../i18n/memo.js';
import type { Content } from './load.js';
import {
  isDescribedPart,
  type CastMember,
  type CastTranslation,
  type Release,
  type ReleaseTranslation,
  type TriviaQuestion,
  type TriviaTranslation,
} from './schemas.js';

/** One language's translations of the content files it has. */
export interface Translation {
  cast?: CastTranslation;
  release?: ReleaseTranslation;
  trivia?: TriviaTranslation;
}

export type ContentTranslations = Partial<Record<Exclude<Locale, 'en'>, Translation>>;

/** The content as one language reads it: the same shape as the English. */
export type LocalContent = Omit<Content, 'translations'>;

/** Where a language's content falls back to before English. */
const CONTENT_FALLBACKS: Record<Exclude<Locale, 'en'>, readonly Exclude<Locale, 'en'>[]> = {
  'pt-BR': [],
  'es-ES': [],
  'es-419': ['es-ES'],
  fr: [],
  de: [],
};

const contentCache = new LocaleMemo<Content, LocalContent>();
const castCache = new LocaleMemo<readonly CastMember[], readonly CastMember[]>();
const releaseCache = new LocaleMemo<Release, Release>();

/**
 * The built-in content in `locale`, every translatable field in that language where a translation has it, else in
 * English. Worked out once per language and kept: a reply only picks from it.
 */
export function contentIn(content: Content, locale: Locale): LocalContent {
  if (locale === 'en' || content.translations === undefined) return content;
  return contentCache.get(content, locale, () => ({
    cast: castIn(content, content.cast, locale),
    release: releaseIn(content, content.release, locale),
    trivia: content.trivia.map((question) => translateQuestion(question, translationChain(content, locale))),
  }));
}

/**
 * `cast` (the built-in cast, or the cast as the operator's news left it) in `locale`. A field whose English
 * differs from data/cast.json's (the operator changed it) stays as it is: a translation of the old text would be
 * wrong.
 */
export function castIn(content: Content, cast: readonly CastMember[], locale: Locale): readonly CastMember[] {
  if (locale === 'en' || content.translations === undefined) return cast;
  return castCache.get(cast, locale, () => {
    const chain = translationChain(content, locale);
    const builtIn = new Map(content.cast.map((person) => [person.id, person]));
    return cast.map((person) => translateCast(person, chain, builtIn.get(person.id)));
  });
}

/** `release` (the built-in one, or as the operator's news left it) in `locale`, as {@link castIn} does the cast. */
export function releaseIn(content: Content, release: Release, locale: Locale): Release {
  if (locale === 'en' || content.translations === undefined) return release;
  return releaseCache.get(release, locale, () =>
    translateRelease(release, translationChain(content, locale), content.release),
  );
}

/** The first of `values` that is given, else the English; the English alone when it is not the built-in text. */
function pick<T>(english: T, builtIn: T | undefined, ...values: (T | undefined)[]): T {
  if (english !== builtIn) return english;
  return values.find((value) => value !== undefined) ?? english;
}

function translateCast(
  person: CastMember,
  chain: readonly Translation[],
  builtIn: CastMember | undefined,
): CastMember {
  const entries = chain.map((translation) => translation.cast?.people[person.id]);
  const film = (which: 'original' | 'sequel') => {
    const english = person.films[which];
    return english === null
      ? null
      : pick(english, builtIn?.films[which] ?? undefined, ...entries.map((entry) => entry?.films?.[which]));
  };
  return {
    ...person,
    character: isDescribedPart(person.character)
      ? pick(person.character, builtIn?.character ?? undefined, ...entries.map((entry) => entry?.character))
      : person.character,
    job:
      person.job === null
        ? null
        : pick(person.job, builtIn?.job ?? undefined, ...entries.map((entry) => entry?.job)),
    statusNote: pick(person.statusNote, builtIn?.statusNote, ...entries.map((entry) => entry?.statusNote)),
    films: { original: film('original'), sequel: film('sequel') },
  };
}

function translateRelease(release: Release, chain: readonly Translation[], builtIn: Release): Release {
  const overlays = chain.map((translation) => translation.release);
  const builtInMilestones = new Map(builtIn.milestones.map((milestone) => [milestone.id, milestone]));
  return {
    ...release,
    window: {
      ...release.window,
      label: pick(
        release.window.label,
        builtIn.window.label,
        ...overlays.map((overlay) => overlay?.window?.label),
      ),
      reading: pick(
        release.window.reading,
        builtIn.window.reading,
        ...overlays.map((overlay) => overlay?.window?.reading),
      ),
    },
    milestones: release.milestones.map((milestone) => {
      const entries = overlays.map((overlay) => overlay?.milestones?.[milestone.id]);
      const original = builtInMilestones.get(milestone.id);
      return {
        ...milestone,
        label: pick(milestone.label, original?.label, ...entries.map((entry) => entry?.label)),
        note: pick(milestone.note, original?.note, ...entries.map((entry) => entry?.note)),
      };
    }),
  };
}

function translateQuestion(question: TriviaQuestion, chain: readonly Translation[]): TriviaQuestion {
  const entries = chain.map((translation) => translation.trivia?.questions[question.id]);
  // The answer and the wrong ones come from the same translation, so the four buttons never mix languages.
  const choices = entries.find((entry) => entry?.answer !== undefined && entry.wrong !== undefined);
  return {
    ...question,
    question: pick(question.question, question.question, ...entries.map((entry) => entry?.question)),
    answer: choices?.answer ?? question.answer,
    wrong: choices?.wrong ?? question.wrong,
    explanation: pick(
      question.explanation,
      question.explanation,
      ...entries.map((entry) => entry?.explanation),
    ),
  };
}

/**
 * What is wrong with a language's translation against the English, as "<file>: <where>: <fault>", or undefined:
 * an id the English doesn't have, a field the English entry doesn't have (a job for an actor), or answers only
 * half given (the answer without the wrong ones, or the other way round).
 */
export function checkTranslation(english: LocalContent, translation: Translation): string | undefined {
  const people = new Map(english.cast.map((person) => [person.id, person]));
  for (const [id, entry] of Object.entries(translation.cast?.people ?? {})) {
    const person = people.get(id);
    if (person === undefined) return `cast.json: people.${id}: no such id in data/cast.json`;
    if (entry.character !== undefined && !isDescribedPart(person.character))
      return `cast.json: people.${id}.character: only a part described in words is translated, not a name`;
    if (entry.job !== undefined && person.job === null)
      return `cast.json: people.${id}.job: the English has none`;
    for (const film of ['original', 'sequel'] as const) {
      if (entry.films?.[film] !== undefined && person.films[film] === null)
        return `cast.json: people.${id}.films.${film}: the English has none`;
    }
  }
  const milestones = new Set(english.release.milestones.map((milestone) => milestone.id));
  for (const id of Object.keys(translation.release?.milestones ?? {})) {
    if (!milestones.has(id)) return `release.json: milestones.${id}: no such id in data/release.json`;
  }
  const questions = new Set(english.trivia.map((question) => question.id));
  for (const [id, entry] of Object.entries(translation.trivia?.questions ?? {})) {
    if (!questions.has(id)) return `trivia.json: questions.${id}: no such id in data/trivia.json`;
    if ((entry.answer === undefined) !== (entry.wrong === undefined))
      return `trivia.json: questions.${id}: give the answer and the three wrong ones together`;
  }
  return undefined;
}

/**
 * What a language has not translated yet, as paths ("trivia.json: questions.cast-luke-actor.explanation"): the
 * completeness check of the tests, and a to-do list for translators. es-419 counts es-ES's translations as its own.
 */
export function untranslated(english: LocalContent, chain: readonly Translation[]): string[] {
  const has = (get: (translation: Translation) => unknown) =>
    chain.some((translation) => get(translation) !== undefined);
  const missing: string[] = [];
  for (const person of english.cast) {
    const at = (field: string) => `cast.json: people.${person.id}.${field}`;
    if (isDescribedPart(person.character) && !has((tr) => tr.cast?.people[person.id]?.character))
      missing.push(at('character'));
    if (person.job !== null && !has((tr) => tr.cast?.people[person.id]?.job)) missing.push(at('job'));
    if (!has((tr) => tr.cast?.people[person.id]?.statusNote)) missing.push(at('statusNote'));
    for (const film of ['original', 'sequel'] as const) {
      if (person.films[film] !== null && !has((tr) => tr.cast?.people[person.id]?.films?.[film]))
        missing.push(at(`films.${film}`));
    }
  }
  if (!has((tr) => tr.release?.window?.label)) missing.push('release.json: window.label');
  if (!has((tr) => tr.release?.window?.reading)) missing.push('release.json: window.reading');
  for (const milestone of english.release.milestones) {
    for (const field of ['label', 'note'] as const) {
      if (!has((tr) => tr.release?.milestones?.[milestone.id]?.[field]))
        missing.push(`release.json: milestones.${milestone.id}.${field}`);
    }
  }
  for (const question of english.trivia) {
    for (const field of ['question', 'answer', 'wrong', 'explanation'] as const) {
      if (!has((tr) => tr.trivia?.questions[question.id]?.[field]))
        missing.push(`trivia.json: questions.${question.id}.${field}`);
    }
  }
  return missing;
}

/** The translations a language reads, its own first (es-419: then es-ES's). */
export function translationChain(content: Content, locale: Exclude<Locale, 'en'>): Translation[] {
  const translations = content.translations ?? {};
  return [locale, ...CONTENT_FALLBACKS[locale]]
    .map((lng) => translations[lng])
    .filter((translation) => translation !== undefined);
}

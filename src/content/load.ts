/**
 * Loads and validates every `data/*.json` at start-up, and their translations in `data/i18n/<locale>/`. A bad
 * file stops the bot with a message that names the file, the entry and the fault, e.g.
 * `data/cast.json: people[3] (idris-elba).status: Invalid option ...`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../config.js';
import { LOCALES, type Locale } from '../i18n/index.js';
import {
  castFileSchema,
  castTranslationSchema,
  releaseFileSchema,
  releaseTranslationSchema,
  triviaFileSchema,
  triviaTranslationSchema,
  type CastMember,
  type Release,
  type TriviaQuestion,
} from './schemas.js';
import { checkTranslation, type ContentTranslations, type Translation } from './translations.js';

/** All built-in content, validated. */
export interface Content {
  cast: readonly CastMember[];
  release: Release;
  trivia: readonly TriviaQuestion[];
  /** Each language's translations (absent: English only); read them through `contentIn` (./translations.ts). */
  translations?: ContentTranslations;
}

/** Each translation file of a language (`data/i18n/<locale>/<file>`) and the schema it must satisfy. */
export const TRANSLATION_FILES = {
  'cast.json': castTranslationSchema,
  'release.json': releaseTranslationSchema,
  'trivia.json': triviaTranslationSchema,
} as const;

/** Each content file and the schema it must satisfy. */
export const CONTENT_FILES = {
  'cast.json': castFileSchema,
  'release.json': releaseFileSchema,
  'trivia.json': triviaFileSchema,
} as const;

type ContentFile = keyof typeof CONTENT_FILES;

/** Reads `dataDir`'s content files; throws a {@link ConfigError} naming the first fault of each bad file. */
export async function loadContent(dataDir: string): Promise<Content> {
  const [cast, release, trivia] = await Promise.all([
    loadFile(dataDir, 'cast.json'),
    loadFile(dataDir, 'release.json'),
    loadFile(dataDir, 'trivia.json'),
  ]);
  const english = { cast: cast.people, release, trivia: trivia.questions };
  const translations: ContentTranslations = {};
  await Promise.all(
    LOCALES.filter((locale) => locale !== 'en').map(async (locale) => {
      translations[locale] = await loadTranslation(dataDir, locale, english);
    }),
  );
  return { ...english, translations };
}

/** One language's translation files; a file not there yet leaves that content in English. */
async function loadTranslation(
  dataDir: string,
  locale: Exclude<Locale, 'en'>,
  english: Omit<Content, 'translations'>,
): Promise<Translation> {
  const folder = path.join(dataDir, 'i18n', locale);
  const read = async <F extends keyof typeof TRANSLATION_FILES>(
    file: F,
  ): Promise<z.infer<(typeof TRANSLATION_FILES)[F]> | undefined> => {
    const shown = `data/i18n/${locale}/${file}`;
    const json = await readJson(folder, file, shown, true);
    return json === undefined
      ? undefined
      : (parse(json, TRANSLATION_FILES[file], shown) as z.infer<(typeof TRANSLATION_FILES)[F]>);
  };
  const [cast, release, trivia] = await Promise.all([
    read('cast.json'),
    read('release.json'),
    read('trivia.json'),
  ]);
  const translation: Translation = {
    ...(cast !== undefined ? { cast } : {}),
    ...(release !== undefined ? { release } : {}),
    ...(trivia !== undefined ? { trivia } : {}),
  };
  const fault = checkTranslation(english, translation);
  if (fault !== undefined) throw new ConfigError(`data/i18n/${locale}/${fault}.`);
  return translation;
}

async function loadFile<F extends ContentFile>(
  dataDir: string,
  file: F,
): Promise<z.infer<(typeof CONTENT_FILES)[F]>> {
  const shown = `data/${file}`;
  const json = await readJson(dataDir, file, shown, false);
  return parse(json, CONTENT_FILES[file], shown) as z.infer<(typeof CONTENT_FILES)[F]>;
}

/** The file's JSON; undefined for a missing file when it is `optional`. */
async function readJson(folder: string, file: string, shown: string, optional: boolean): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(path.join(folder, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (optional && code === 'ENOENT') return undefined;
    throw new ConfigError(`${shown}: cannot be read (${code ?? 'error'}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${shown}: is not valid JSON (${(error as Error).message}).`);
  }
  return json;
}

function parse(json: unknown, schema: z.ZodType, shown: string): unknown {
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 3).map((issue) => describeIssue(json, issue));
    const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
    throw new ConfigError(`${shown}: ${problems.join('; ')}${more}.`);
  }
  return result.data;
}

/** "people[3] (idris-elba).status: <fault>": the entry's index and, when it has one, its id. */
function describeIssue(json: unknown, issue: z.core.$ZodIssue): string {
  let location = '';
  let node: unknown = json;
  for (const key of issue.path) {
    node =
      typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      const id = typeof node === 'object' && node !== null ? (node as { id?: unknown }).id : undefined;
      location += typeof id === 'string' ? `[${key}] (${id})` : `[${key}]`;
    } else {
      location += location === '' ? String(key) : `.${String(key)}`;
    }
  }
  return `${location === '' ? 'top level' : location}: ${issue.message}`;
}

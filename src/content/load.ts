/**
 * Loads and validates every `data/*.json` at start-up. A bad file stops the bot with a message that names the
 * file, the entry and the fault, e.g. `data/cast.json: people[3] (idris-elba).status: Invalid option ...`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../config.js';
import {
  castFileSchema,
  releaseFileSchema,
  triviaFileSchema,
  type CastMember,
  type Release,
  type TriviaQuestion,
} from './schemas.js';

/** All built-in content, validated. */
export interface Content {
  cast: readonly CastMember[];
  release: Release;
  trivia: readonly TriviaQuestion[];
}

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
  return { cast: cast.people, release, trivia: trivia.questions };
}

async function loadFile<F extends ContentFile>(
  dataDir: string,
  file: F,
): Promise<z.infer<(typeof CONTENT_FILES)[F]>> {
  const shown = `data/${file}`;
  let raw: string;
  try {
    raw = await readFile(path.join(dataDir, file), 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${shown}: is not valid JSON (${(error as Error).message}).`);
  }
  const result = CONTENT_FILES[file].safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 3).map((issue) => describeIssue(json, issue));
    const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
    throw new ConfigError(`${shown}: ${problems.join('; ')}${more}.`);
  }
  return result.data as z.infer<(typeof CONTENT_FILES)[F]>;
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

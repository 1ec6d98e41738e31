/**
 * A server's own trivia questions: validated like the built-in ones (the same zod pieces of
 * `src/content/schemas.ts`: non-empty trimmed fields, a question of at most 300 characters, choices of at most
 * 80, which is Discord's limit for a button label, and four choices that differ ignoring case), stored in one
 * record per server, added and removed one at a time in turn.
 */
import { z } from 'zod';
import { triviaQuestionSchema } from '../content/schemas.js';
import type { LocalizedMessage } from '../errors.js';
import { localized, userError, userErrorListing, type MessageKey } from '../i18n/index.js';
import { plainText } from '../settings/validate.js';
import type { KeyValueStore } from '../store.js';
import { customQuestionsKey } from './keys.js';
import type { KeyedLock } from '../keyed-lock.js';
import { poolQuestion, type PoolQuestion } from './questions.js';

/** How many questions a server may add. */
export const MAX_CUSTOM_QUESTIONS = 200;

const builtIn = triviaQuestionSchema.shape;

/** What a moderator gives: the modal's five fields plus the command's category and difficulty. */
export const customQuestionInputSchema = z
  .strictObject({
    question: builtIn.question,
    answer: builtIn.answer,
    wrong: builtIn.wrong,
    category: builtIn.category,
    difficulty: builtIn.difficulty,
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, string>();
    for (const choice of [input.answer, ...input.wrong]) {
      const folded = choice.toLowerCase();
      if (seen.has(folded)) {
        ctx.addIssue({ code: 'custom', path: ['wrong'], message: `duplicate:${choice}` });
        return;
      }
      seen.set(folded, choice);
    }
  });

export type CustomQuestionInput = z.infer<typeof customQuestionInputSchema>;

export interface CustomQuestion extends CustomQuestionInput {
  /** `custom-<n>`, never reused within a server. */
  id: string;
  /** Who added it (user id) and when (ISO 8601). */
  addedBy: string;
  addedAt: string;
}

const storedQuestionSchema = customQuestionInputSchema.and(
  z.object({ id: z.string().regex(/^custom-\d+$/), addedBy: z.string(), addedAt: z.string() }),
);

/** What is stored under {@link customQuestionsKey}. */
export interface CustomQuestionsRecord {
  version: 1;
  /** The number of the next id; ids are not reused, so an old reference never points at another question. */
  nextId: number;
  questions: CustomQuestion[];
}

/** Each field's name as a problem names it, by the input's path. */
const FIELD_KEYS: Record<string, MessageKey> = {
  question: 'customQuestions.field.question',
  answer: 'customQuestions.field.answer',
  'wrong.0': 'customQuestions.field.wrong1',
  'wrong.1': 'customQuestions.field.wrong2',
  'wrong.2': 'customQuestions.field.wrong3',
  category: 'customQuestions.field.category',
  difficulty: 'customQuestions.field.difficulty',
};

/** Each problem of a refused input, as a sentence a moderator can act on (said in the moderator's language). */
function describeIssue(issue: z.core.$ZodIssue): LocalizedMessage {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'custom' && issue.message.startsWith('duplicate:')) {
    const choice = issue.message.slice('duplicate:'.length);
    return localized('customQuestions.problem.duplicate', { choice: plainText(choice, 80) });
  }
  const field = FIELD_KEYS[path];
  if (field === undefined) return localized('customQuestions.problem.other');
  if (issue.code === 'too_small') return localized('customQuestions.problem.empty', undefined, { field });
  if (issue.code === 'too_big') {
    const problem =
      path === 'question' ? 'customQuestions.problem.tooLong' : 'customQuestions.problem.tooLongForButton';
    return localized(problem, { limit: Number(issue.maximum) }, { field });
  }
  return localized('customQuestions.problem.invalid', undefined, { field });
}

/** Checks a moderator's question; returns it cleaned (trimmed) or throws a {@link UserError} listing every fault. */
export function validateCustomQuestion(input: {
  question: string;
  answer: string;
  wrong: readonly string[];
  category: string;
  difficulty: string;
}): CustomQuestionInput {
  const result = customQuestionInputSchema.safeParse({ ...input, wrong: [...input.wrong] });
  if (result.success) return result.data;
  const problems = new Map<string, LocalizedMessage>();
  for (const problem of result.error.issues.map(describeIssue))
    problems.set(JSON.stringify(problem), problem);
  throw userErrorListing('customQuestions.notAdded', [...problems.values()]);
}

export function toPoolQuestion(question: CustomQuestion): PoolQuestion {
  return poolQuestion(question, { explanation: null, film: null, rumour: false, custom: true });
}

export function readCustomQuestions(raw: unknown): CustomQuestionsRecord {
  const record: CustomQuestionsRecord = { version: 1, nextId: 1, questions: [] };
  if (typeof raw !== 'object' || raw === null) return record;
  const { nextId, questions } = raw as Record<string, unknown>;
  if (Array.isArray(questions)) {
    for (const question of questions) {
      const parsed = storedQuestionSchema.safeParse(question);
      if (parsed.success) record.questions.push(parsed.data);
    }
  }
  const highest = Math.max(0, ...record.questions.map((q) => Number(q.id.slice('custom-'.length))));
  record.nextId = Math.max(typeof nextId === 'number' && Number.isInteger(nextId) ? nextId : 1, highest + 1);
  return record;
}

const fold = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, ' ');

function requireRoom(record: CustomQuestionsRecord): void {
  if (record.questions.length >= MAX_CUSTOM_QUESTIONS) {
    throw userError('customQuestions.full', { max: MAX_CUSTOM_QUESTIONS });
  }
}

export class CustomQuestions {
  private readonly cache = new Map<string, CustomQuestionsRecord>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly lock: KeyedLock,
    private readonly now: () => Date,
  ) {}

  async list(guildId: string): Promise<readonly CustomQuestion[]> {
    return (await this.load(guildId)).questions;
  }

  /** Throws a {@link UserError} when the server already has {@link MAX_CUSTOM_QUESTIONS} questions. */
  async requireRoom(guildId: string): Promise<void> {
    requireRoom(await this.load(guildId));
  }

  /** Validates and stores a new question; resolves once it is saved. */
  async add(
    guildId: string,
    input: Parameters<typeof validateCustomQuestion>[0],
    actorId: string,
  ): Promise<CustomQuestion> {
    const valid = validateCustomQuestion(input);
    const key = customQuestionsKey(guildId);
    return this.lock.run(key, async () => {
      const current = await this.load(guildId);
      requireRoom(current);
      const same = current.questions.find((q) => fold(q.question) === fold(valid.question));
      if (same !== undefined) {
        throw userError('customQuestions.duplicate', { id: same.id });
      }
      const question: CustomQuestion = {
        ...valid,
        id: `custom-${current.nextId}`,
        addedBy: actorId,
        addedAt: this.now().toISOString(),
      };
      const next: CustomQuestionsRecord = {
        version: 1,
        nextId: current.nextId + 1,
        questions: [...current.questions, question],
      };
      await this.write(key, next);
      this.cache.set(guildId, next);
      return question;
    });
  }

  /** Removes a question; throws a {@link UserError} when there is no such question. */
  async remove(guildId: string, id: string): Promise<CustomQuestion> {
    const key = customQuestionsKey(guildId);
    return this.lock.run(key, async () => {
      const current = await this.load(guildId);
      const question = current.questions.find((q) => q.id === id.trim());
      if (question === undefined) {
        throw userError('customQuestions.noSuchQuestion', { id: plainText(id.trim(), 20) });
      }
      const next: CustomQuestionsRecord = {
        ...current,
        questions: current.questions.filter((q) => q.id !== question.id),
      };
      await this.write(key, next);
      this.cache.set(guildId, next);
      return question;
    });
  }

  /** Questions whose id or text contains the query, for autocomplete (newest first when the query is empty). */
  async search(guildId: string, query: string, limit = 25): Promise<CustomQuestion[]> {
    const questions = [...(await this.list(guildId))].reverse();
    const folded = fold(query);
    return questions
      .filter((q) => folded === '' || q.id.includes(folded) || fold(q.question).includes(folded))
      .slice(0, limit);
  }

  async forget(guildId: string): Promise<void> {
    await this.store.delete(customQuestionsKey(guildId));
    this.cache.delete(guildId);
  }

  private async load(guildId: string): Promise<CustomQuestionsRecord> {
    const cached = this.cache.get(guildId);
    if (cached !== undefined) return cached;
    const record = readCustomQuestions(await this.store.get(customQuestionsKey(guildId)));
    const landed = this.cache.get(guildId);
    if (landed !== undefined) return landed;
    this.cache.set(guildId, record);
    return record;
  }

  private async write(key: string, record: CustomQuestionsRecord): Promise<void> {
    if (!(await this.store.set(key, record))) throw new Error(`The store did not save ${key}.`);
  }
}

/**
 * Schemas of the built-in content in `data/*.json`. They are strict (unknown keys are errors) so a typo in a
 * field name is caught at start-up rather than shown to fans as a missing value.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id such as "sofia-carson"');
const isoDate = z.iso.date();

/** How sure the source article is about a fact. */
export const CAST_STATUSES = ['confirmed', 'rumored', 'in-talks'] as const;
export const CAST_GROUPS = ['main', 'supporting', 'new', 'crew'] as const;

export const castMemberSchema = z
  .strictObject({
    id: slug,
    group: z.enum(CAST_GROUPS),
    name: text(80),
    character: text(80).nullable(),
    job: text(80).nullable(),
    aliases: z.array(text(80)).max(10),
    status: z.enum(CAST_STATUSES),
    statusNote: text(300),
    films: z.strictObject({ original: text(300).nullable(), sequel: text(300).nullable() }),
  })
  .refine((person) => (person.group === 'crew') === (person.job !== null), {
    message: 'crew entries need a job and actors must not have one',
    path: ['job'],
  })
  .refine((person) => person.group === 'crew' || person.character !== null, {
    message: 'actors need a character',
    path: ['character'],
  });

export const castFileSchema = z
  .strictObject({ people: z.array(castMemberSchema).min(1) })
  .superRefine((file, ctx) => uniqueIds(file.people, ['people'], ctx));

export const releaseFileSchema = z
  .strictObject({
    title: text(100),
    studio: text(100),
    window: z.strictObject({ label: text(60), start: isoDate, end: isoDate, reading: text(300) }),
    premiere: z.iso.datetime({ offset: true }).nullable(),
    milestones: z.array(
      z.strictObject({
        id: slug,
        label: text(100),
        date: isoDate,
        precision: z.enum(['day', 'month', 'season']),
        note: text(300),
      }),
    ),
  })
  .refine((release) => release.window.start <= release.window.end, {
    message: 'the window must start on or before its end',
    path: ['window', 'end'],
  })
  .superRefine((file, ctx) => uniqueIds(file.milestones, ['milestones'], ctx));

export const TRIVIA_CATEGORIES = ['cast', 'original-film', 'sequel', 'music', 'behind-the-scenes'] as const;
/** Discord allows at most 80 characters on a button label. */
const choice = text(80);

export const triviaQuestionSchema = z
  .strictObject({
    id: slug,
    question: text(300),
    answer: choice,
    wrong: z.tuple([choice, choice, choice]),
    category: z.enum(TRIVIA_CATEGORIES),
    difficulty: z.enum(['easy', 'medium', 'hard']),
    film: z.enum(['original', 'sequel', 'both']),
    rumour: z.boolean(),
    explanation: text(200),
  })
  .refine((q) => new Set([q.answer, ...q.wrong].map((c) => c.toLowerCase())).size === 4, {
    message: 'the four choices must be distinct',
    path: ['wrong'],
  })
  .refine((q) => !q.rumour || /rumou?r|reported|whisper|in talks/i.test(q.question), {
    message: 'a question resting on a rumour must say so in its text',
    path: ['question'],
  });

export const triviaFileSchema = z
  .strictObject({ questions: z.array(triviaQuestionSchema).min(1) })
  .superRefine((file, ctx) => uniqueIds(file.questions, ['questions'], ctx));

export type CastMember = z.infer<typeof castMemberSchema>;
export type CastStatus = CastMember['status'];
export type CastGroup = CastMember['group'];
export type Release = z.infer<typeof releaseFileSchema>;
export type TriviaQuestion = z.infer<typeof triviaQuestionSchema>;

function uniqueIds(
  entries: readonly { id: string }[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) {
      ctx.addIssue({ code: 'custom', message: `duplicate id "${entry.id}"`, path: [...path, index, 'id'] });
    }
    seen.add(entry.id);
  });
}

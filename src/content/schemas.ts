/**
 * Schemas of the built-in content in `data/*.json`. They are strict (unknown keys are errors) so a typo in a
 * field name is caught at start-up rather than shown to fans as a missing value.
 */
import { z } from 'zod';

/** Member-visible text: trimmed, bounded, and in the bot's one spelling convention (US: "rumored", as the status). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/rumour/i.test(value), {
      message: 'write "rumor" (US spelling, as everywhere in the bot)',
    });
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id such as "sofia-carson"');
const isoDate = z.iso.date();

/** How sure the source article (or the operator's later news) is about a fact; `not-in-film`: a casting denied. */
export const CAST_STATUSES = ['confirmed', 'rumored', 'in-talks', 'not-in-film'] as const;
/** `source`: credits of the material the 2022 film adapted (the novel), which are not the sequel's crew. */
export const CAST_GROUPS = ['main', 'supporting', 'new', 'crew', 'source'] as const;

/**
 * Words that hedge a fact the way the article does ("rumored", "in talks", "whispers of", "a potential …"). Text
 * resting on a rumour must use one, so it reads as a rumour wherever it is shown.
 */
export const HEDGE =
  /\b(rumored|rumors?|reportedly|reported|whispers?|in talks|potential|possibly|possible|may|might)\b/i;

/** Each status's own word: a status note is shown after the status label, so it must not say it again. */
const STATUS_WORDS: Record<(typeof CAST_STATUSES)[number], RegExp> = {
  confirmed: /\bconfirm/i,
  rumored: /\brumou?r/i,
  'in-talks': /\bin talks\b/i,
  'not-in-film': /\bnot in the film\b/i,
};

/**
 * A missing fact is `null`, which the bot always shows as "The article doesn't say."; a film text that writes an
 * absence out ("Not part of the original film") would be a second, different rendering of the same unknown.
 */
const WRITTEN_OUT_ABSENCE =
  /^(not part of|nothing (is )?(announced|known)|none\b|n\/a\b|unknown\b|the article (doesn['’]t|does not) say)/i;
const filmText = text(300).refine((value) => !WRITTEN_OUT_ABSENCE.test(value), {
  message: 'a fact the article does not give is null (shown as "The article doesn\'t say."), not written out',
});

export const castMemberSchema = z
  .strictObject({
    id: slug,
    group: z.enum(CAST_GROUPS),
    name: text(80),
    /** A name ("Cassie Salazar"), or a description in lower case ("a music executive"), as it reads mid-sentence. */
    character: text(80)
      .refine((value) => !/^(A|An|The) /.test(value), {
        message: 'a described part starts in lower case ("a music executive"): it is shown mid-sentence',
      })
      .nullable(),
    job: text(80).nullable(),
    aliases: z.array(text(80)).max(10),
    status: z.enum(CAST_STATUSES),
    statusNote: text(300),
    films: z.strictObject({ original: filmText.nullable(), sequel: filmText.nullable() }),
  })
  .refine((person) => isCredit(person.group) === (person.job !== null), {
    message: 'crew and source entries need a job and actors must not have one',
    path: ['job'],
  })
  .refine((person) => isCredit(person.group) || person.character !== null, {
    message: 'actors need a character',
    path: ['character'],
  })
  .refine((person) => !STATUS_WORDS[person.status].test(person.statusNote), {
    message: 'the status note repeats the status, which is shown right before it',
    path: ['statusNote'],
  })
  .refine(
    (person) =>
      person.status === 'confirmed' || (person.films.sequel !== null && HEDGE.test(person.films.sequel)),
    {
      message: 'a rumored or in-talks person\'s sequel text must carry a hedge ("rumored to", "in talks to")',
      path: ['films', 'sequel'],
    },
  );

/**
 * Whether `character` is a part described in words ("a music executive", written in lower case), which is
 * translated, rather than a character's name ("Cassie Salazar"), which stays as it is.
 */
export function isDescribedPart(character: string | null): character is string {
  return character !== null && /^\p{Ll}/u.test(character);
}

/** Crew and source credits have a job; everyone else plays a character. */
export function isCredit(group: (typeof CAST_GROUPS)[number]): boolean {
  return group === 'crew' || group === 'source';
}

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
  .refine((q) => !q.rumour || HEDGE.test(q.question), {
    message:
      'a question resting on a rumour must say so in its text ("rumored", "reportedly", "potential"...)',
    path: ['question'],
  })
  .refine((q) => !q.rumour || HEDGE.test(q.explanation), {
    message: 'the explanation of a question resting on a rumour must say so too: it is shown on its own',
    path: ['explanation'],
  });

export const triviaFileSchema = z
  .strictObject({ questions: z.array(triviaQuestionSchema).min(1) })
  .superRefine((file, ctx) => uniqueIds(file.questions, ['questions'], ctx));

/*
 * Translations of the built-in content sit beside the English, one folder per language:
 * `data/i18n/<locale>/{cast,release,trivia}.json`. Each holds, by the English entry's id, the same translatable
 * fields with the same limits; a field left out is shown in English. Names of people, characters and songs are
 * not translated; a part described in words ("a music executive") is, as `character`. One file per language and
 * content file lets translators work at once without touching each other's files (or the English).
 */

export const castTranslationSchema = z.strictObject({
  people: z.record(
    slug,
    z.strictObject({
      /** Only for a described part ("a music executive"), never for a character's name. */
      character: text(80).optional(),
      job: text(80).optional(),
      statusNote: text(300).optional(),
      films: z.strictObject({ original: text(300).optional(), sequel: text(300).optional() }).optional(),
    }),
  ),
});

export const releaseTranslationSchema = z.strictObject({
  window: z.strictObject({ label: text(60).optional(), reading: text(300).optional() }).optional(),
  milestones: z
    .record(slug, z.strictObject({ label: text(100).optional(), note: text(300).optional() }))
    .optional(),
});

export const triviaTranslationSchema = z.strictObject({
  questions: z.record(
    slug,
    z
      .strictObject({
        question: text(300).optional(),
        answer: choice.optional(),
        wrong: z.tuple([choice, choice, choice]).optional(),
        explanation: text(200).optional(),
      })
      .refine(
        (q) =>
          q.answer === undefined ||
          q.wrong === undefined ||
          new Set([q.answer, ...q.wrong].map((c) => c.toLowerCase())).size === 4,
        { message: 'the four choices must be distinct', path: ['wrong'] },
      ),
  ),
});

export type CastTranslation = z.infer<typeof castTranslationSchema>;
export type ReleaseTranslation = z.infer<typeof releaseTranslationSchema>;
export type TriviaTranslation = z.infer<typeof triviaTranslationSchema>;

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

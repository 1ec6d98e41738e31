/**
 * The per-server settings: one table ({@link SETTING_DEFINITIONS}) gives each setting's label, kind, description
 * and default, in display order. Types, defaults and the stored-record schema are all derived from it, so adding
 * a setting is one new entry there.
 */
import { z } from 'zod';
import { LOCALES, t, type KeyedMessage, type Locale } from '../i18n/index.js';

/** What kind of value a setting holds; it decides the value's type, its stored schema and its accepted form. */
export type SettingKind =
  | 'role'
  | 'channel'
  | 'time'
  | 'timezone'
  | 'boolean'
  | 'date'
  | 'text'
  | 'seconds'
  | 'trivia-source'
  | 'language';

/** Where trivia questions come from: the built-in ones, the server's own, or both. */
export const TRIVIA_SOURCES = ['built-in', 'custom', 'both'] as const;
export type TriviaSource = (typeof TRIVIA_SOURCES)[number];
/** The bounds of the trivia answer time, in seconds. */
export const MIN_ANSWER_SECONDS = 5;
export const MAX_ANSWER_SECONDS = 120;

/** The value type of each kind. Role and channel settings hold an id, or null when unset. */
export interface SettingKindValues {
  role: string | null;
  channel: string | null;
  time: string;
  timezone: string;
  boolean: boolean;
  /** A calendar date, YYYY-MM-DD, or null when unset. */
  date: string | null;
  /** A short text a moderator typed, or null when unset. */
  text: string | null;
  /** A whole number of seconds, {@link MIN_ANSWER_SECONDS} to {@link MAX_ANSWER_SECONDS}. */
  seconds: number;
  'trivia-source': TriviaSource;
  /** One of the bot's languages, or null for the server's own Discord language. */
  language: Locale | null;
}

/** One setting as shown to moderators. */
export type SettingDefinition = {
  [Kind in SettingKind]: {
    label: string;
    kind: Kind;
    /** One sentence on what the setting does, for `/config show`. */
    description: string;
    default: SettingKindValues[Kind];
  };
}[SettingKind];

export const SETTING_DEFINITIONS = {
  modRole: {
    label: 'Moderator role',
    kind: 'role',
    description: 'Members with this role may change these settings with /config.',
    default: null,
  },
  countdownChannel: {
    label: 'Countdown channel',
    kind: 'channel',
    description: 'Where the daily release countdown is posted.',
    default: null,
  },
  countdownTime: {
    label: 'Countdown time',
    kind: 'time',
    description: 'When the daily countdown is posted (24-hour clock, in the countdown timezone).',
    default: '09:00',
  },
  countdownTimezone: {
    label: 'Countdown timezone',
    kind: 'timezone',
    description: 'The timezone of the countdown time.',
    default: 'Etc/UTC',
  },
  countdownRole: {
    label: 'Countdown ping role',
    kind: 'role',
    description: 'A role pinged by each countdown post; none when unset.',
    default: null,
  },
  countdownEnabled: {
    label: 'Countdown posts',
    kind: 'boolean',
    description: 'Whether the daily countdown is posted at all.',
    default: false,
  },
  countdownMilestones: {
    label: 'Milestone posts',
    kind: 'boolean',
    description: 'Whether extra posts mark milestones such as 100 days, one month and one week to go.',
    default: true,
  },
  countdownAnnouncements: {
    label: 'Release announcements',
    kind: 'boolean',
    description:
      "Whether the countdown channel gets a post when the bot's operator announces a new date or window (needs countdown posts on).",
    default: true,
  },
  releaseDate: {
    label: 'Release date',
    kind: 'date',
    description:
      "This server's own countdown target (an official date, or a watch party); overrides the built-in one.",
    default: null,
  },
  releaseTime: {
    label: 'Release time',
    kind: 'time',
    description: 'The time of day of the release date (24-hour clock, in the release timezone).',
    default: '00:00',
  },
  releaseTimezone: {
    label: 'Release timezone',
    kind: 'timezone',
    description: 'The timezone of the release date and time.',
    default: 'Etc/UTC',
  },
  releaseLabel: {
    label: 'Release label',
    kind: 'text',
    description: 'What the countdown calls this server\'s date, e.g. "Watch party".',
    default: null,
  },
  triviaAnswerTime: {
    label: 'Trivia answer time',
    kind: 'seconds',
    description: 'How many seconds members have to answer each trivia question (5 to 120).',
    default: 20,
  },
  triviaSource: {
    label: 'Trivia questions',
    kind: 'trivia-source',
    description: "Which questions trivia asks: the built-in ones, this server's own, or both.",
    default: 'both',
  },
  qotdChannel: {
    label: 'Question of the day channel',
    kind: 'channel',
    description: 'Where the daily trivia question is posted.',
    default: null,
  },
  qotdTime: {
    label: 'Question of the day time',
    kind: 'time',
    description: 'When the question of the day is posted (24-hour clock, in its timezone).',
    default: '12:00',
  },
  qotdTimezone: {
    label: 'Question of the day timezone',
    kind: 'timezone',
    description: 'The timezone of the question of the day time.',
    default: 'Etc/UTC',
  },
  qotdEnabled: {
    label: 'Question of the day',
    kind: 'boolean',
    description: 'Whether a trivia question is posted every day.',
    default: false,
  },
  language: {
    label: 'Language',
    kind: 'language',
    description:
      "The language of everything the bot posts for the whole server; when unset, the server's own Discord language (else English).",
    default: null,
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;

/** A setting's label in `locale` (`settings.<key>.label` in the resource files; the English equals `label`). */
export function settingLabel(key: SettingKey, locale: Locale = 'en'): string {
  return t(locale, `settings.${key}.label`);
}

/** A setting's one-sentence description in `locale` (`settings.<key>.description`). */
export function settingDescription(key: SettingKey, locale: Locale = 'en'): string {
  return t(locale, `settings.${key}.description`);
}

/** The settings of one server, every value present (defaults filled in). */
export type GuildSettings = {
  -readonly [Key in SettingKey]: SettingKindValues[(typeof SETTING_DEFINITIONS)[Key]['kind']];
};

/** The keys of the settings of one kind, e.g. `SettingKeyOfKind<'role'>` is `'modRole' | 'countdownRole'`. */
export type SettingKeyOfKind<Kind extends SettingKind> = {
  [Key in SettingKey]: (typeof SETTING_DEFINITIONS)[Key]['kind'] extends Kind ? Key : never;
}[SettingKey];

/** Every setting key, in display order. */
export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as readonly SettingKey[];

export function isSettingKey(text: string): text is SettingKey {
  return Object.hasOwn(SETTING_DEFINITIONS, text);
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTING_DEFINITIONS[key].default])) as GuildSettings,
);

const SNOWFLAKE = /^\d{17,20}$/;
/** The longest text setting, so it fits in an embed title with room to spare. */
export const MAX_TEXT_LENGTH = 100;
/** HH:MM on a 24-hour clock, always two digits each: the normalised form `parseTime` produces. */
export const TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Whether this runtime's time zone database knows the name (case-insensitively, as Intl does). */
const timeZoneAnswers = new Map<string, boolean>();

export function isTimeZoneName(name: string): boolean {
  // Every stored settings record is validated on read, and building a formatter costs ~44 µs: remember answers.
  const known = timeZoneAnswers.get(name);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    valid = true;
  } catch {
    valid = false;
  }
  // Bounded, since refused names come from members' typing.
  if (timeZoneAnswers.size < 2_000) timeZoneAnswers.set(name, valid);
  return valid;
}

const KIND_SCHEMAS: { [Kind in SettingKind]: z.ZodType<SettingKindValues[Kind]> } = {
  role: z.string().regex(SNOWFLAKE, 'must be a role id').nullable(),
  channel: z.string().regex(SNOWFLAKE, 'must be a channel id').nullable(),
  time: z.string().regex(TIME_PATTERN, 'must be a 24-hour time like 09:00'),
  timezone: z.string().refine(isTimeZoneName, 'must be a known timezone name'),
  boolean: z.boolean(),
  date: z.iso.date('must be a date written YYYY-MM-DD, e.g. 2030-01-31').nullable(),
  text: z.string().min(1).max(MAX_TEXT_LENGTH).nullable(),
  seconds: z.number().int().min(MIN_ANSWER_SECONDS).max(MAX_ANSWER_SECONDS),
  'trivia-source': z.enum(TRIVIA_SOURCES),
  language: z.enum(LOCALES).nullable(),
};

/** The schema of one setting's value, e.g. to check a value before it is stored. */
export function settingSchema<Key extends SettingKey>(key: Key): z.ZodType<GuildSettings[Key]> {
  return KIND_SCHEMAS[SETTING_DEFINITIONS[key].kind] as z.ZodType<GuildSettings[Key]>;
}

/**
 * A stored settings record: only the settings a moderator has set, each optional. Unknown keys (say, of a
 * setting a later version added) are kept rather than refused.
 */
export const storedSettingsSchema = z.looseObject(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, settingSchema(key).optional()])) as {
    [Key in SettingKey]: z.ZodOptional<z.ZodType<GuildSettings[Key]>>;
  },
);

/** What is wrong with each setting, by setting, in words (`/config show`). */
export type SettingProblems = Partial<Record<SettingKey, string>>;

/**
 * What is wrong with stored values, by setting, said in the reader's language when shown; a setting listed here
 * is using its default.
 */
export type StoredProblems = Partial<Record<SettingKey, KeyedMessage>>;

/**
 * Reads a stored settings record (whatever is in the store) into full settings: missing values take their
 * default, and so do invalid ones, which are reported in `problems` instead of failing the whole record.
 */
export function readStoredSettings(stored: unknown): { settings: GuildSettings; problems: StoredProblems } {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: StoredProblems = {};
  if (stored === undefined || stored === null) return { settings: settings as GuildSettings, problems };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    for (const key of SETTING_KEYS) {
      problems[key] = { key: 'diagnose.stored.unreadable' };
    }
    return { settings: settings as GuildSettings, problems };
  }
  const shape = storedSettingsSchema.shape;
  for (const key of SETTING_KEYS) {
    if (!Object.hasOwn(stored, key)) continue;
    const value: unknown = (stored as Record<string, unknown>)[key];
    const result = shape[key].safeParse(value);
    if (result.success) {
      if (result.data !== undefined) settings[key] = result.data;
    } else {
      // The validator's own words (`detail`) stay English: they name what a valid value is, for the bot's owner.
      problems[key] = {
        key: 'diagnose.stored.invalid',
        values: { value: describeStored(value), detail: result.error.issues[0]?.message ?? 'invalid' },
      };
    }
  }
  return { settings: settings as GuildSettings, problems };
}

function describeStored(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/**
 * The bot's languages: which ones it speaks, how a Discord locale maps to one of them, and `t()` to say something
 * in one. Strings live in `src/i18n/locales/<locale>.json`, one file per language, English (`en.json`) being the
 * complete reference; a string a language lacks falls back (es-419 → es-ES → English), so a key is never shown.
 *
 * Messages are ICU MessageFormat (`{count, plural, one {# day} other {# days}}`), through i18next-icu and
 * intl-messageformat: plurals follow each language's CLDR rules (Intl.PluralRules) with no rule written by hand,
 * and a translator sees a whole sentence with its plural forms in one string. ICU was chosen over i18next's own
 * `_one`/`_other` keys because a key set per plural form differs between languages, which a "same keys as
 * English" check cannot follow, and a sentence split over several keys is harder to translate well.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { PROJECT_ROOT } from '../config.js';
import { UserError, type LocalizedMessage, type MessageList } from '../errors.js';
import type en from './locales/en.json';

/** Every language the bot speaks, English first (the reference every other file is checked against). */
export const LOCALES = ['en', 'pt-BR', 'es-ES', 'es-419', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** The English resource: its shape is the type of every language's file. */
export type Messages = typeof en;

/** Every string's key, as a dotted path: `'countdown.title.upcoming'`. A misspelt key fails the typecheck. */
export type MessageKey = LeafPaths<Messages>;
type LeafPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${LeafPaths<T[K]>}`;
}[keyof T & string];

/** Values a message's `{placeholders}` take. Numbers are formatted in the reader's language. */
export type MessageValues = Record<string, string | number>;

/**
 * A message by its key and values, kept to be said later in whichever language its reader has
 * (`localizedText(locale, message)`): why a schedule is idle, which `/config check` shows each moderator in theirs.
 */
export interface KeyedMessage {
  key: MessageKey;
  values?: MessageValues;
}

/** Where the resource files are: read from the project folder, so tsx, vitest and the compiled bot agree. */
export const LOCALES_DIR = path.join(PROJECT_ROOT, 'src', 'i18n', 'locales');

/** Each language's own strings as written in its file (no fallback applied), for tests and tooling. */
export function readMessages(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, `${locale}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** What a language falls back to, string by string. */
const FALLBACKS: Record<Locale, readonly Locale[]> = {
  en: [],
  'pt-BR': ['en'],
  'es-ES': ['en'],
  'es-419': ['es-ES', 'en'],
  fr: ['en'],
  de: ['en'],
};

/** Each language's strings, as its resource file holds them. */
export type Resources = Record<Locale, Record<string, unknown>>;

/** An i18next instance over `resources`, set up as the bot's own is (ICU messages, the fallback chains). */
function createI18n(resources: Resources) {
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    initAsync: false,
    lng: 'en',
    supportedLngs: [...LOCALES],
    fallbackLng: { ...FALLBACKS, default: ['en'] },
    resources: Object.fromEntries(LOCALES.map((locale) => [locale, { translation: resources[locale] }])),
    // Discord markdown is the output, not HTML; nothing here is ever interpreted as markup by a browser.
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  return instance;
}

// One instance, loaded synchronously at import: command definitions read their descriptions while modules load.
const i18n = createI18n(
  Object.fromEntries(LOCALES.map((locale) => [locale, readMessages(locale)])) as Resources,
);

/**
 * A `t` over other strings than the files' (uncached), set up exactly as the bot's: for tests that need a
 * language with strings missing, to check the fallback chains now that every shipped language is complete.
 */
export function translatorOver(
  resources: Resources,
): (locale: Locale, key: MessageKey, values?: MessageValues) => string {
  const instance = createI18n(resources);
  return (locale, key, values) => instance.t(key, { lng: locale, ...values });
}

// The same message with the same values always reads the same, and i18next takes microseconds to look one up and
// format it: a /cast card or 25 autocomplete choices would spend more time here than on everything else. Answers
// are kept (bounded; cleared when full, since most are a few hundred fixed texts).
const answers = new Map<string, string>();
const ANSWERS_KEPT = 4_000;

/** The message `key` in `locale`, its placeholders filled in (`{label}`, plurals, numbers in that language). */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  let id = `${locale}\u0000${key}`;
  // A number and a string that print the same format differently (1000 → "1,000"): the type is part of the id.
  if (values !== undefined) {
    for (const name in values) id += `\u0000${name}\u0001${typeof values[name]}\u0001${values[name]}`;
  }
  let text = answers.get(id);
  if (text === undefined) {
    text = i18n.t(key, { lng: locale, ...values });
    if (answers.size >= ANSWERS_KEPT) answers.clear();
    answers.set(id, text);
  }
  return text;
}

/** Whether `locale`'s own file (or its fallback before English, for es-419) has the string. */
export function hasOwnMessage(locale: Locale, key: MessageKey): boolean {
  if (locale === 'en') return true;
  const chain = [locale, ...FALLBACKS[locale].filter((fallback) => fallback !== 'en')];
  return chain.some((lng) => i18n.exists(key, { lng, fallbackLng: false }));
}

/**
 * One of our languages for a Discord locale (`interaction.locale`, `guild.preferredLocale`): en-US and en-GB are
 * English, pt-BR, es-ES, es-419, fr and de are themselves, anything else (or nothing) is English.
 */
export function resolveLocale(discordLocale: string | null | undefined): Locale {
  if (discordLocale === null || discordLocale === undefined) return 'en';
  if (discordLocale.startsWith('en')) return 'en';
  return (LOCALES as readonly string[]).includes(discordLocale) ? (discordLocale as Locale) : 'en';
}

/** Whether `text` is one of our locale codes, exactly (for stored settings and options). */
export function isLocale(text: string): text is Locale {
  return (LOCALES as readonly string[]).includes(text);
}

/**
 * The language of what a whole channel sees: the server's `/config language` when a moderator set one, else the
 * server's own Discord language (`guild.preferredLocale`), else English.
 */
export function serverLocale(chosen: Locale | null, guildLocale: string | null | undefined): Locale {
  return chosen ?? resolveLocale(guildLocale);
}

/** What an interaction tells about languages (discord.js's interactions have these fields). */
export interface InteractionLocales {
  guildId: string | null;
  /** The member's Discord language. */
  locale: string;
  /** The server's Discord language; null outside servers. */
  guildLocale: string | null;
}

/**
 * The language of a reply the whole channel sees (`/cast`, `/countdown`, a trivia question): the server's
 * ({@link serverLocale}) in a server, the member's own in a direct message. Replies only the member sees use
 * `resolveLocale(interaction.locale)` instead.
 */
export function channelLocale(interaction: InteractionLocales, chosen: Locale | null): Locale {
  return interaction.guildId === null
    ? resolveLocale(interaction.locale)
    : serverLocale(chosen, interaction.guildLocale);
}

/** Each language's name in itself, for choices and `/config show`. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  'pt-BR': 'Português (Brasil)',
  'es-ES': 'Español (España)',
  'es-419': 'Español (Latinoamérica)',
  fr: 'Français',
  de: 'Deutsch',
};

// Formatters are made once per language: building one costs tens of microseconds, using one a few.
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

/**
 * Items joined as the reader writes a list: "A, B and C" (`conjunction`) or "A, B or C" (`disjunction`) in English,
 * "A, B et C" in French, "A, B oder C" in German. English is joined the British way (no comma before "and"), as
 * the bot's English always was.
 */
export function formatList(
  locale: Locale,
  items: readonly string[],
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  const cacheKey = `${locale}:${type}`;
  let format = listFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { type });
    listFormats.set(cacheKey, format);
  }
  return format.format(items);
}

/** A {@link MessageList} said in `locale`: its items (each a message, when given by key) joined as a list. */
export function sayList(locale: Locale, list: MessageList): string {
  const items = 'keys' in list ? list.keys.map((key) => t(locale, key as MessageKey)) : list.texts;
  return formatList(locale, items, list.type);
}
// The dates shown are a handful (the window's, the milestones'), on every /countdown: each is formatted once.
const calendarDates = new Map<string, string>();
const CALENDAR_DATES_KEPT = 1_000;

/** A number as the reader writes it: 1,234 in English, 1.234 in German. */
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * A calendar date (`2026-08-01`, no time of day, no zone) in the reader's language: "1 August 2026",
 * "1. August 2026", "1 de agosto de 2026"; `month` leaves the day out. English is written day-first (en-GB),
 * which reads the same on both sides of the Atlantic.
 */
export function formatCalendarDate(locale: Locale, date: string, parts: 'day' | 'month' = 'day'): string {
  const cacheKey = `${locale}:${parts}`;
  const answerKey = `${cacheKey}:${date}`;
  let text = calendarDates.get(answerKey);
  if (text !== undefined) return text;
  let format = dateFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
      ...(parts === 'day' ? { day: 'numeric' } : {}),
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(cacheKey, format);
  }
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  text = format.format(Date.UTC(year, month - 1, day));
  if (calendarDates.size >= CALENDAR_DATES_KEPT) calendarDates.clear();
  calendarDates.set(answerKey, text);
  return text;
}

/**
 * A message whose key is built at run time (command descriptions by their path): its text in `locale`, or
 * undefined when English has no such string.
 */
export function lookupMessage(locale: Locale, key: string): string | undefined {
  if (!i18n.exists(key, { lng: 'en' })) return undefined;
  return t(locale, key as MessageKey);
}

/**
 * A message by its key, to be said later in the reader's language (an item of {@link userErrorListing}).
 * `keyValues` fill placeholders with other messages (`{ label: 'settings.qotdTime.label' }`), and `lists` with
 * lists (`{ missing: { type: 'conjunction', keys: ['permissions.sendMessages'] } }`).
 */
export function localized(
  key: MessageKey,
  values?: MessageValues,
  keyValues?: Record<string, MessageKey>,
  lists?: Record<string, MessageList>,
): LocalizedMessage {
  return {
    key,
    ...(values === undefined ? {} : { values }),
    ...(keyValues === undefined ? {} : { keyValues }),
    ...(lists === undefined ? {} : { lists }),
  };
}

/**
 * A {@link UserError} saying the message `key`, shown in whatever language the member reads. `keyValues` fill
 * placeholders with other messages (`{ label: 'settings.qotdTime.label' }`), and `lists` with lists
 * (`{ missing: { type: 'conjunction', keys: ['permissions.sendMessages'] } }`), said in the same language.
 */
export function userError(
  key: MessageKey,
  values?: MessageValues,
  keyValues?: Record<string, MessageKey>,
  lists?: Record<string, MessageList>,
): UserError {
  const message = localized(key, values, keyValues, lists);
  return new UserError(localizedText('en', message), message);
}

/** A {@link UserError} saying `key`, then each of `items` on a line of its own, in the member's language. */
export function userErrorListing(key: MessageKey, items: readonly LocalizedMessage[]): UserError {
  const message: LocalizedMessage = { key, bullets: items };
  return new UserError(localizedText('en', message), message);
}

/**
 * A {@link UserError}'s message in `locale`: its key's text, with its values, key values and lists filled in,
 * then its bullets.
 */
export function localizedText(locale: Locale, message: LocalizedMessage): string {
  let text: string;
  if (message.keyValues === undefined && message.lists === undefined) {
    text = t(locale, message.key as MessageKey, message.values);
  } else {
    const said: MessageValues = { ...message.values };
    for (const [name, key] of Object.entries(message.keyValues ?? {}))
      said[name] = t(locale, key as MessageKey);
    for (const [name, list] of Object.entries(message.lists ?? {})) said[name] = sayList(locale, list);
    text = t(locale, message.key as MessageKey, said);
  }
  if (message.bullets === undefined) return text;
  return [text, ...message.bullets.map((item) => `• ${localizedText(locale, item)}`)].join('\n');
}

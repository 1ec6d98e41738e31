/**
 * Pure validators for setting values typed or picked by a moderator. Each returns the value to store or throws a
 * {@link UserError} (`userError`) naming the setting (by its label) and the form it accepts. They only decide; they write
 * nothing.
 */
import { ChannelType, escapeMarkdown, PermissionFlagsBits } from 'discord.js';
import { isLocale, LOCALES, userError, type Locale, type MessageKey } from '../i18n/index.js';
import {
  isTimeZoneName,
  MAX_ANSWER_SECONDS,
  MAX_TEXT_LENGTH,
  MIN_ANSWER_SECONDS,
  TRIVIA_SOURCES,
  type SettingKey,
  type SettingKeyOfKind,
  type TriviaSource,
} from './definitions.js';

/** Shows a moderator's text or a Discord name inside a message: no markdown, no mentions, not too long. */
export function plainText(text: string, maxLength = 50): string {
  const short = text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  // A zero-width space after "@" keeps "@everyone" or "<@123>" from reading (or rendering) as a mention.
  return escapeMarkdown(short).replaceAll('@', '@\u200b');
}

/** The setting's label as a message key, so an error names it in the reader's language. */
const labelOf = (setting: SettingKey): { label: MessageKey } => ({ label: `settings.${setting}.label` });

// ---------------------------------------------------------------------------------------------------------------
// Time

const LOOSE_TIME = /^(\d{1,2}):(\d{2})$/;

/** Accepts a 24-hour "H:MM" or "HH:MM" time and returns it as "HH:MM": "9:05" → "09:05". */
export function parseTime(setting: SettingKeyOfKind<'time'>, text: string): string {
  const match = LOOSE_TIME.exec(text.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (match === null || hours > 23 || minutes > 59) {
    throw userError('settingErrors.time', { typed: plainText(text.trim()) }, labelOf(setting));
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Timezones

/** Names that all mean UTC; each is stored as the default's spelling, Etc/UTC. */
const UTC_NAMES = new Set([
  'utc',
  'etc/utc',
  'uct',
  'etc/uct',
  'universal',
  'etc/universal',
  'zulu',
  'etc/zulu',
]);
const UTC = 'Etc/UTC';

/**
 * Current IANA names → their former names. Older ICU versions (Node 20's among them) list these zones only under
 * the former name, e.g. Asia/Kolkata as Asia/Calcutta. Both are accepted; the current name is offered and stored.
 */
const RENAMED_ZONES = Object.entries({
  'Africa/Asmara': 'Africa/Asmera',
  'America/Argentina/Buenos_Aires': 'America/Buenos_Aires',
  'America/Argentina/Catamarca': 'America/Catamarca',
  'America/Argentina/Cordoba': 'America/Cordoba',
  'America/Argentina/Jujuy': 'America/Jujuy',
  'America/Argentina/Mendoza': 'America/Mendoza',
  'America/Atikokan': 'America/Coral_Harbour',
  'America/Indiana/Indianapolis': 'America/Indianapolis',
  'America/Kentucky/Louisville': 'America/Louisville',
  'America/Nuuk': 'America/Godthab',
  'Asia/Ho_Chi_Minh': 'Asia/Saigon',
  'Asia/Kathmandu': 'Asia/Katmandu',
  'Asia/Kolkata': 'Asia/Calcutta',
  'Asia/Yangon': 'Asia/Rangoon',
  'Atlantic/Faroe': 'Atlantic/Faeroe',
  'Europe/Kyiv': 'Europe/Kiev',
  'Pacific/Chuuk': 'Pacific/Truk',
  'Pacific/Kanton': 'Pacific/Enderbury',
  'Pacific/Pohnpei': 'Pacific/Ponape',
}).filter(([current]) => isTimeZoneName(current));

/** The zones offered first for an empty autocomplete query. */
const COMMON_ZONES = [
  UTC,
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Toronto',
  'America/Mexico_City',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Istanbul',
  'Asia/Kolkata',
  'Asia/Manila',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

function resolveTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Lower-cased name → the spelling to store; the names autocomplete offers, sorted; and the names by their city,
 * folded ("new york" → America/New_York).
 */
const { spellings, zoneNames, byCity } = (() => {
  const spellings = new Map<string, string>();
  const hidden = new Set<string>();
  for (const name of Intl.supportedValuesOf('timeZone')) spellings.set(name.toLowerCase(), name);
  for (const [current, former] of RENAMED_ZONES) {
    spellings.set(current.toLowerCase(), current);
    spellings.set(former.toLowerCase(), current);
    hidden.add(former);
  }
  for (const name of UTC_NAMES) spellings.set(name, UTC);
  const zoneNames = [...new Set(spellings.values())]
    .filter((name) => name.includes('/') && !hidden.has(name))
    .sort();
  const byCity = new Map<string, string[]>();
  for (const name of zoneNames) {
    const city = fold(name.slice(name.lastIndexOf('/') + 1));
    byCity.set(city, [...(byCity.get(city) ?? []), name]);
  }
  return { spellings, zoneNames, byCity };
})();

/** "+02:00", "UTC+2", "GMT-05:30", "Etc/GMT+2" (whose sign is inverted, a classic trap)... */
const OFFSET = /^(?:etc\/)?(?:utc|gmt)?\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?$/i;

/** "EST", "CEST", "EST5EDT", "GMT"... */
const ABBREVIATION = /^[a-z]{2,5}(?:\d{1,2}(?:[a-z]{3,4})?)?$/i;

/**
 * Accepts an IANA timezone name in any case ("america/new_york") and returns its canonical spelling
 * ("America/New_York"), or a city that names a single zone ("tokyo" → "Asia/Tokyo"). Refuses fixed offsets and
 * abbreviations, which don't follow daylight saving time.
 */
export function parseTimezone(setting: SettingKeyOfKind<'timezone'>, text: string): string {
  const name = text.trim().replace(/\s+/g, '_');
  const lower = name.toLowerCase();
  if (UTC_NAMES.has(lower)) return UTC;
  const typed = { typed: plainText(text.trim()) };
  if (OFFSET.test(name)) {
    throw userError('settingErrors.timezoneOffset', typed, labelOf(setting));
  }
  if (!name.includes('/')) {
    // A city alone ("Tokyo", "new york") is fine when only one zone is named after it.
    const [only, ...others] = byCity.get(fold(text)) ?? [];
    if (only !== undefined && others.length === 0) return only;
    if (ABBREVIATION.test(name)) {
      throw userError('settingErrors.timezoneAbbreviation', typed, labelOf(setting));
    }
    throw userError('settingErrors.timezoneUnknown', typed, labelOf(setting));
  }
  const known = spellings.get(lower);
  if (known !== undefined) return known;
  const resolved = resolveTimeZone(name);
  if (resolved === undefined) throw userError('settingErrors.timezoneUnknown', typed, labelOf(setting));
  // A name this runtime knows but doesn't list (an old link such as US/Eastern): store its canonical name.
  return spellings.get(resolved.toLowerCase()) ?? resolved;
}

/**
 * Timezone names for autocomplete: case-insensitive, spaces match underscores ("new york"), names or cities
 * starting with the query first, then names with a word starting with it, then any other match. An empty query
 * lists common zones first.
 */
export function searchTimezones(query: string, limit = 25): string[] {
  const count = Math.max(0, Math.floor(limit));
  const folded = fold(query);
  if (folded === '') {
    const common = COMMON_ZONES.filter((name) => zoneNames.includes(name));
    return [...common, ...zoneNames.filter((name) => !common.includes(name))].slice(0, count);
  }
  const ranked: { name: string; rank: number }[] = [];
  for (const name of zoneNames) {
    const rank = matchRank(folded, fold(name));
    if (rank !== undefined) ranked.push({ name, rank });
  }
  const commonIndex = (name: string) => {
    const index = COMMON_ZONES.indexOf(name);
    return index === -1 ? COMMON_ZONES.length : index;
  };
  ranked.sort(
    (a, b) => a.rank - b.rank || commonIndex(a.name) - commonIndex(b.name) || a.name.localeCompare(b.name),
  );
  return ranked.slice(0, count).map((entry) => entry.name);
}

function fold(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
}

/** 0: the name or its last part (the city) starts with the query; 1: a word does; 2: it contains the query. */
function matchRank(query: string, name: string): number | undefined {
  const city = name.slice(name.lastIndexOf('/') + 1);
  if (name.startsWith(query) || city.startsWith(query)) return 0;
  if (name.split(/[/ -]/).some((word) => word.startsWith(query))) return 1;
  return name.includes(query) ? 2 : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Channels and roles

/** What a channel option resolves to; discord.js channels have these fields. */
export interface ChannelLike {
  id: string;
  type: number;
  guildId: string | null;
  name: string;
}

export interface RoleLike {
  id: string;
  name: string;
  managed: boolean;
}

const POSTABLE_CHANNEL_TYPES: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/** What the bot needs to post in a channel, each by the key of its name as Discord shows it (`permissions.*`). */
const POSTING_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'permissions.viewChannel'],
  [PermissionFlagsBits.SendMessages, 'permissions.sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'permissions.embedLinks'],
] as const;

/**
 * Accepts a text or announcement channel of this server where the bot may post (View Channel, Send Messages,
 * Embed Links) and returns its id. `botPermissions` are the bot's permissions in that channel; null when they
 * could not be worked out (the bot can't see the channel), which counts as having none.
 */
export function checkChannel(
  setting: SettingKeyOfKind<'channel'>,
  channel: ChannelLike,
  guildId: string,
  botPermissions: bigint | null,
): string {
  const where = `#${plainText(channel.name)}`;
  if (channel.guildId !== guildId) {
    throw userError('settingErrors.channelOtherServer', { channel: where }, labelOf(setting));
  }
  if (!POSTABLE_CHANNEL_TYPES.includes(channel.type)) {
    throw userError('settingErrors.channelType', { channel: where }, labelOf(setting));
  }
  const granted = botPermissions ?? 0n;
  const isAdmin = (granted & PermissionFlagsBits.Administrator) !== 0n;
  const missing = POSTING_PERMISSIONS.filter(([flag]) => !isAdmin && (granted & flag) === 0n).map(
    ([, key]) => key,
  );
  if (missing.length > 0) {
    // The permissions are named, and listed, in the language of whoever reads the error.
    throw userError('settingErrors.channelPermissions', { channel: where }, labelOf(setting), {
      needed: { type: 'conjunction', keys: POSTING_PERMISSIONS.map(([, key]) => key) },
      missing: { type: 'conjunction', keys: missing },
    });
  }
  return channel.id;
}

/** Accepts a role that can be given to members (not @everyone, not managed by an integration); returns its id. */
export function checkRole(setting: SettingKeyOfKind<'role'>, role: RoleLike, guildId: string): string {
  if (role.id === guildId) {
    throw userError('settingErrors.roleEveryone', { everyone: plainText('@everyone') }, labelOf(setting));
  }
  if (role.managed) {
    throw userError('settingErrors.roleManaged', { role: plainText(role.name) }, labelOf(setting));
  }
  return role.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and texts

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Accepts a real calendar date written YYYY-MM-DD (2026-02-30 is refused) and returns it. */
export function parseDate(setting: SettingKeyOfKind<'date'>, text: string): string {
  const trimmed = text.trim();
  const match = DATE.exec(trimmed);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (match === null || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 2000) {
    throw userError('settingErrors.date', { typed: plainText(trimmed, 20) }, labelOf(setting));
  }
  return trimmed;
}

/** Accepts a short single-line text; refuses empty text, line breaks and mentions (which would ping). */
export function parseText(setting: SettingKeyOfKind<'text'>, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_TEXT_LENGTH || /[\r\n]/.test(trimmed)) {
    throw userError('settingErrors.textLength', { max: MAX_TEXT_LENGTH }, labelOf(setting));
  }
  if (/@(everyone|here)\b|<@[!&]?\d+>/.test(trimmed)) {
    throw userError('settingErrors.textMentions', undefined, labelOf(setting));
  }
  return trimmed;
}

// ---------------------------------------------------------------------------------------------------------------
// Trivia

/** Accepts a whole number of seconds from {@link MIN_ANSWER_SECONDS} to {@link MAX_ANSWER_SECONDS}. */
export function parseSeconds(setting: SettingKeyOfKind<'seconds'>, value: number): number {
  if (!Number.isInteger(value) || value < MIN_ANSWER_SECONDS || value > MAX_ANSWER_SECONDS) {
    throw userError(
      'settingErrors.seconds',
      { min: MIN_ANSWER_SECONDS, max: MAX_ANSWER_SECONDS },
      labelOf(setting),
    );
  }
  return value;
}

/** Accepts one of {@link TRIVIA_SOURCES}. */
/** One of the bot's languages, by its code (`pt-BR`), as the `/config language` choices give it. */
export function parseLanguage(setting: SettingKeyOfKind<'language'>, text: string): Locale {
  if (!isLocale(text))
    throw userError('settingErrors.language', { codes: LOCALES.join(', ') }, labelOf(setting));
  return text;
}

export function parseTriviaSource(setting: SettingKeyOfKind<'trivia-source'>, text: string): TriviaSource {
  const source = TRIVIA_SOURCES.find((known) => known === text);
  if (source === undefined) throw userError('settingErrors.triviaSource', undefined, labelOf(setting));
  return source;
}

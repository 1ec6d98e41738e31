/**
 * `/config` options that set settings. Each option names the setting it sets; the setting's kind (from
 * `SETTING_DEFINITIONS`) decides the option's type and limits when it is built, and its validator when it is
 * read, so the command's options and its checks cannot drift apart.
 */
import { ChannelType, type SlashCommandChannelOption, type SlashCommandSubcommandBuilder } from 'discord.js';
import { LANGUAGE_NAMES, LOCALES, userError } from '../i18n/index.js';
import {
  DEFAULT_SETTINGS,
  MAX_ANSWER_SECONDS,
  MAX_TEXT_LENGTH,
  MIN_ANSWER_SECONDS,
  SETTING_DEFINITIONS,
  TRIVIA_SOURCES,
  type GuildSettings,
  type SettingKey,
  type SettingKeyOfKind,
} from '../settings/definitions.js';
import {
  checkRole,
  parseDate,
  parseLanguage,
  parseSeconds,
  parseText,
  parseTime,
  parseTimezone,
  parseTriviaSource,
  type RoleLike,
} from '../settings/validate.js';
import { SOURCE_LABELS } from '../trivia/questions.js';
import { checkChannelOption, type GuildView } from './guild-view.js';

/** One command option that sets one setting. */
export interface SettingOption {
  /** The option's name in the command. */
  name: string;
  /** The setting it sets; its kind gives the option's type, limits and validator. */
  setting: SettingKey;
  description: string;
  required?: true;
}

/** The options of a command interaction this module reads; discord.js's `interaction.options` is one. */
export interface OptionReader {
  getString(name: string): string | null;
  getBoolean(name: string): boolean | null;
  getInteger(name: string): number | null;
  getRole(name: string): RoleLike | null;
  getChannel(name: string): { id: string; type: number; name: string | null } | null;
}

/** Adds the options to a subcommand, in order, each typed and limited by its setting's kind. */
export function addSettingOptions(
  sub: SlashCommandSubcommandBuilder,
  options: readonly SettingOption[],
): SlashCommandSubcommandBuilder {
  for (const option of options) addSettingOption(sub, option);
  return sub;
}

function addSettingOption(
  sub: SlashCommandSubcommandBuilder,
  { name, setting, description, required }: SettingOption,
) {
  const base = <
    T extends { setName(n: string): T; setDescription(d: string): T; setRequired(r: boolean): T },
  >(
    option: T,
  ): T => {
    const named = option.setName(name).setDescription(description);
    return required === true ? named.setRequired(true) : named;
  };
  switch (SETTING_DEFINITIONS[setting].kind) {
    case 'role':
      return sub.addRoleOption((option) => base(option));
    case 'channel':
      return sub.addChannelOption((option) => postableChannels(base(option)));
    case 'time':
      return sub.addStringOption((option) => base(option).setMaxLength(5));
    case 'timezone':
      return sub.addStringOption((option) => base(option).setAutocomplete(true).setMaxLength(64));
    case 'boolean':
      return sub.addBooleanOption((option) => base(option));
    case 'date':
      return sub.addStringOption((option) => base(option).setMaxLength(10));
    case 'text':
      return sub.addStringOption((option) => base(option).setMaxLength(MAX_TEXT_LENGTH));
    case 'seconds':
      return sub.addIntegerOption((option) =>
        base(option).setMinValue(MIN_ANSWER_SECONDS).setMaxValue(MAX_ANSWER_SECONDS),
      );
    case 'trivia-source':
      return sub.addStringOption((option) =>
        base(option).addChoices(
          ...TRIVIA_SOURCES.map((source) => ({ name: SOURCE_LABELS[source], value: source })),
        ),
      );
    case 'language':
      // Each language is named in itself ("Deutsch"), the same in every language's picker.
      return sub.addStringOption((option) =>
        base(option).addChoices(
          ...LOCALES.map((locale) => ({ name: LANGUAGE_NAMES[locale], value: locale })),
        ),
      );
  }
}

/** A text or announcement channel, the kinds the bot can post in. */
const postableChannels = (option: SlashCommandChannelOption): SlashCommandChannelOption =>
  option.addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement);

/** The value an option gives its setting, checked; undefined when the option was left out. */
function readSettingOption(
  reader: OptionReader,
  { name, setting }: SettingOption,
  guild: GuildView,
): GuildSettings[SettingKey] | undefined {
  switch (SETTING_DEFINITIONS[setting].kind) {
    case 'role': {
      const role = reader.getRole(name);
      return role === null ? undefined : checkRole(setting as SettingKeyOfKind<'role'>, role, guild.id);
    }
    case 'channel': {
      const channel = reader.getChannel(name);
      return channel === null
        ? undefined
        : checkChannelOption(setting as SettingKeyOfKind<'channel'>, channel, guild);
    }
    case 'boolean':
      return reader.getBoolean(name) ?? undefined;
    case 'seconds': {
      const seconds = reader.getInteger(name);
      return seconds === null ? undefined : parseSeconds(setting as SettingKeyOfKind<'seconds'>, seconds);
    }
    case 'time':
      return mapText(reader.getString(name), (text) => parseTime(setting as SettingKeyOfKind<'time'>, text));
    case 'timezone':
      return mapText(reader.getString(name), (text) =>
        parseTimezone(setting as SettingKeyOfKind<'timezone'>, text),
      );
    case 'date':
      return mapText(reader.getString(name), (text) => parseDate(setting as SettingKeyOfKind<'date'>, text));
    case 'text':
      return mapText(reader.getString(name), (text) => parseText(setting as SettingKeyOfKind<'text'>, text));
    case 'trivia-source':
      return mapText(reader.getString(name), (text) =>
        parseTriviaSource(setting as SettingKeyOfKind<'trivia-source'>, text),
      );
    case 'language':
      return mapText(reader.getString(name), (text) =>
        parseLanguage(setting as SettingKeyOfKind<'language'>, text),
      );
  }
}

const mapText = <T>(text: string | null, parse: (text: string) => T): T | undefined =>
  text === null ? undefined : parse(text);

/**
 * The changes a subcommand's options ask for, each checked, in option order (so the first bad option is the
 * one reported). Options left out change nothing, and at least one must be given.
 */
export function readSettingChanges(
  reader: OptionReader,
  options: readonly SettingOption[],
  guild: GuildView,
): Partial<GuildSettings> {
  const changes: Record<string, unknown> = {};
  for (const option of options) {
    const value = readSettingOption(reader, option, guild);
    if (value !== undefined) changes[option.setting] = value;
  }
  if (Object.keys(changes).length === 0) {
    // Option names stay English in every language (as the command picker shows them); only the "or" is translated.
    throw userError('configErrors.noOption', undefined, undefined, {
      options: { type: 'disjunction', texts: options.map((option) => option.name) },
    });
  }
  return changes;
}

/**
 * The settings a subcommand's options set together, each checked: options left out put their setting back to its
 * default, since the options describe one thing as a whole (a new release date is a new target, not a patch).
 */
export function readSettingValues(
  reader: OptionReader,
  options: readonly SettingOption[],
  guild: GuildView,
): Partial<GuildSettings> {
  const values: Record<string, unknown> = {};
  for (const option of options) {
    const value = readSettingOption(reader, option, guild);
    if (value === undefined && option.required === true) {
      throw userError('configErrors.missingOption', { option: option.name });
    }
    values[option.setting] = value === undefined ? DEFAULT_SETTINGS[option.setting] : value;
  }
  return values;
}

/** The settings of a daily post (the countdown, the question of the day). */
export interface DailyPostSettings {
  channel: SettingKeyOfKind<'channel'>;
  time: SettingKeyOfKind<'time'>;
  timezone: SettingKeyOfKind<'timezone'>;
  enabled: SettingKeyOfKind<'boolean'>;
}

/**
 * The options every daily post has: where, at what time, in which timezone, and whether it is posted at all.
 * `timeExample` shows a time ("e.g. 09:00 or 18:30"); `enabled` describes the on/off option.
 */
export function dailyPostOptions(
  settings: DailyPostSettings,
  words: { timeExample: string; enabled: string },
): { channel: SettingOption; time: SettingOption; timezone: SettingOption; enabled: SettingOption } {
  return {
    channel: { name: 'channel', setting: settings.channel, description: 'A text or announcement channel' },
    time: { name: 'time', setting: settings.time, description: `24-hour time, ${words.timeExample}` },
    timezone: {
      name: 'timezone',
      setting: settings.timezone,
      description: 'Timezone name, e.g. Europe/London',
    },
    enabled: { name: 'enabled', setting: settings.enabled, description: words.enabled },
  };
}

/**
 * Discord's `*_localizations` for slash commands, from the resource files: the command picker shows descriptions
 * and choice names in each member's language. Names stay English, so help, the README and screenshots agree.
 *
 * Strings are found by the command's path: `commands.<command>.description`, then one level per subcommand group,
 * subcommand and option (`commands.config.countdown.time.description`), and a choice's name at
 * `….choices.<value>`. The builders keep the English text; a test checks en.json says the same.
 */
import type {
  APIApplicationCommandOption,
  APIApplicationCommandOptionChoice,
  LocalizationMap,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { hasOwnMessage, LANGUAGE_NAMES, LOCALES, lookupMessage, type MessageKey } from './index.js';

/** The Discord locales we translate into (Discord's codes for them happen to be ours). English is the default. */
export const DISCORD_TRANSLATED_LOCALES = LOCALES.filter((locale) => locale !== 'en');

/** The translations of the string at `key`, for the languages that have their own; undefined when none has. */
export function localizationsOf(key: string): LocalizationMap | undefined {
  if (lookupMessage('en', key) === undefined) return undefined;
  const map: LocalizationMap = {};
  for (const locale of DISCORD_TRANSLATED_LOCALES) {
    const text = hasOwnMessage(locale, key as MessageKey) ? lookupMessage(locale, key) : undefined;
    if (text !== undefined) map[locale] = text;
  }
  return Object.keys(map).length === 0 ? undefined : map;
}

/** The command with description and choice-name localizations added from the resource files. */
export function localizeCommand(
  command: RESTPostAPIChatInputApplicationCommandsJSONBody,
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const key = `commands.${command.name}`;
  return {
    ...withDescriptionLocalizations(command, key),
    ...(command.options !== undefined
      ? { options: command.options.map((option) => localizeOption(option, `${key}.${option.name}`)) }
      : {}),
  };
}

function localizeOption(option: APIApplicationCommandOption, key: string): APIApplicationCommandOption {
  const localized = withDescriptionLocalizations(option, key);
  const { options, choices } = localized as OptionChildren;
  if (options !== undefined) {
    return {
      ...localized,
      options: options.map((inner) => localizeOption(inner, `${key}.${inner.name}`)),
    } as APIApplicationCommandOption;
  }
  if (choices !== undefined) {
    return {
      ...localized,
      choices: choices.map((choice) => {
        const names = localizationsOf(`${key}.choices.${String(choice.value)}`);
        return names === undefined ? choice : { ...choice, name_localizations: names };
      }),
    } as APIApplicationCommandOption;
  }
  return localized;
}

/** A subcommand's options or an option's choices (the API types spread them over a union). */
interface OptionChildren {
  options?: APIApplicationCommandOption[];
  choices?: APIApplicationCommandOptionChoice[];
}

function withDescriptionLocalizations<T extends { description: string }>(node: T, key: string): T {
  const descriptions = localizationsOf(`${key}.description`);
  return descriptions === undefined ? node : { ...node, description_localizations: descriptions };
}

const LANGUAGE_NAME_SET: ReadonlySet<string> = new Set(Object.values(LANGUAGE_NAMES));

/** Every string a command shows in the picker, by key: what en.json must hold (checked by a test). */
export function commandStrings(
  command: RESTPostAPIChatInputApplicationCommandsJSONBody,
): Map<string, string> {
  const strings = new Map<string, string>();
  const key = `commands.${command.name}`;
  strings.set(`${key}.description`, command.description);
  const visit = (option: APIApplicationCommandOption, at: string) => {
    strings.set(`${at}.description`, option.description);
    const { options, choices } = option as OptionChildren;
    for (const inner of options ?? []) visit(inner, `${at}.${inner.name}`);
    for (const choice of choices ?? []) {
      // A language is named in itself in every language ("Deutsch"): nothing to translate.
      if (LANGUAGE_NAME_SET.has(choice.name)) continue;
      strings.set(`${at}.choices.${String(choice.value)}`, choice.name);
    }
  };
  for (const option of command.options ?? []) visit(option, `${key}.${option.name}`);
  return strings;
}

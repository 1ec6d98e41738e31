import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands, operatorCommands } from '../../commands/index.js';
import cast from '../../commands/cast.js';
import { commandStrings, DISCORD_TRANSLATED_LOCALES } from '../../src/i18n/commands.js';
import { LANGUAGE_NAMES, t, type MessageKey } from '../../src/i18n/index.js';
import { TRIVIA_SOURCES, type TriviaSource } from '../../src/settings/definitions.js';
import { SOURCE_LABELS, sourceLabel } from '../../src/trivia/questions.js';
import { english } from './support.js';

/** Every description and choice of a registered command, with its localizations, flattened. */
function pickerTexts(
  command: RESTPostAPIChatInputApplicationCommandsJSONBody,
): { where: string; text: string; localizations: Record<string, string> }[] {
  const out: { where: string; text: string; localizations: Record<string, string> }[] = [];
  const visit = (node: any, where: string) => {
    out.push({ where, text: node.description, localizations: node.description_localizations ?? {} });
    for (const choice of node.choices ?? []) {
      out.push({
        where: `${where} choice ${choice.value}`,
        text: choice.name,
        localizations: choice.name_localizations ?? {},
      });
    }
    for (const option of node.options ?? []) visit(option, `${where} ${option.name}`);
  };
  visit(command, `/${command.name}`);
  return out;
}

/** The public commands and the operator's, which are translated alike. */
const everyCommand = [...commands, ...operatorCommands];

describe('command localizations', () => {
  it('en.json holds every description and choice name of every command, word for word', () => {
    for (const command of everyCommand) {
      for (const [key, text] of commandStrings(command.data)) {
        expect(english.get(key), `${key} in en.json`).toBe(text);
      }
    }
  });

  it("give Discord each language's description and choice names, and never change a name", () => {
    const registered = commands.find((command) => command.data.name === 'cast')!.data;
    expect(registered.name).toBe(cast.data.name);
    expect(registered.name_localizations).toBeUndefined();
    expect(registered.description).toBe(t('en', 'commands.cast.description'));
    expect(registered.description_localizations?.['pt-BR']).toBe(t('pt-BR', 'commands.cast.description'));
    expect(registered.description_localizations?.['pt-BR']).not.toBe(registered.description);
  });

  it("give the operator's picker in the operator's language too", () => {
    const registered = operatorCommands.find((command) => command.data.name === 'operator')!.data;
    expect(registered.description_localizations?.de).toBe(t('de', 'commands.operator.description'));
    const release = registered.options?.find((option) => option.name === 'release') as any;
    const set = release.options.find((option: any) => option.name === 'set');
    expect(set.options.map((option: any) => option.name)).toEqual(['date', 'time', 'timezone', 'source']);
    expect(set.options[0].description_localizations['pt-BR']).toBe('AAAA-MM-DD');
  });

  it('fit Discord: every description and choice name at most 100 characters in every language', () => {
    for (const command of everyCommand) {
      for (const { where, text, localizations } of pickerTexts(command.data)) {
        for (const [locale, localized] of Object.entries({ en: text, ...localizations })) {
          expect(localized.length, `${where} in ${locale}`).toBeGreaterThan(0);
          expect(localized.length, `${where} in ${locale}: ${localized}`).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('name every choice in every language, so no member reads an English choice in the picker', () => {
    const languageNames = new Set(Object.values(LANGUAGE_NAMES));
    let choices = 0;
    for (const command of everyCommand) {
      for (const { where, text, localizations } of pickerTexts(command.data)) {
        // A language is named in itself ("Deutsch"), the same for every reader.
        if (!where.includes(' choice ') || languageNames.has(text)) continue;
        choices += 1;
        expect(Object.keys(localizations).sort(), where).toEqual([...DISCORD_TRANSLATED_LOCALES].sort());
      }
    }
    expect(choices).toBeGreaterThan(0);
  });

  it('name the trivia sources in the picker as the replies name them, in each language', () => {
    const trivia = commands
      .find((command) => command.data.name === 'config')!
      .data.options?.find((option) => option.name === 'trivia') as any;
    const source = trivia.options.find((option: any) => option.name === 'source');
    expect(source.choices.map((choice: any) => choice.value).sort()).toEqual([...TRIVIA_SOURCES].sort());
    for (const choice of source.choices) {
      const value = choice.value as TriviaSource;
      expect(choice.name).toBe(SOURCE_LABELS[value]);
      expect(choice.name).toBe(sourceLabel(value, 'en'));
      for (const locale of DISCORD_TRANSLATED_LOCALES) {
        expect(choice.name_localizations?.[locale], `${value} in ${locale}`).toBe(sourceLabel(value, locale));
        expect(sourceLabel(value, locale), `${value} in ${locale}`).not.toBe(SOURCE_LABELS[value]);
      }
    }
  });

  it('only name locales Discord knows', () => {
    const known = new Set(DISCORD_TRANSLATED_LOCALES);
    for (const command of everyCommand) {
      for (const { localizations } of pickerTexts(command.data)) {
        for (const locale of Object.keys(localizations))
          expect(known.has(locale as never), locale).toBe(true);
      }
    }
    expect([...known].sort()).toEqual(['de', 'es-419', 'es-ES', 'fr', 'pt-BR']);
  });

  it('are the translations of every language that has the string, each within the limit', () => {
    // Every language's every description and choice string, whether or not a command uses it yet.
    for (const locale of DISCORD_TRANSLATED_LOCALES) {
      for (const key of english.keys()) {
        if (!key.startsWith('commands.')) continue;
        expect(t(locale, key as MessageKey).length, `${locale}: ${key}`).toBeLessThanOrEqual(100);
      }
    }
  });
});

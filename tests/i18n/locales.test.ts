import { describe, expect, it } from 'vitest';
import {
  channelLocale,
  formatCalendarDate,
  formatNumber,
  hasOwnMessage,
  LOCALES,
  resolveLocale,
  serverLocale,
  t,
  type MessageKey,
} from '../../src/i18n/index.js';
import {
  english,
  ownMessages,
  placeholders,
  TRANSLATED_LOCALES,
  TRANSLATIONS_IN_PROGRESS,
} from './support.js';

/** Every value a placeholder might take, so every message can be formatted whole. */
function sampleValues(message: string): Record<string, string | number> {
  return Object.fromEntries(placeholders(message, 'en').map((name) => [name, 2]));
}

describe('the language files', () => {
  it('hold only strings in English, each a well-formed ICU message', () => {
    for (const [key, message] of english) {
      expect(typeof message, key).toBe('string');
      expect(() => placeholders(message, 'en'), key).not.toThrow();
    }
  });

  for (const locale of TRANSLATED_LOCALES) {
    it(`${locale} has no key English lacks, and only well-formed strings`, () => {
      for (const [key, message] of ownMessages(locale)) {
        expect(english.has(key), `${locale}: ${key} is not in en.json`).toBe(true);
        expect(typeof message, `${locale}: ${key}`).toBe('string');
        expect(() => placeholders(message as string, locale), `${locale}: ${key}`).not.toThrow();
      }
    });

    it(`${locale} uses exactly the placeholders of the English in every string`, () => {
      for (const [key, message] of ownMessages(locale)) {
        const expected = placeholders(english.get(key) ?? '', 'en');
        expect(placeholders(message as string, locale), `${locale}: ${key}`).toEqual(expected);
      }
    });

    const complete = !TRANSLATIONS_IN_PROGRESS.has(locale);
    it(`${locale} ${complete ? 'has every string English has' : 'is listed as in progress because it lacks strings'}`, () => {
      // es-419 lists only what differs from es-ES: together they must be complete.
      const own = new Set([
        ...ownMessages(locale).keys(),
        ...(locale === 'es-419' ? ownMessages('es-ES').keys() : []),
      ]);
      const missing = [...english.keys()].filter((key) => !own.has(key));
      if (complete) expect(missing, `${locale} lacks these strings`).toEqual([]);
      else
        expect(missing.length, `${locale} is complete: take it off TRANSLATIONS_IN_PROGRESS`).toBeGreaterThan(
          0,
        );
    });
  }

  it('never shows a key: every string, formatted in every language, is text without braces', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of english) {
        const text = t(locale, key as MessageKey, sampleValues(message));
        expect(text, `${locale}: ${key}`).not.toBe(key);
        expect(text.length, `${locale}: ${key}`).toBeGreaterThan(0);
        expect(text, `${locale}: ${key}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('t', () => {
  it('fills in placeholders and chooses plural forms by the language', () => {
    expect(t('en', 'countdown.post.daysToGo', { days: 1, label: 'Watch party' })).toBe(
      '**1 day** to go: Watch party.',
    );
    expect(t('en', 'countdown.post.daysToGo', { days: 1234, label: 'X' })).toBe('**1,234 days** to go: X.');
    expect(t('de', 'countdown.post.daysToGo', { days: 1, label: 'X' })).toBe('**Noch 1 Tag** bis X.');
    expect(t('de', 'countdown.post.daysToGo', { days: 1234, label: 'X' })).toBe('**Noch 1.234 Tage** bis X.');
  });

  it('falls back to English for a string a language lacks, and es-419 to es-ES first', () => {
    // Every string a language still lacks reads in English (none are left once every language is complete).
    for (const locale of TRANSLATED_LOCALES) {
      for (const [key, message] of english) {
        if (hasOwnMessage(locale, key as MessageKey)) continue;
        const values = sampleValues(message);
        expect(t(locale, key as MessageKey, values), `${locale}: ${key}`).toBe(
          t('en', key as MessageKey, values),
        );
      }
    }
    const spain = t('es-ES', 'cast.noMatch', { typed: 'x', names: 'y' });
    expect(spain).not.toBe(t('en', 'cast.noMatch', { typed: 'x', names: 'y' }));
    expect(t('es-419', 'cast.noMatch', { typed: 'x', names: 'y' })).toBe(spain);
  });

  it('leaves the values as given: markdown and mentions in a value are not escaped or touched', () => {
    expect(t('en', 'cast.part.confirmed', { character: '**<Cassie & "Luke">**' })).toBe(
      'plays **<Cassie & "Luke">**',
    );
  });
});

describe('resolveLocale', () => {
  it('maps Discord locales to the bot languages, and anything else to English', () => {
    expect(resolveLocale('en-US')).toBe('en');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('pt-BR')).toBe('pt-BR');
    expect(resolveLocale('es-ES')).toBe('es-ES');
    expect(resolveLocale('es-419')).toBe('es-419');
    expect(resolveLocale('fr')).toBe('fr');
    expect(resolveLocale('de')).toBe('de');
    expect(resolveLocale('ja')).toBe('en');
    expect(resolveLocale('pt')).toBe('en');
    expect(resolveLocale(null)).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});

describe('serverLocale and channelLocale', () => {
  it("prefers the server's chosen language, then its Discord language, then English", () => {
    expect(serverLocale('fr', 'de')).toBe('fr');
    expect(serverLocale(null, 'de')).toBe('de');
    expect(serverLocale(null, 'ko')).toBe('en');
    expect(serverLocale(null, null)).toBe('en');
  });

  it("speaks the server's language in a server and the member's in a direct message", () => {
    expect(channelLocale({ guildId: '1', locale: 'pt-BR', guildLocale: 'de' }, null)).toBe('de');
    expect(channelLocale({ guildId: '1', locale: 'pt-BR', guildLocale: 'de' }, 'fr')).toBe('fr');
    expect(channelLocale({ guildId: null, locale: 'pt-BR', guildLocale: null }, null)).toBe('pt-BR');
  });
});

describe('numbers and calendar dates', () => {
  it("are written as the reader's language writes them", () => {
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(formatNumber('de', 12345)).toBe('12.345');
    expect(formatCalendarDate('en', '2026-08-01')).toBe('1 August 2026');
    expect(formatCalendarDate('de', '2026-08-01')).toBe('1. August 2026');
    expect(formatCalendarDate('pt-BR', '2026-08-01')).toBe('1 de agosto de 2026');
    expect(formatCalendarDate('fr', '2026-03-01', 'month')).toBe('mars 2026');
  });
});

import { describe, expect, it } from 'vitest';
import {
  channelLocale,
  formatCalendarDate,
  formatNumber,
  LOCALES,
  readMessages,
  resolveLocale,
  serverLocale,
  t,
  translatorOver,
  type MessageKey,
  type Resources,
} from '../../src/i18n/index.js';
import {
  english,
  ownMessages,
  placeholders,
  TRANSLATED_LOCALES,
  TRANSLATIONS_IN_PROGRESS,
} from './support.js';

/** A copy of a language's strings without the strings at `keys` (dotted paths). */
function without(messages: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(messages);
  for (const key of keys) {
    const parts = key.split('.');
    const last = parts.pop() ?? '';
    let node: Record<string, unknown> | undefined = copy;
    for (const part of parts) node = node?.[part] as Record<string, unknown> | undefined;
    if (node === undefined || !(last in node)) throw new Error(`the fixture has no ${key} to take out`);
    Reflect.deleteProperty(node, last);
  }
  return copy;
}

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

  it('falls back to English for a string a language lacks, and es-419 to es-ES first, never showing a key', () => {
    // Every shipped language is complete, so the chains are checked on a fixture: the real files with a few
    // strings taken out, under the same set-up as the bot's own strings.
    const values = { typed: 'x', names: 'y' };
    const fromBoth: MessageKey = 'cast.noMatch'; // taken out of es-ES and de (es-419 has none of its own)
    const from419: MessageKey = 'errors.unexpected'; // taken out of es-419, which has its own in the real file
    const fixture = Object.fromEntries(LOCALES.map((locale) => [locale, readMessages(locale)])) as Resources;
    fixture['es-ES'] = without(fixture['es-ES'], [fromBoth]);
    fixture.de = without(fixture.de, [fromBoth]);
    fixture['es-419'] = without(fixture['es-419'], [from419]);
    const translate = translatorOver(fixture);

    // The real files say these in the language itself, so reading English or es-ES below is the fallback.
    expect(t('es-ES', fromBoth, values)).not.toBe(t('en', fromBoth, values));
    expect(t('de', fromBoth, values)).not.toBe(t('en', fromBoth, values));
    expect(t('es-419', from419, { errorId: 'x' })).not.toBe(t('es-ES', from419, { errorId: 'x' }));

    for (const locale of ['es-ES', 'es-419', 'de'] as const) {
      expect(translate(locale, fromBoth, values), locale).toBe(t('en', fromBoth, values));
    }
    expect(translate('es-419', from419, { errorId: 'x' })).toBe(t('es-ES', from419, { errorId: 'x' }));
    // What the fixture still has is read from the language itself.
    expect(translate('de', 'countdown.post.daysToGo', { days: 1, label: 'X' })).toBe('**Noch 1 Tag** bis X.');
    expect(translate('pt-BR', fromBoth, values)).toBe(t('pt-BR', fromBoth, values));
    for (const locale of LOCALES) {
      for (const key of [fromBoth, from419]) {
        const text = translate(locale, key, { ...values, errorId: 'x' });
        expect(text, `${locale}: ${key}`).not.toBe(key);
        expect(text, `${locale}: ${key}`).not.toMatch(/[{}]/);
      }
    }
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

  it('keep each language, date and precision apart when the same date is asked for again', () => {
    expect(formatCalendarDate('en', '2026-08-01', 'month')).toBe('August 2026');
    expect(formatCalendarDate('en', '2026-08-01')).toBe('1 August 2026');
    expect(formatCalendarDate('de', '2026-08-01', 'month')).toBe('August 2026');
    expect(formatCalendarDate('fr', '2026-08-01', 'month')).toBe('août 2026');
    expect(formatCalendarDate('en', '2026-08-02')).toBe('2 August 2026');
  });
});

import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import { contentIn, translationChain, untranslated } from '../../src/content/translations.js';
import { TRANSLATED_LOCALES, TRANSLATIONS_IN_PROGRESS } from '../i18n/support.js';

const realData = path.join(PROJECT_ROOT, 'data');
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'phb-translations-'));
  for (const file of ['cast.json', 'release.json', 'trivia.json']) {
    await cp(path.join(realData, file), path.join(dataDir, file));
  }
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function translate(locale: string, file: string, json: unknown): Promise<void> {
  await mkdir(path.join(dataDir, 'i18n', locale), { recursive: true });
  await writeFile(path.join(dataDir, 'i18n', locale, file), JSON.stringify(json));
}

describe('content translations', () => {
  it('show each translated field in its language and every other field in English', async () => {
    await translate('de', 'trivia.json', {
      questions: { 'cast-cassie-actor': { question: 'Wer spielt Cassie Salazar in beiden Filmen?' } },
    });
    await translate('de', 'cast.json', {
      people: { 'sofia-carson': { films: { sequel: 'Wieder als Cassie.' } } },
    });
    const content = await loadContent(dataDir);
    const english = content.trivia.find((q) => q.id === 'cast-cassie-actor')!;
    const german = contentIn(content, 'de').trivia.find((q) => q.id === 'cast-cassie-actor')!;
    expect(german.question).toBe('Wer spielt Cassie Salazar in beiden Filmen?');
    expect(german.answer).toBe(english.answer);
    expect(german.explanation).toBe(english.explanation);
    const sofia = contentIn(content, 'de').cast.find((person) => person.id === 'sofia-carson')!;
    expect(sofia.films.sequel).toBe('Wieder als Cassie.');
    expect(sofia.name).toBe('Sofia Carson');
    expect(sofia.statusNote).toBe(content.cast.find((person) => person.id === 'sofia-carson')!.statusNote);
    expect(contentIn(content, 'en')).toBe(content);
  });

  it('give es-419 the es-ES translation where it has none of its own', async () => {
    await translate('es-ES', 'release.json', {
      window: { label: 'finales del verano de 2026', reading: 'Lectura.' },
    });
    await translate('es-419', 'release.json', { window: { label: 'fines del verano de 2026' } });
    const content = await loadContent(dataDir);
    expect(contentIn(content, 'es-419').release.window).toMatchObject({
      label: 'fines del verano de 2026',
      reading: 'Lectura.',
    });
    expect(contentIn(content, 'es-ES').release.window.label).toBe('finales del verano de 2026');
  });

  it('never mix languages on the answer buttons: answers come whole from one translation', async () => {
    await translate('de', 'trivia.json', { questions: { 'cast-cassie-actor': { answer: 'Sofia Carson' } } });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /^data\/i18n\/de\/trivia\.json: questions\.cast-cassie-actor: give the answer and the three wrong ones together\.$/,
    );
  });

  it('refuse an id the English does not have, naming the file', async () => {
    await translate('fr', 'cast.json', { people: { 'nobody-here': { statusNote: 'Personne.' } } });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /^data\/i18n\/fr\/cast\.json: people\.nobody-here: no such id in data\/cast\.json\.$/,
    );
  });

  it('hold translations to the English limits: an answer longer than a button is refused', async () => {
    await translate('pt-BR', 'trivia.json', {
      questions: { 'cast-cassie-actor': { answer: 'x'.repeat(81), wrong: ['a', 'b', 'c'] } },
    });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /^data\/i18n\/pt-BR\/trivia\.json: questions\.cast-cassie-actor\.answer: .*80/,
    );
  });

  it('refuse unknown fields, so a misspelt field is not silently shown in English', async () => {
    await translate('de', 'release.json', { window: { lable: 'Spätsommer 2026' } });
    await expect(loadContent(dataDir)).rejects.toThrow(/^data\/i18n\/de\/release\.json: window: .*lable/);
  });

  it('translate a part described in words, but refuse a translated character name', async () => {
    await translate('fr', 'cast.json', {
      people: { 'alexa-demie': { character: 'une cadre de l’industrie musicale' } },
    });
    const content = await loadContent(dataDir);
    const alexa = contentIn(content, 'fr').cast.find((person) => person.id === 'alexa-demie')!;
    expect(alexa.character).toBe('une cadre de l’industrie musicale');
    expect(contentIn(content, 'en').cast.find((person) => person.id === 'alexa-demie')!.character).toBe(
      'a music executive',
    );

    await translate('fr', 'cast.json', { people: { 'sofia-carson': { character: 'Cassie' } } });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /^data\/i18n\/fr\/cast\.json: people\.sofia-carson\.character: only a part described in words/,
    );
  });

  it('list what a language has left to translate', async () => {
    const person = { statusNote: 'N.', films: { original: 'O.', sequel: 'S.' } };
    await translate('fr', 'cast.json', { people: { 'sofia-carson': person } });
    const content = await loadContent(dataDir);
    const missing = untranslated(content, translationChain(content, 'fr'));
    expect(missing).not.toContain('cast.json: people.sofia-carson.statusNote');
    expect(missing).toContain('cast.json: people.nicholas-galitzine.statusNote');
    expect(missing).toContain('cast.json: people.alexa-demie.character');
    expect(missing).not.toContain('cast.json: people.sofia-carson.character');
    expect(missing).toContain('release.json: window.label');
    expect(missing).toContain(`trivia.json: questions.${content.trivia[0]!.id}.explanation`);
  });
});

describe('the shipped translations', () => {
  it('load, and every language not in progress has translated every built-in item', async () => {
    const content = await loadContent(realData);
    for (const locale of TRANSLATED_LOCALES) {
      if (TRANSLATIONS_IN_PROGRESS.has(locale)) continue;
      expect(untranslated(content, translationChain(content, locale)), locale).toEqual([]);
    }
  });
});

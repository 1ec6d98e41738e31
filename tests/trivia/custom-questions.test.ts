import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { LOCALES, localizedText, type Locale } from '../../src/i18n/index.js';
import {
  CustomQuestions,
  MAX_CUSTOM_QUESTIONS,
  readCustomQuestions,
  validateCustomQuestion,
} from '../../src/trivia/custom-questions.js';
import { customQuestionsKey } from '../../src/trivia/keys.js';
import { KeyedLock } from '../../src/keyed-lock.js';
import { MemoryStore } from '../support/memory-store.js';

const good = {
  question: '  Where does Cassie perform her first song?  ',
  answer: 'A bar in Oceanside',
  wrong: ['A stadium', 'A Navy base', 'A radio station'],
  category: 'original-film',
  difficulty: 'easy',
};

function refusal(input: Partial<typeof good>): string {
  try {
    validateCustomQuestion({ ...good, ...input });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('validateCustomQuestion', () => {
  it('accepts a good question and trims its fields', () => {
    expect(validateCustomQuestion(good)).toEqual({
      ...good,
      question: 'Where does Cassie perform her first song?',
    });
  });

  it('refuses two choices that differ only in case', () => {
    expect(refusal({ wrong: ['a bar in oceanside', 'A Navy base', 'A radio station'] })).toMatch(
      /four answers must all be different \(ignoring case\); “a bar in oceanside” is there twice/,
    );
  });

  it('refuses a choice longer than a button label may be', () => {
    expect(refusal({ answer: 'x'.repeat(81) })).toMatch(
      /The correct answer is too long for a button: at most 80/,
    );
    expect(refusal({ wrong: ['A stadium', 'y'.repeat(90), 'A radio station'] })).toMatch(
      /Wrong answer 2 is too long/,
    );
  });

  it('refuses an empty or blank field, naming it', () => {
    expect(refusal({ question: '   ' })).toMatch(/The question is empty/);
    expect(refusal({ wrong: ['A stadium', 'A Navy base', ''] })).toMatch(/Wrong answer 3 is empty/);
  });

  it('refuses an over-long question and lists every problem at once', () => {
    const message = refusal({ question: 'q'.repeat(301), answer: '' });
    expect(message).toMatch(/The question is too long: at most 300/);
    expect(message).toMatch(/The correct answer is empty/);
  });

  it('refuses a category or difficulty it does not know', () => {
    expect(refusal({ category: 'gossip' })).toMatch(/The category is not valid/);
    expect(refusal({ difficulty: 'extreme' })).toMatch(/The difficulty is not valid/);
  });

  it("lists every problem in the moderator's language, naming each field in it", () => {
    const input = {
      ...good,
      question: 'q'.repeat(301),
      answer: '',
      wrong: ['A stadium', 'x'.repeat(81), 'A radio station'],
    };
    let refused: UserError | undefined;
    try {
      validateCustomQuestion(input);
    } catch (error) {
      refused = error as UserError;
    }
    expect(refused?.localized).toBeDefined();
    const said = (locale: Locale) => localizedText(locale, refused!.localized!);
    expect(said('de')).toBe(
      'Die Frage wurde nicht hinzugefügt:\n' +
        '• Die Frage ist zu lang: höchstens 300 Zeichen.\n' +
        '• Die richtige Antwort ist leer.\n' +
        '• Falsche Antwort 2 ist zu lang für einen Button: höchstens 80 Zeichen.',
    );
    expect(said('en')).toBe(refused?.message);
    for (const locale of LOCALES) {
      const lines = said(locale).split('\n');
      expect(lines, locale).toHaveLength(4);
      if (locale !== 'en') {
        // Nothing of the English is left: neither the heading nor a field's name nor a problem's words.
        expect(said(locale), locale).not.toMatch(
          /not added|is empty|too long|for a button|correct answer|wrong answer/i,
        );
      }
    }
    const duplicate = (locale: Locale) => {
      try {
        validateCustomQuestion({ ...good, wrong: ['a bar in oceanside', 'A Navy base', 'A radio station'] });
      } catch (error) {
        return localizedText(locale, (error as UserError).localized!);
      }
      throw new Error('expected a refusal');
    };
    expect(duplicate('pt-BR')).toMatch(
      /^A pergunta não foi adicionada:\n• As quatro respostas .*“a bar in oceanside” aparece duas vezes\.$/,
    );
  });

  it('shows typed text without markdown or mentions', () => {
    expect(refusal({ wrong: ['@everyone', '@EVERYONE', 'x'] })).toMatch(
      /“@\u200beveryone” is there twice|“@\u200bEVERYONE” is there twice/,
    );
  });
});

describe('CustomQuestions', () => {
  const make = () => {
    const store = new MemoryStore();
    return {
      store,
      questions: new CustomQuestions(store, new KeyedLock(), () => new Date('2026-05-01T10:00:00Z')),
    };
  };

  it('stores a question with a new id, who added it and when', async () => {
    const { store, questions } = make();
    const added = await questions.add('g1', good, 'mod');
    expect(added).toMatchObject({ id: 'custom-1', addedBy: 'mod', addedAt: '2026-05-01T10:00:00.000Z' });
    expect(readCustomQuestions(store.data.get(customQuestionsKey('g1'))).questions).toHaveLength(1);
    expect(await questions.list('g2')).toEqual([]);
  });

  it('never reuses an id, even after a removal', async () => {
    const { questions } = make();
    await questions.add('g1', good, 'mod');
    await questions.remove('g1', 'custom-1');
    expect((await questions.add('g1', good, 'mod')).id).toBe('custom-2');
  });

  it('refuses the same question twice', async () => {
    const { questions } = make();
    await questions.add('g1', good, 'mod');
    await expect(
      questions.add('g1', { ...good, question: 'WHERE does Cassie perform her first song?' }, 'mod'),
    ).rejects.toThrow(/already has that question \(`custom-1`\)/);
  });

  it('says so when asked to remove a question that is not there', async () => {
    const { questions } = make();
    await expect(questions.remove('g1', 'custom-7')).rejects.toThrow(/no question `custom-7`/);
  });

  it('refuses more than the limit', async () => {
    const { store, questions } = make();
    await store.set(customQuestionsKey('g1'), {
      version: 1,
      nextId: MAX_CUSTOM_QUESTIONS + 1,
      questions: Array.from({ length: MAX_CUSTOM_QUESTIONS }, (_, i) => ({
        ...validateCustomQuestion({ ...good, question: `Question ${i}?` }),
        id: `custom-${i + 1}`,
        addedBy: 'mod',
        addedAt: '2026-05-01T10:00:00.000Z',
      })),
    });
    await expect(questions.add('g1', good, 'mod')).rejects.toThrow(/the most it can have/);
    // The same answer before the form opens, so a moderator does not type a question for nothing.
    await expect(questions.requireRoom('g1')).rejects.toThrow(/the most it can have/);
    await expect(questions.requireRoom('g2')).resolves.toBeUndefined();
  });

  it('keeps nothing of a question the store could not save', async () => {
    const { store, questions } = make();
    store.failWrites = true;
    await expect(questions.add('g1', good, 'mod')).rejects.toThrow();
    store.failWrites = false;
    expect(await questions.list('g1')).toEqual([]);
  });

  it('finds questions by id or words for autocomplete, newest first', async () => {
    const { questions } = make();
    await questions.add('g1', good, 'mod');
    await questions.add('g1', { ...good, question: 'Who sings Come Back Home?' }, 'mod');
    expect((await questions.search('g1', '')).map((q) => q.id)).toEqual(['custom-2', 'custom-1']);
    expect((await questions.search('g1', 'sings')).map((q) => q.id)).toEqual(['custom-2']);
  });
});

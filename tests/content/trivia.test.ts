/**
 * The built-in questions against each other: asked in the same game, no question may give another away, and
 * the set as a whole keeps its promises (enough questions in every category, one spelling convention).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content/load.js';
import { TRIVIA_CATEGORIES, type TriviaQuestion } from '../../src/content/schemas.js';

let content: Content;
beforeAll(async () => {
  content = await loadContent(path.join(PROJECT_ROOT, 'data'));
});

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** Whether `phrase` occurs in `text` as whole words. */
function mentions(text: string, phrase: string): boolean {
  const escaped = fold(phrase).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(fold(text));
}

/** What may appear anywhere: the films' titles and the two leads' names. */
function allowed(content: Content): Set<string> {
  const leads = content.cast.filter((person) => person.group === 'main').map((person) => fold(person.name));
  return new Set([fold(content.release.title), 'purple hearts', ...leads]);
}

/**
 * The words that give an answer away: the answer itself and, when it is a person in the cast, their surname (a
 * question naming "Rosenbaum" answers "who directed…?").
 */
function giveAways(question: TriviaQuestion, content: Content): string[] {
  const words = [question.answer];
  const person = content.cast.find((p) => fold(p.name) === fold(question.answer));
  const surname = person?.name.split(' ').at(-1);
  if (surname !== undefined) words.push(surname);
  return words;
}

/** Every pair of questions where one shows what answers the other. */
function giveAwayPairs(content: Content, shown: (question: TriviaQuestion) => string): string[] {
  const free = allowed(content);
  const found: string[] = [];
  for (const answered of content.trivia) {
    if (free.has(fold(answered.answer))) continue;
    for (const word of giveAways(answered, content)) {
      for (const other of content.trivia) {
        if (other === answered) continue;
        if (mentions(shown(other), word))
          found.push(`${other.id} shows "${word}", the answer of ${answered.id}`);
      }
    }
  }
  return found;
}

describe('the built-in trivia questions', () => {
  it('number at least 100, with at least 12 in each of the five categories', () => {
    expect(content.trivia.length).toBeGreaterThanOrEqual(100);
    for (const category of TRIVIA_CATEGORIES) {
      expect(content.trivia.filter((q) => q.category === category).length, category).toBeGreaterThanOrEqual(
        12,
      );
    }
  });

  it('would catch a give-away: an answer, or a person’s surname, in another question', () => {
    const [first, second] = content.trivia;
    if (first === undefined || second === undefined) throw new Error('no questions');
    const planted = (answer: string, text: string): Content => ({
      ...content,
      trivia: [
        { ...first, answer },
        { ...second, question: text },
      ],
    });
    expect(giveAwayPairs(planted('Javier Julia', 'What does Julia film?'), (q) => q.question)).toHaveLength(
      1,
    );
    expect(giveAwayPairs(planted('Iraq', 'Who served in Iraq?'), (q) => q.question)).toHaveLength(1);
    expect(giveAwayPairs(planted('Iraq', 'Who served in Iraqi units?'), (q) => q.question)).toEqual([]);
    expect(giveAwayPairs(planted('Sofia Carson', 'Whom does Sofia Carson play?'), (q) => q.question)).toEqual(
      [],
    );
  });

  it('never show one question’s answer in another question’s text (the titles and the leads’ names aside)', () => {
    expect(giveAwayPairs(content, (q) => q.question)).toEqual([]);
  });

  it('never show one question’s answer in another’s explanation either, which the reveal shows mid-game', () => {
    expect(giveAwayPairs(content, (q) => q.explanation)).toEqual([]);
  });

  it('never share an explanation', () => {
    const seen = new Map<string, string>();
    for (const question of content.trivia) {
      const key = fold(question.explanation).replace(/[^a-z0-9 ]/g, '');
      expect(seen.get(key), `${question.id} repeats the explanation of ${seen.get(key)}`).toBeUndefined();
      seen.set(key, question.id);
    }
  });

  it('never ask the same thing twice: no two questions share their correct answer (the leads aside)', () => {
    const seen = new Map<string, string>();
    const free = allowed(content);
    for (const question of content.trivia) {
      const key = fold(question.answer);
      if (free.has(key)) continue;
      expect(
        seen.get(key),
        `${question.id} and ${seen.get(key)} both answer "${question.answer}"`,
      ).toBeUndefined();
      seen.set(key, question.id);
    }
  });

  it('use one spelling convention, US, as the status value "rumored" does', () => {
    const british =
      /\b(rumour\w*|colour\w*|flavour\w*|favour\w*|honour\w*|behaviour\w*|glamour|centre[sd]?|theatres?|fuelled|travelled|cancelled|labelled|modelled|counsellors?|recognis\w*|realis\w*|organis\w*|apologis\w*|criticis\w*)\b/i;
    const texts = [
      ...content.trivia.flatMap((q) => [q.question, q.answer, ...q.wrong, q.explanation]),
      ...content.cast.flatMap((p) => [
        p.statusNote,
        p.films.original ?? '',
        p.films.sequel ?? '',
        p.character ?? '',
      ]),
      content.release.window.label,
      content.release.window.reading,
      ...content.release.milestones.flatMap((m) => [m.label, m.note]),
    ];
    for (const text of texts) expect(text).not.toMatch(british);
  });

  it('flags the questions that rest on the article’s hedges as rumors', () => {
    const rumors = new Set(content.trivia.filter((q) => q.rumour).map((q) => q.id));
    // Baby Peaches "(or a new addition?)" and "a potential pregnancy plot" are hedged in the article.
    expect(rumors).toContain('seq-baby-name');
    expect(rumors).toContain('seq-pregnancy-tease');
  });

  it('keeps to what the article says, without the embellishments a review found', () => {
    const text = JSON.stringify(content.trivia);
    for (const phrase of [
      'early petitions',
      'struggling band',
      'digs into',
      'reckless young Marine',
      'at the time of the announcement',
      'when the sequel was announced',
      'aches',
      'in the sequel shoot',
    ]) {
      expect(mentions(text, phrase), phrase).toBe(false);
    }
  });
});

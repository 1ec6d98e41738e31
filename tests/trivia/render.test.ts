import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import type { TriviaQuestion } from '../../src/content/schemas.js';
import { openQuestion, type GameRecord, type OpenQuestion } from '../../src/trivia/game.js';
import { renderQuestionOfTheDay } from '../../src/qotd/job.js';
import { FILM_LABELS, fromBuiltIn, RUMOR_NOTICE } from '../../src/trivia/questions.js';
import {
  renderQuestion,
  renderReveal,
  renderStoppedQuestion,
  type MessageBody,
} from '../../src/trivia/render.js';
import { toPoolQuestion } from '../../src/trivia/custom-questions.js';

let trivia: readonly TriviaQuestion[];
beforeAll(async () => {
  trivia = (await loadContent(path.join(PROJECT_ROOT, 'data'))).trivia;
});

const game: GameRecord = {
  version: 1,
  id: 'game1',
  guildId: '1',
  channelId: '2',
  starterId: '3',
  filter: { category: 'any', difficulty: 'any', source: 'both' },
  rounds: 5,
  round: 1,
  answerMs: 20_000,
  quietRounds: 0,
  asked: [],
  points: {},
  startedAt: '2026-05-10T12:00:00.000Z',
  phase: 'question',
};

function opened(question: Parameters<typeof openQuestion>[0]): OpenQuestion {
  return {
    ...openQuestion(question, {
      askedAt: new Date('2026-05-10T12:00:00Z'),
      answerMs: 20_000,
      random: () => 0.5,
    }),
    messageId: '4',
  };
}

const results = { roundId: 'game1:1', month: '2026-05', entries: [] };

/** Every way a built-in question is shown to members: asked, revealed, stopped, and as the question of the day. */
function shown(question: TriviaQuestion): MessageBody[] {
  const open = opened(fromBuiltIn(question));
  return [
    renderQuestion(game, open),
    renderReveal(game, open, results, { late: false }),
    renderStoppedQuestion(game, open),
    renderQuestionOfTheDay(fromBuiltIn(question), open.choices, '2026-05-10'),
  ];
}

describe('what a built-in question shows', () => {
  it('includes rumor-flagged questions among the shipped ones', () => {
    expect(trivia.filter((question) => question.rumour).length).toBeGreaterThan(0);
  });

  it('marks a question resting on a rumor, on the question and on its reveal, and no other', () => {
    for (const question of trivia) {
      for (const body of shown(question)) {
        const description = body.embeds?.[0]?.description ?? '';
        expect(description.includes(RUMOR_NOTICE), question.id).toBe(question.rumour);
      }
    }
  });

  it('says which film the question is about, on the question and on its reveal', () => {
    for (const question of trivia) {
      for (const body of shown(question)) {
        expect(body.embeds?.[0]?.footer?.text, question.id).toContain(FILM_LABELS[question.film]);
      }
    }
  });

  it('writes "rumored" in US spelling wherever it shows a question', () => {
    const text = JSON.stringify(trivia.flatMap(shown));
    expect(text).toMatch(/rumored/i);
    expect(text).not.toMatch(/rumour/i);
  });

  it('shows no film for a server’s own question, which does not say', () => {
    const custom = toPoolQuestion({
      id: 'custom-1',
      question: 'Who sings?',
      answer: 'Cassie',
      wrong: ['Luke', 'Frankie', 'Toby'],
      category: 'music',
      difficulty: 'easy',
      addedBy: '5',
      addedAt: '2026-05-10T12:00:00.000Z',
    });
    const footer = renderQuestion(game, opened(custom)).embeds?.[0]?.footer?.text;
    expect(footer).toBe("Music · Easy · This server's own question");
  });

  it('still shows a question stored by an earlier version, without the flags it did not keep', () => {
    const { film: _film, rumour: _rumour, ...older } = opened(fromBuiltIn(trivia[0]!));
    const body = renderQuestion(game, older);
    expect(body.embeds?.[0]?.description).not.toContain(RUMOR_NOTICE);
    expect(body.embeds?.[0]?.footer?.text).toMatch(/^[A-Z]/);
  });
});

import { describe, expect, it } from 'vitest';
import { AnswerLog, ANSWERS_PER_PAGE, storedAnswers } from '../../src/trivia/answers.js';
import type { AnswerRecord } from '../../src/trivia/game.js';
import { answerKey, gameKey } from '../../src/trivia/keys.js';
import { useTempSqliteStore } from '../support/temp-sqlite.js';

const QUESTION = { guildId: '100000000000000001', channelId: '200000000000000001', id: 'game1', round: 3 };
const AT = '2026-05-10T12:00:05.000Z';
const answer = (userId: string, choice = 0): AnswerRecord => ({ userId, choice, at: AT });

const sqlite = useTempSqliteStore('answers');

const pageKey = (page: number) =>
  answerKey(QUESTION.guildId, QUESTION.channelId, QUESTION.id, QUESTION.round, page);

describe('the answers to a question', () => {
  it('stores answers in pages of a bounded size, and reads them all back in order, however many', async () => {
    const log = AnswerLog.empty(sqlite.store, QUESTION);
    const members = Array.from({ length: 10 * ANSWERS_PER_PAGE + 3 }, (_, index) => `member-${index}`);
    for (const [index, member] of members.entries()) await log.add(answer(member, index % 4));
    expect(log.pages).toBe(11);
    expect(await sqlite.store.get(pageKey(9))).toHaveLength(ANSWERS_PER_PAGE);
    const stored = members.map((member, index) => answer(member, index % 4));
    expect(await sqlite.store.get(pageKey(10))).toEqual(stored.slice(-3));

    const loaded = await AnswerLog.load(sqlite.store, QUESTION);
    expect(loaded.answers.map((entry) => entry.userId)).toEqual(members);
    expect(loaded.pages).toBe(11);
    expect(loaded.of('member-5')).toEqual(answer('member-5', 1));
    expect(loaded.of('stranger')).toBeUndefined();
  });

  it("keeps answers of another round or game apart, and counts an older record's answers first", async () => {
    await AnswerLog.empty(sqlite.store, QUESTION).add(answer('this-round'));
    await AnswerLog.empty(sqlite.store, { ...QUESTION, round: 4 }).add(answer('next-round'));
    await AnswerLog.empty(sqlite.store, { ...QUESTION, id: 'game2' }).add(answer('other-game'));

    const loaded = await AnswerLog.load(sqlite.store, QUESTION, [answer('kept-in-record'), { junk: true }]);
    expect(loaded.answers.map((entry) => entry.userId)).toEqual(['kept-in-record', 'this-round']);
    expect(loaded.isFor(QUESTION)).toBe(true);
    expect(loaded.isFor({ ...QUESTION, round: 4 })).toBe(false);
  });

  it('deletes every page and the one after the last, and can do so again', async () => {
    const log = AnswerLog.empty(sqlite.store, QUESTION);
    for (let index = 0; index < ANSWERS_PER_PAGE + 1; index++) await log.add(answer(`member-${index}`));
    await sqlite.store.set(pageKey(2), [answer('reported-failed')]);
    await log.discard();
    await log.discard();
    for (const page of [0, 1, 2]) expect(await sqlite.store.get(pageKey(page))).toBeUndefined();
    expect((await AnswerLog.load(sqlite.store, QUESTION)).answers).toEqual([]);
  });

  it("reads a channel's stored answers from the game record and the slots", async () => {
    expect(await storedAnswers(sqlite.store, QUESTION.guildId, QUESTION.channelId)).toEqual([]);
    await sqlite.store.set(gameKey(QUESTION.guildId, QUESTION.channelId), {
      version: 1,
      id: QUESTION.id,
      round: QUESTION.round,
      question: { answers: [] },
    });
    await AnswerLog.empty(sqlite.store, QUESTION).add(answer('fan'));
    expect(await storedAnswers(sqlite.store, QUESTION.guildId, QUESTION.channelId)).toEqual([answer('fan')]);
  });
});

import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/keyed-lock.js';
import { eligiblePool, fromBuiltIn, type PoolQuestion } from '../../src/trivia/questions.js';
import { pickQuestion, Rotation } from '../../src/trivia/rotation.js';
import { MemoryStore } from '../support/memory-store.js';
import { builtInQuestions } from './support.js';

const all = builtInQuestions(10).map(fromBuiltIn);
const known = new Set(all.map((q) => q.id));
/** A deterministic "random" walking through [0, 1). */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

function drawAll(pool: readonly PoolQuestion[], asked: string[], times: number, random = Math.random) {
  const ids: string[] = [];
  let current = asked;
  for (let i = 0; i < times; i++) {
    const pick = pickQuestion(pool, current, { avoid: new Set(), known, random });
    if (pick === undefined) throw new Error('no pick');
    ids.push(pick.question.id);
    current = pick.asked;
  }
  return { ids, asked: current };
}

describe('pickQuestion', () => {
  it('goes through the whole pool before any question comes back', () => {
    const { ids } = drawAll(all, [], 10);
    expect(new Set(ids).size).toBe(10);
  });

  it('starts a new pass once the pool is used up, and says so', () => {
    const { asked } = drawAll(all, [], 10);
    const next = pickQuestion(all, asked, { avoid: new Set(), known, random: Math.random });
    expect(next?.newPass).toBe(true);
    expect(next?.asked).toEqual([next?.question.id]);
  });

  it("clears only the used-up pool's questions, keeping another pool's progress", () => {
    const cast = eligiblePool(all, [], { category: 'cast', difficulty: 'any', source: 'built-in' });
    const music = eligiblePool(all, [], { category: 'music', difficulty: 'any', source: 'built-in' });
    const afterMusic = drawAll(music, [], 1).asked;
    const afterCast = drawAll(cast, afterMusic, cast.length).asked;
    const newPass = pickQuestion(cast, afterCast, { avoid: new Set(), known, random: Math.random });
    expect(newPass?.newPass).toBe(true);
    expect(newPass?.asked).toContain(afterMusic[0]);
  });

  it('does not repeat a question of the same game across a new pass when it can help it', () => {
    const pool = all.slice(0, 3);
    const asked = pool.map((q) => q.id);
    for (let i = 0; i < 20; i++) {
      const pick = pickQuestion(pool, asked, {
        avoid: new Set(['q1', 'q2']),
        known,
        random: Math.random,
      });
      expect(pick?.question.id).toBe('q3');
    }
  });

  it('forgets ids of questions that no longer exist', () => {
    const pick = pickQuestion(all, ['custom-9', 'q1'], { avoid: new Set(), known, random: sequence(0) });
    expect(pick?.asked).not.toContain('custom-9');
    expect(pick?.asked).toContain('q1');
  });

  it('has nothing to pick from an empty pool', () => {
    expect(pickQuestion([], [], { avoid: new Set(), known, random: Math.random })).toBeUndefined();
  });
});

describe('Rotation', () => {
  it('keeps each server’s pass in the store, so a new process carries on where the last one stopped', async () => {
    const store = new MemoryStore();
    const first = new Rotation(store, new KeyedLock(), Math.random);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++)
      seen.add((await first.next('g1', all, { avoid: new Set(), known }))?.id ?? '');
    const second = new Rotation(store, new KeyedLock(), Math.random);
    for (let i = 0; i < 4; i++)
      seen.add((await second.next('g1', all, { avoid: new Set(), known }))?.id ?? '');
    expect(seen.size).toBe(10);
    expect(await second.asked('g2')).toEqual([]);
  });

  it('gives two games picking at once two different questions', async () => {
    const rotation = new Rotation(new MemoryStore(), new KeyedLock(), Math.random);
    const picks = await Promise.all(
      Array.from({ length: 10 }, () => rotation.next('g1', all, { avoid: new Set(), known })),
    );
    expect(new Set(picks.map((q) => q?.id)).size).toBe(10);
  });
});

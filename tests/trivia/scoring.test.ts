import { describe, expect, it } from 'vitest';
import {
  BASE_POINTS,
  MAX_SPEED_BONUS,
  MAX_STREAK_BONUS,
  scoreAnswer,
  speedBonus,
  streakBonus,
  STREAK_STEP,
} from '../../src/trivia/scoring.js';

const askedAt = new Date('2026-05-01T12:00:00Z');
const deadline = new Date('2026-05-01T12:00:20Z');
const at = (seconds: number) => new Date(askedAt.getTime() + seconds * 1000);

describe('speedBonus', () => {
  it('gives the whole bonus for an answer at once and none at the deadline', () => {
    expect(speedBonus(askedAt, askedAt, deadline)).toBe(MAX_SPEED_BONUS);
    expect(speedBonus(askedAt, deadline, deadline)).toBe(0);
  });

  it('shrinks in proportion to the time used', () => {
    expect(speedBonus(askedAt, at(5), deadline)).toBe(38);
    expect(speedBonus(askedAt, at(10), deadline)).toBe(25);
  });

  it('never goes below nothing or above the maximum, whatever the clock says', () => {
    expect(speedBonus(askedAt, at(-3), deadline)).toBe(MAX_SPEED_BONUS);
    expect(speedBonus(askedAt, at(30), deadline)).toBe(0);
  });
});

describe('streakBonus', () => {
  it('grows by a step for each earlier correct answer in a row, up to a cap', () => {
    expect(streakBonus(0)).toBe(0);
    expect(streakBonus(1)).toBe(STREAK_STEP);
    expect(streakBonus(3)).toBe(3 * STREAK_STEP);
    expect(streakBonus(100)).toBe(MAX_STREAK_BONUS);
  });
});

describe('scoreAnswer', () => {
  it('adds the base, the speed bonus and the streak bonus for a correct answer', () => {
    const scored = scoreAnswer({ correct: true, askedAt, answeredAt: at(10), deadline, streakBefore: 2 });
    expect(scored).toEqual({
      correct: true,
      points: BASE_POINTS + 25 + 2 * STREAK_STEP,
      speedBonus: 25,
      streakBonus: 2 * STREAK_STEP,
      streak: 3,
    });
  });

  it('scores a faster correct answer higher than a slower one', () => {
    const fast = scoreAnswer({ correct: true, askedAt, answeredAt: at(1), deadline, streakBefore: 0 });
    const slow = scoreAnswer({ correct: true, askedAt, answeredAt: at(15), deadline, streakBefore: 0 });
    expect(fast.points).toBeGreaterThan(slow.points);
  });

  it('gives nothing for a wrong answer and ends the streak', () => {
    expect(scoreAnswer({ correct: false, askedAt, answeredAt: at(1), deadline, streakBefore: 7 })).toEqual({
      correct: false,
      points: 0,
      speedBonus: 0,
      streakBonus: 0,
      streak: 0,
    });
  });
});

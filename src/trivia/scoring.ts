/**
 * Points for one answer: a base for a correct answer, a speed bonus that shrinks from its maximum (answered at
 * once) to nothing (answered at the deadline), and a streak bonus for each correct answer in a row before this
 * one, capped. A wrong answer scores nothing and ends the member's streak; not answering leaves it as it is.
 */

export const BASE_POINTS = 100;
export const MAX_SPEED_BONUS = 50;
/** Streak bonus per earlier correct answer in a row. */
export const STREAK_STEP = 10;
export const MAX_STREAK_BONUS = 50;

/** The speed bonus of an answer given at `answeredAt` for a question open from `askedAt` until `deadline`. */
export function speedBonus(askedAt: Date, answeredAt: Date, deadline: Date): number {
  const total = deadline.getTime() - askedAt.getTime();
  if (total <= 0) return 0;
  const left = Math.min(total, Math.max(0, deadline.getTime() - answeredAt.getTime()));
  return Math.round((MAX_SPEED_BONUS * left) / total);
}

/** The bonus of a correct answer after `streakBefore` correct answers in a row. */
export function streakBonus(streakBefore: number): number {
  return Math.min(MAX_STREAK_BONUS, STREAK_STEP * Math.max(0, streakBefore));
}

export interface ScoredAnswer {
  correct: boolean;
  points: number;
  speedBonus: number;
  streakBonus: number;
  /** The member's streak after this answer. */
  streak: number;
}

export function scoreAnswer(input: {
  correct: boolean;
  askedAt: Date;
  answeredAt: Date;
  deadline: Date;
  streakBefore: number;
}): ScoredAnswer {
  if (!input.correct) return { correct: false, points: 0, speedBonus: 0, streakBonus: 0, streak: 0 };
  const speed = speedBonus(input.askedAt, input.answeredAt, input.deadline);
  const streak = streakBonus(input.streakBefore);
  return {
    correct: true,
    points: BASE_POINTS + speed + streak,
    speedBonus: speed,
    streakBonus: streak,
    streak: input.streakBefore + 1,
  };
}

/**
 * Where a countdown stands at a given moment. Days are local calendar days in one time zone (a server's countdown
 * timezone, or Etc/UTC in a direct message), so "3 days to go" changes at that zone's midnight, not 24 hours
 * after some instant.
 */
import type { Release } from '../content/schemas.js';
import type { CountdownTarget } from './target.js';
import { daysBetween, localDate } from './zoned-time.js';

const HOUR_MS = 60 * 60_000;

/** What every state carries: the zone its days are counted in and today's date there. */
interface Counted {
  timeZone: string;
  /** Today's date (YYYY-MM-DD) in `timeZone`. */
  today: string;
}

export type CountdownState = Counted &
  (
    | {
        /** An exact target on a later local day. */
        phase: 'upcoming';
        at: Date;
        /** Local calendar days from today to the target's day (at least 1). */
        daysLeft: number;
        /** Whole hours until the target instant. */
        hoursLeft: number;
      }
    | {
        /** Only a window is known, and it starts on a later day. */
        phase: 'window-upcoming';
        start: string;
        end: string;
        /** Local calendar days from today to the window's first day (at least 1). */
        daysUntilWindow: number;
      }
    | {
        /** Today is inside the window and no date is known: any day now. */
        phase: 'window-open';
        start: string;
        end: string;
        /** Local calendar days from today to the window's last day (0 on that day). */
        daysLeftInWindow: number;
      }
    | {
        /** The window is over and no date was announced. */
        phase: 'window-passed';
        start: string;
        end: string;
        /** Local calendar days since the window's last day (at least 1). */
        daysSinceWindow: number;
      }
    | {
        /** Today is the target's day, as counted in `timeZone`. */
        phase: 'release-day';
        at: Date;
        /** Always 0: the day itself, for {@link milestoneFor}. */
        daysLeft: 0;
        /** Whether the target instant has come already. */
        passed: boolean;
        /** Whole hours until the target instant, 0 once it has passed. */
        hoursLeft: number;
      }
    | {
        /** The target's day is over. */
        phase: 'released';
        at: Date;
        /** Local calendar days since the target's day (at least 1). */
        daysSince: number;
      }
  );

export type CountdownPhase = CountdownState['phase'];

/**
 * Where `target` stands at `now`, counting local calendar days in `timeZone`. An exact target's day is the date
 * its instant falls on in `timeZone` (a 20:00 New York premiere is the next day in Tokyo). A window's dates are
 * plain calendar dates and are compared with today's date in `timeZone`, with no time of day.
 */
export function countdownState(target: CountdownTarget, now: Date, timeZone: string): CountdownState {
  const today = localDate(now, timeZone);
  const counted = { timeZone, today };
  if (target.kind === 'window') {
    const { start, end } = target;
    if (today < start) {
      return { ...counted, phase: 'window-upcoming', start, end, daysUntilWindow: daysBetween(today, start) };
    }
    if (today <= end) {
      return { ...counted, phase: 'window-open', start, end, daysLeftInWindow: daysBetween(today, end) };
    }
    return { ...counted, phase: 'window-passed', start, end, daysSinceWindow: daysBetween(end, today) };
  }
  const { at } = target;
  const day = localDate(at, timeZone);
  const hoursLeft = Math.max(0, Math.floor((at.getTime() - now.getTime()) / HOUR_MS));
  const daysLeft = daysBetween(today, day);
  if (daysLeft > 0) return { ...counted, phase: 'upcoming', at, daysLeft, hoursLeft };
  if (daysLeft === 0) {
    return {
      ...counted,
      phase: 'release-day',
      at,
      daysLeft: 0,
      passed: now.getTime() >= at.getTime(),
      hoursLeft,
    };
  }
  return { ...counted, phase: 'released', at, daysSince: -daysLeft };
}

/**
 * Whether daily countdown posts should run. Yes while there is something ahead: an exact target on a later day
 * (`upcoming`), a window not yet open (`window-upcoming`), and a window that is open with no date yet
 * (`window-open`: the release may come any day, so the "any day now" post still counts down to something).
 * `release-day` counts too, whether or not the time has passed: it is the last post day, the day's post being
 * the "today" post. No once the target's day is over (`released`) or the window has passed with no date
 * (`window-passed`): there is nothing left to count down to until a date is set.
 */
export function hasFutureTarget(state: CountdownState): boolean {
  switch (state.phase) {
    case 'upcoming':
    case 'window-upcoming':
    case 'window-open':
    case 'release-day':
      return true;
    case 'window-passed':
    case 'released':
      return false;
  }
}

/** The days before the target that get a milestone post instead of the ordinary one; 0 is the day itself. */
export const MILESTONE_DAYS = [100, 50, 30, 14, 7, 3, 1, 0] as const;
export type MilestoneDay = (typeof MILESTONE_DAYS)[number];

/** The milestone of a day with `daysLeft` days to go, or null for an ordinary day. */
export function milestoneFor(daysLeft: number): MilestoneDay | null {
  return MILESTONE_DAYS.find((day) => day === daysLeft) ?? null;
}

/**
 * The earliest milestone of `release` whose date is after today, or null when none is. Milestone dates are plain
 * calendar dates (month- and season-precision ones give the first day of their span), compared with today's
 * date in UTC, since milestones belong to no server.
 */
export function nextMilestone(release: Release, now: Date): Release['milestones'][number] | null {
  const today = localDate(now, 'Etc/UTC');
  let next: Release['milestones'][number] | null = null;
  for (const milestone of release.milestones) {
    if (milestone.date > today && (next === null || milestone.date < next.date)) next = milestone;
  }
  return next;
}

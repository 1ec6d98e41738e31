import { describe, expect, it } from 'vitest';
import {
  countdownState,
  hasFutureTarget,
  MILESTONE_DAYS,
  milestoneFor,
  nextMilestone,
  type CountdownState,
} from '../../src/countdown/state.js';
import type { CountdownTarget } from '../../src/countdown/target.js';
import { releaseWith, shippedRelease, TODAY, watchParty, windowTarget } from './fixtures.js';

const at = (iso: string) => new Date(iso);

describe('countdownState for an exact target', () => {
  it('counts an upcoming target in local calendar days and whole hours', () => {
    expect(countdownState(watchParty, TODAY, 'Etc/UTC')).toEqual({
      phase: 'upcoming',
      timeZone: 'Etc/UTC',
      today: '2026-11-25',
      at: watchParty.at,
      daysLeft: 82,
      hoursLeft: 1959,
    });
  });

  it("counts days in the zone passed in, so a server's midnight decides the day", () => {
    // 01:00 UTC on 15 February is still the 14th in New York.
    expect(countdownState(watchParty, TODAY, 'America/New_York')).toMatchObject({
      phase: 'upcoming',
      today: '2026-11-25',
      daysLeft: 81,
    });
    // Noon UTC on the 14th: release day in New York (20:00 there), one day to go in UTC (01:00 on the 15th).
    const noon = at('2027-02-14T12:00:00Z');
    expect(countdownState(watchParty, noon, 'America/New_York')).toMatchObject({ phase: 'release-day' });
    expect(countdownState(watchParty, noon, 'Etc/UTC')).toMatchObject({ phase: 'upcoming', daysLeft: 1 });
  });

  it('is release day, not yet passed, earlier on the target’s local day', () => {
    expect(countdownState(watchParty, at('2027-02-14T15:00:00Z'), 'America/New_York')).toEqual({
      phase: 'release-day',
      timeZone: 'America/New_York',
      today: '2027-02-14',
      at: watchParty.at,
      daysLeft: 0,
      passed: false,
      hoursLeft: 10,
    });
  });

  it('is release day, passed, later on the same local day', () => {
    expect(countdownState(watchParty, at('2027-02-15T03:00:00Z'), 'America/New_York')).toMatchObject({
      phase: 'release-day',
      passed: true,
      hoursLeft: 0,
    });
    expect(countdownState(watchParty, watchParty.at, 'America/New_York')).toMatchObject({
      phase: 'release-day',
      passed: true,
    });
  });

  it('says how many days ago the target was once its day is over', () => {
    expect(countdownState(watchParty, at('2027-02-20T12:00:00Z'), 'America/New_York')).toEqual({
      phase: 'released',
      timeZone: 'America/New_York',
      today: '2027-02-20',
      at: watchParty.at,
      daysSince: 6,
    });
  });
});

describe('countdownState for the release window', () => {
  it('counts the days until a window still to come', () => {
    expect(countdownState(windowTarget, at('2026-05-01T12:00:00Z'), 'Etc/UTC')).toEqual({
      phase: 'window-upcoming',
      timeZone: 'Etc/UTC',
      today: '2026-05-01',
      start: '2026-08-01',
      end: '2026-09-22',
      daysUntilWindow: 92,
    });
  });

  it('is open from the first to the last day of the window, inclusive', () => {
    expect(countdownState(windowTarget, at('2026-08-01T00:00:00Z'), 'Etc/UTC')).toMatchObject({
      phase: 'window-open',
      daysLeftInWindow: 52,
    });
    expect(countdownState(windowTarget, at('2026-09-22T23:59:00Z'), 'Etc/UTC')).toMatchObject({
      phase: 'window-open',
      daysLeftInWindow: 0,
    });
  });

  it('compares window dates with today in the zone passed in', () => {
    // 31 July, 23:00 in New York is already 1 August in UTC.
    const now = at('2026-08-01T03:00:00Z');
    expect(countdownState(windowTarget, now, 'America/New_York').phase).toBe('window-upcoming');
    expect(countdownState(windowTarget, now, 'Etc/UTC').phase).toBe('window-open');
  });

  it('has passed on TODAY, 25 November 2026, with no date announced', () => {
    expect(countdownState(windowTarget, TODAY, 'Etc/UTC')).toEqual({
      phase: 'window-passed',
      timeZone: 'Etc/UTC',
      today: '2026-11-25',
      start: '2026-08-01',
      end: '2026-09-22',
      daysSinceWindow: 64,
    });
  });
});

describe('hasFutureTarget', () => {
  const stateAt = (iso: string, target: CountdownTarget = watchParty): CountdownState =>
    countdownState(target, at(iso), 'America/New_York');

  it('keeps daily posts going while something is ahead, the release day being the last', () => {
    expect(hasFutureTarget(stateAt('2026-11-25T10:00:00Z'))).toBe(true);
    expect(hasFutureTarget(stateAt('2027-02-14T15:00:00Z'))).toBe(true);
    expect(hasFutureTarget(stateAt('2027-02-15T03:00:00Z'))).toBe(true);
    expect(hasFutureTarget(stateAt('2026-05-01T12:00:00Z', windowTarget))).toBe(true);
    expect(hasFutureTarget(stateAt('2026-08-15T12:00:00Z', windowTarget))).toBe(true);
  });

  it('stops daily posts after the release day and once the window has passed with no date', () => {
    expect(hasFutureTarget(stateAt('2027-02-16T12:00:00Z'))).toBe(false);
    expect(hasFutureTarget(stateAt('2026-11-25T10:00:00Z', windowTarget))).toBe(false);
  });
});

describe('milestones', () => {
  it('lists 100, 50, 30, 14, 7, 3 and 1 days and the day itself', () => {
    expect(MILESTONE_DAYS).toEqual([100, 50, 30, 14, 7, 3, 1, 0]);
  });

  it.each(MILESTONE_DAYS.map((day) => [day]))('makes %i days left a milestone', (day) => {
    expect(milestoneFor(day)).toBe(day);
  });

  it.each([[101], [99], [51], [31], [15], [13], [8], [6], [4], [2], [-1]])(
    'makes %i days left an ordinary day',
    (day) => {
      expect(milestoneFor(day)).toBeNull();
    },
  );
});

describe('nextMilestone', () => {
  it('has none today: every milestone in the shipped content is in the past', () => {
    expect(nextMilestone(shippedRelease, TODAY)).toBeNull();
  });

  it('gives the earliest milestone still to come', () => {
    expect(nextMilestone(shippedRelease, at('2025-12-15T12:00:00Z'))?.id).toBe('production-start');
    expect(nextMilestone(shippedRelease, at('2025-01-15T12:00:00Z'))?.id).toBe('carson-variety-interview');
  });

  it('ignores the order milestones are listed in', () => {
    const release = releaseWith({
      milestones: [
        { id: 'later', label: 'Later', date: '2027-03-01', precision: 'day', note: 'Later one.' },
        { id: 'sooner', label: 'Sooner', date: '2027-01-10', precision: 'day', note: 'Sooner one.' },
        { id: 'past', label: 'Past', date: '2026-01-01', precision: 'day', note: 'Past one.' },
      ],
    });
    expect(nextMilestone(release, TODAY)?.id).toBe('sooner');
  });

  it('no longer counts a milestone on its own day', () => {
    expect(nextMilestone(shippedRelease, at('2026-01-01T12:00:00Z'))).toBeNull();
  });
});

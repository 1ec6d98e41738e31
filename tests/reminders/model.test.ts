import { describe, expect, it } from 'vitest';
import {
  dueNow,
  isPaused,
  MAX_LATE_MS,
  mayBeDue,
  nextReminder,
  remindersFor,
  withHandled,
  type DeliveryRecord,
  type MemberReminders,
  type ReleaseMoments,
} from '../../src/reminders/model.js';

/** 00:00 in Los Angeles on 28 August 2026 is 07:00 UTC. */
const premiere = new Date('2026-08-28T07:00:00Z');
const iso = premiere.toISOString();
const moments: ReleaseMoments = {
  premiere,
  change: { id: '3', dueAt: new Date('2026-06-01T12:03:00Z') },
};
const chosenEarly = '2026-05-01T00:00:00Z';

function member(overrides: Partial<MemberReminders> = {}): MemberReminders {
  return {
    version: 1,
    choices: { announced: chosenEarly, week: chosenEarly, day: chosenEarly, premiere: chosenEarly },
    timeZone: null,
    locale: 'en-US',
    ...overrides,
  };
}

describe('the reminders a member chose', () => {
  it('gives the announcement, 7 days, 1 day and the premiere, earliest first, with day reminders at 09:00 UTC', () => {
    expect(remindersFor(member(), moments)).toEqual([
      { key: 'announced:3', kind: 'announced', at: new Date('2026-06-01T12:03:00Z') },
      { key: `week:${iso}`, kind: 'week', at: new Date('2026-08-21T09:00:00Z') },
      { key: `day:${iso}`, kind: 'day', at: new Date('2026-08-27T09:00:00Z') },
      { key: `premiere:${iso}`, kind: 'premiere', at: premiere },
    ]);
  });

  it("counts days in the member's own timezone: the premiere's date there, at 09:00 there", () => {
    // In Los Angeles the premiere is at midnight on the 28th: a day before is 09:00 PDT on the 27th (16:00 UTC).
    const la = remindersFor(member({ timeZone: 'America/Los_Angeles' }), moments);
    expect(la.find((r) => r.kind === 'day')?.at).toEqual(new Date('2026-08-27T16:00:00Z'));
    expect(la.find((r) => r.kind === 'week')?.at).toEqual(new Date('2026-08-21T16:00:00Z'));
    // In Tokyo it is already 16:00 on the 28th: a day before is 09:00 JST on the 27th (00:00 UTC).
    const tokyo = remindersFor(member({ timeZone: 'Asia/Tokyo' }), moments);
    expect(tokyo.find((r) => r.kind === 'day')?.at).toEqual(new Date('2026-08-27T00:00:00Z'));
    // The premiere itself is one instant for everyone.
    expect(tokyo.find((r) => r.kind === 'premiere')?.at).toEqual(premiere);
  });

  it('gives only the kinds chosen, and none due before the kind was chosen', () => {
    const late = member({ choices: { week: '2026-08-25T00:00:00Z', premiere: '2026-08-25T00:00:00Z' } });
    expect(remindersFor(late, moments).map((r) => r.kind)).toEqual(['premiere']);
  });

  it('has no day-based reminder while the bot knows only a window, and no announcement before any change', () => {
    expect(remindersFor(member(), { premiere: null, change: null })).toEqual([]);
  });

  it('gives new keys when the date moves, so a moved premiere is reminded of again', () => {
    const moved = new Date('2026-10-02T07:00:00Z');
    const keys = remindersFor(member(), { premiere: moved, change: { id: '4', dueAt: moved } }).map(
      (r) => r.key,
    );
    expect(keys).toContain(`premiere:${moved.toISOString()}`);
    expect(keys).not.toContain(`premiere:${iso}`);
  });
});

describe('which reminders are due', () => {
  it('sends what is due and not yet handled, and nothing early', () => {
    const week = new Date('2026-08-21T09:00:00Z');
    const beforeWeek = dueNow(member(), { handled: ['announced:3'] }, moments, new Date(week.getTime() - 1));
    expect(beforeWeek).toEqual({ send: [], drop: [] });
    expect(dueNow(member(), { handled: ['announced:3'] }, moments, week).send.map((r) => r.kind)).toEqual([
      'week',
    ]);
    const at = new Date('2026-08-27T09:00:00Z');
    const handled: DeliveryRecord = { handled: ['announced:3', `week:${iso}`] };
    expect(dueNow(member(), handled, moments, at)).toEqual({
      send: [{ key: `day:${iso}`, kind: 'day', at }],
      drop: [],
    });
  });

  it('never gives a handled reminder again (dedupe)', () => {
    let record: DeliveryRecord = { handled: [] };
    for (const reminder of remindersFor(member(), moments)) record = withHandled(record, reminder.key);
    expect(dueNow(member(), record, moments, new Date(premiere.getTime() + 60_000))).toEqual({
      send: [],
      drop: [],
    });
  });

  it('drops a reminder more than 6 hours late instead of sending it', () => {
    const justLate = new Date(premiere.getTime() + MAX_LATE_MS + 60_000);
    const handled: DeliveryRecord = { handled: ['announced:3', `week:${iso}`, `day:${iso}`] };
    expect(dueNow(member(), handled, moments, justLate)).toEqual({
      send: [],
      drop: [{ key: `premiere:${iso}`, kind: 'premiere', at: premiere }],
    });
    const inTime = new Date(premiere.getTime() + MAX_LATE_MS);
    expect(dueNow(member(), handled, moments, inTime).send).toHaveLength(1);
  });

  it('gives nothing while paused after a refused DM, and again once the member chose after the pause', () => {
    const paused: DeliveryRecord = { handled: [], paused: { at: '2026-08-01T00:00:00Z' } };
    const now = new Date(premiere.getTime() + 60_000);
    expect(isPaused(member(), paused)).toBe(true);
    expect(dueNow(member(), paused, moments, now).send).toEqual([]);
    const resumed = member({ resumedAt: '2026-08-02T00:00:00Z' });
    expect(isPaused(resumed, paused)).toBe(false);
    expect(dueNow(resumed, paused, moments, now).send.map((r) => r.kind)).toEqual(['premiere']);
  });

  it('keeps a bounded list of handled reminders, newest last, and ends a send in progress', () => {
    let record: DeliveryRecord = { handled: [], sending: { key: 'a', at: chosenEarly } };
    for (let n = 0; n < 30; n++) record = withHandled(record, `k${n}`);
    expect(record.handled).toHaveLength(20);
    expect(record.handled.at(-1)).toBe('k29');
    expect(record.sending).toBeUndefined();
  });
});

describe('whether any reminder may be due, whatever the timezone', () => {
  it('covers every timezone around the day-based reminders and the 6 hours after each moment', () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Etc/UTC', 'Asia/Kolkata']) {
      for (const reminder of remindersFor(member({ timeZone }), moments)) {
        expect(mayBeDue(moments, reminder.at)).toBe(true);
        expect(mayBeDue(moments, new Date(reminder.at.getTime() + MAX_LATE_MS))).toBe(true);
      }
    }
  });

  it('is false far from any moment, so the members are not read then', () => {
    expect(mayBeDue(moments, new Date('2026-07-15T12:00:00Z'))).toBe(false);
    expect(mayBeDue({ premiere: null, change: null }, new Date('2026-07-15T12:00:00Z'))).toBe(false);
  });

  it('says which reminder comes next', () => {
    expect(nextReminder(member(), moments, new Date('2026-08-22T00:00:00Z'))?.kind).toBe('day');
    expect(nextReminder(member(), moments, new Date('2026-09-01T00:00:00Z'))).toBeNull();
  });
});

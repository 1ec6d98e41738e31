import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localDate, zonedInstant } from '../../src/countdown/zoned-time.js';

const iso = (date: Date) => date.toISOString();

describe('zonedInstant across daylight-saving changes in 2026', () => {
  describe('America/New_York (spring forward 8 March, fall back 1 November)', () => {
    const zone = 'America/New_York';

    it('moves a time in the spring-forward gap to the first valid minute after it, 03:00 EDT', () => {
      expect(iso(zonedInstant('2026-03-08', '02:30', zone))).toBe('2026-03-08T07:00:00.000Z');
      expect(iso(zonedInstant('2026-03-08', '02:00', zone))).toBe('2026-03-08T07:00:00.000Z');
      expect(iso(zonedInstant('2026-03-08', '02:59', zone))).toBe('2026-03-08T07:00:00.000Z');
    });

    it('keeps the minutes either side of the gap as they are', () => {
      expect(iso(zonedInstant('2026-03-08', '01:59', zone))).toBe('2026-03-08T06:59:00.000Z');
      expect(iso(zonedInstant('2026-03-08', '03:00', zone))).toBe('2026-03-08T07:00:00.000Z');
      expect(iso(zonedInstant('2026-03-08', '03:01', zone))).toBe('2026-03-08T07:01:00.000Z');
    });

    it('reads a time shown twice on the fall-back day as the earlier one, still on EDT', () => {
      expect(iso(zonedInstant('2026-11-01', '01:30', zone))).toBe('2026-11-01T05:30:00.000Z');
      expect(iso(zonedInstant('2026-11-01', '01:00', zone))).toBe('2026-11-01T05:00:00.000Z');
      expect(iso(zonedInstant('2026-11-01', '02:00', zone))).toBe('2026-11-01T07:00:00.000Z');
    });

    it('keeps the wall-clock time on the ordinary days before and after each change', () => {
      expect(iso(zonedInstant('2026-03-07', '09:00', zone))).toBe('2026-03-07T14:00:00.000Z');
      expect(iso(zonedInstant('2026-03-09', '09:00', zone))).toBe('2026-03-09T13:00:00.000Z');
      expect(iso(zonedInstant('2026-10-31', '09:00', zone))).toBe('2026-10-31T13:00:00.000Z');
      expect(iso(zonedInstant('2026-11-02', '09:00', zone))).toBe('2026-11-02T14:00:00.000Z');
    });
  });

  describe('Europe/London (spring forward 29 March, fall back 25 October)', () => {
    const zone = 'Europe/London';

    it('moves a time in the spring-forward gap to 02:00 BST, the first valid minute after it', () => {
      expect(iso(zonedInstant('2026-03-29', '01:30', zone))).toBe('2026-03-29T01:00:00.000Z');
      expect(iso(zonedInstant('2026-03-29', '00:59', zone))).toBe('2026-03-29T00:59:00.000Z');
      expect(iso(zonedInstant('2026-03-29', '02:00', zone))).toBe('2026-03-29T01:00:00.000Z');
    });

    it('reads a time shown twice on the fall-back day as the earlier one, still on BST', () => {
      expect(iso(zonedInstant('2026-10-25', '01:30', zone))).toBe('2026-10-25T00:30:00.000Z');
      expect(iso(zonedInstant('2026-10-25', '02:00', zone))).toBe('2026-10-25T02:00:00.000Z');
    });

    it('keeps the wall-clock time on the ordinary days before and after each change', () => {
      expect(iso(zonedInstant('2026-03-28', '09:00', zone))).toBe('2026-03-28T09:00:00.000Z');
      expect(iso(zonedInstant('2026-03-30', '09:00', zone))).toBe('2026-03-30T08:00:00.000Z');
      expect(iso(zonedInstant('2026-10-24', '09:00', zone))).toBe('2026-10-24T08:00:00.000Z');
      expect(iso(zonedInstant('2026-10-26', '09:00', zone))).toBe('2026-10-26T09:00:00.000Z');
    });
  });

  describe('Australia/Sydney (fall back 5 April, spring forward 4 October)', () => {
    const zone = 'Australia/Sydney';

    it('reads a time shown twice on the fall-back day as the earlier one, still on AEDT', () => {
      expect(iso(zonedInstant('2026-04-05', '02:30', zone))).toBe('2026-04-04T15:30:00.000Z');
      expect(iso(zonedInstant('2026-04-05', '02:00', zone))).toBe('2026-04-04T15:00:00.000Z');
      expect(iso(zonedInstant('2026-04-05', '03:00', zone))).toBe('2026-04-04T17:00:00.000Z');
    });

    it('moves a time in the spring-forward gap to 03:00 AEDT, the first valid minute after it', () => {
      expect(iso(zonedInstant('2026-10-04', '02:30', zone))).toBe('2026-10-03T16:00:00.000Z');
      expect(iso(zonedInstant('2026-10-04', '02:00', zone))).toBe('2026-10-03T16:00:00.000Z');
      expect(iso(zonedInstant('2026-10-04', '01:59', zone))).toBe('2026-10-03T15:59:00.000Z');
    });

    it('keeps the wall-clock time on the ordinary days before and after each change', () => {
      expect(iso(zonedInstant('2026-04-04', '09:00', zone))).toBe('2026-04-03T22:00:00.000Z');
      expect(iso(zonedInstant('2026-04-06', '09:00', zone))).toBe('2026-04-05T23:00:00.000Z');
      expect(iso(zonedInstant('2026-10-03', '09:00', zone))).toBe('2026-10-02T23:00:00.000Z');
      expect(iso(zonedInstant('2026-10-05', '09:00', zone))).toBe('2026-10-04T22:00:00.000Z');
    });
  });

  it('handles zones with half-hour offsets and half-hour daylight saving', () => {
    expect(iso(zonedInstant('2026-11-25', '09:00', 'Asia/Kolkata'))).toBe('2026-11-25T03:30:00.000Z');
    // Lord Howe Island moves its clocks by 30 minutes: 02:00 becomes 02:30.
    expect(iso(zonedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
  });

  it('maps a whole skipped day (Samoa, 30 December 2011) to the first minute after it', () => {
    expect(iso(zonedInstant('2011-12-30', '10:00', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
    expect(localDate(new Date('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('refuses a time or a date that is not well formed or not real', () => {
    expect(() => zonedInstant('2026-02-30', '09:00', 'Etc/UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-08-01', '24:00', 'Etc/UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-08-01', '9:00', 'Etc/UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2026-08-01', '09:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('gives the date of an instant in each zone, which may differ from the UTC date', () => {
    const instant = new Date('2026-11-25T03:30:00Z');
    expect(localDate(instant, 'Etc/UTC')).toBe('2026-11-25');
    expect(localDate(instant, 'America/New_York')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-25T13:30:00Z'), 'Pacific/Auckland')).toBe('2026-11-26');
  });

  it('treats local midnight as the start of the new day', () => {
    expect(localDate(new Date('2026-11-25T05:00:00Z'), 'America/New_York')).toBe('2026-11-25');
    expect(localDate(new Date('2026-11-25T04:59:59Z'), 'America/New_York')).toBe('2026-11-24');
  });

  it('gives the new date right after midnight even when asked moments before', () => {
    expect(localDate(new Date('2026-11-25T04:59:59.999Z'), 'America/New_York')).toBe('2026-11-24');
    expect(localDate(new Date('2026-11-25T05:00:00.000Z'), 'America/New_York')).toBe('2026-11-25');
    expect(localDate(new Date('2026-11-25T04:59:30.000Z'), 'America/New_York')).toBe('2026-11-24');
  });

  it('follows a midnight that falls inside a UTC minute, in a zone whose offset had seconds (Monrovia, 1960)', () => {
    // Liberia kept -0:44:30 until 1972: its midnight came at 00:44:30 UTC.
    expect(localDate(new Date('1960-06-01T00:44:10Z'), 'Africa/Monrovia')).toBe('1960-05-31');
    expect(localDate(new Date('1960-06-01T00:44:50Z'), 'Africa/Monrovia')).toBe('1960-06-01');
    expect(localDate(new Date('1960-06-01T00:44:10Z'), 'Africa/Monrovia')).toBe('1960-05-31');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-25', 7)).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('counts calendar days between dates, negative when going back', () => {
    expect(daysBetween('2026-11-25', '2027-02-14')).toBe(81);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-09-22', '2026-11-25')).toBe(64);
    expect(daysBetween('2026-11-25', '2026-11-25')).toBe(0);
    expect(daysBetween('2026-11-25', '2026-11-24')).toBe(-1);
  });
});

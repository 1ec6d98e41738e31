/**
 * Wall-clock maths in IANA time zones with `Intl` alone: which local day an instant falls on, and which instant
 * a local date and time stand for, correct across daylight-saving changes.
 *
 * Dates are `YYYY-MM-DD` strings and times `HH:MM` (24-hour) strings throughout; calendar arithmetic on dates
 * is done on their UTC midnights, where every day has 24 hours.
 */

const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** One formatter per zone: building an `Intl.DateTimeFormat` is far slower than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws a RangeError for an unknown zone, which is what callers should see.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    // Some engines print midnight as 24 even with h23; it is hour 0 of the same day there.
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (e.g. -4 h for New York in summer). */
function offsetAt(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The formatter drops milliseconds, so compare with the instant rounded down to its second.
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The UTC midnight of a `YYYY-MM-DD` date, checked to be a real calendar date. */
function parseDate(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null) throw new RangeError(`"${date}" is not a date written YYYY-MM-DD, e.g. 2030-01-31.`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, day);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`"${date}" is not a real calendar date.`);
  }
  return utc;
}

function formatUtcDate(utc: number): string {
  const date = new Date(utc);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Per zone, the last UTC minute asked about and its date there. Reading a zone's clock through `Intl` is the
 * costliest step of a /countdown reply, which asks for today's date twice (and every server's post check again).
 */
const minuteDates = new Map<string, { minute: number; date: string }>();

/** The calendar date ('YYYY-MM-DD') of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const at = instant.getTime();
  const minute = Math.floor(at / MINUTE_MS);
  const known = minuteDates.get(timeZone);
  if (known !== undefined && known.minute === minute) return known.date;
  const wall = wallClock(at, timeZone);
  const date = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  // When the zone's clock shows the same second as UTC, its offset is whole minutes (every zone's has been since
  // 1972), so its days begin on a UTC minute and the whole minute has this date.
  if (wall.second === ((Math.floor(at / 1000) % 60) + 60) % 60) minuteDates.set(timeZone, { minute, date });
  return date;
}

/**
 * The instant at which a zone's clocks show `date` at `time`.
 *
 * - A time skipped by a spring-forward change gives the first valid minute after the gap, i.e. the instant of the
 *   change (America/New_York 2026-03-08 02:30 is 03:00 EDT, 07:00Z).
 * - A time shown twice by a fall-back change gives the earlier instant (the one still on summer time).
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const match = TIME_PATTERN.exec(time);
  if (match === null) throw new RangeError(`"${time}" is not a 24-hour time like 09:00.`);
  const wall = parseDate(date) + Number(match[1]) * 60 * MINUTE_MS + Number(match[2]) * MINUTE_MS;

  // Offsets are within ±14 h, so the instant lies within a day of `wall` read as UTC; the offsets in force a
  // day either side (and at `wall` itself) cover the one before and the one after any change near it.
  const offsets = new Set([
    offsetAt(wall - DAY_MS, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + DAY_MS, timeZone),
  ]);
  const valid = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  if (valid.length > 0) return new Date(Math.min(...valid));

  // A gap: the clocks jumped over `wall`. Reading it with the offset before the change lands after the change,
  // and with the offset after it lands before, so the change lies between the two; find it to the minute.
  const candidates = [...offsets].map((offset) => wall - offset);
  let early = Math.min(...candidates);
  let late = Math.max(...candidates);
  const before = offsetAt(early, timeZone);
  while (late - early > MINUTE_MS) {
    const middle = early + Math.max(1, Math.floor((late - early) / (2 * MINUTE_MS))) * MINUTE_MS;
    if (offsetAt(middle, timeZone) === before) early = middle;
    else late = middle;
  }
  return new Date(late);
}

/** Calendar arithmetic: the date `days` days after (or, negative, before) `date`. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`${days} is not a whole number of days.`);
  return formatUtcDate(parseDate(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (`to` − `from`): 1 from a day to the next, negative backwards. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDate(to) - parseDate(from)) / DAY_MS);
}

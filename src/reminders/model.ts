/**
 * Reminders members ask for, by direct message: what is stored about a member, which reminders their choices
 * give for the release as the bot believes it, and which of them are due. Pure: the store, the clock and Discord
 * are the caller's.
 *
 * Two records per member, each with one writer, so neither can undo the other's change: the member's own choices
 * ({@link MemberReminders}, written by whichever process handles their command or click) and the delivery state
 * ({@link DeliveryRecord}, written only by the process that delivers reminders).
 */
import { addDays, localDate, zonedInstant } from '../countdown/zoned-time.js';
import { MAX_CATCH_UP_MS } from '../schedule/daily-scheduler.js';

/** The reminders a member may ask for. */
export const REMINDER_KINDS = ['announced', 'week', 'day', 'premiere'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Day-based reminders come at this local time, in the member's timezone. */
export const DAY_REMINDER_TIME = '09:00';
/** The timezone of members who set none. */
export const DEFAULT_TIME_ZONE = 'Etc/UTC';
/** A reminder more than this late (the bot was down) is dropped and counted, not sent: as for the daily posts. */
export const MAX_LATE_MS = MAX_CATCH_UP_MS;
/** How many handled reminder keys a member's delivery record remembers (older ones belong to past dates). */
export const HANDLED_LIMIT = 20;

/** A member's own choices; stored under {@link memberKey}. */
export interface MemberReminders {
  version: 1;
  /** Each chosen kind and since when (ISO 8601): a reminder due before its kind was chosen is not sent. */
  choices: Partial<Record<ReminderKind, string>>;
  /** IANA name from `/reminders set timezone:`, or null for UTC. */
  timeZone: string | null;
  /** The member's Discord language, for the day the bot speaks theirs. */
  locale: string;
  /** When the member last chose reminders after a pause (ISO 8601): a pause before it is over. */
  resumedAt?: string;
}

/** What the delivering process keeps per member; stored under {@link deliveryKey}. */
export interface DeliveryRecord {
  /** The member's DM channel, from their first reminder: every later one is a single request. */
  dmChannelId?: string;
  /** Reminders handled (sent, or dropped as too late), newest last. */
  handled: string[];
  /** A send in progress (or interrupted by a crash). */
  sending?: { key: string; at: string };
  /** Discord refused to deliver (error 50007: DMs closed): no more attempts until the member chooses again. */
  paused?: { at: string };
}

export const memberKey = (userId: string): string => `reminders:member:${userId}`;
export const deliveryKey = (userId: string): string => `reminders:delivery:${userId}`;
/** Present while the member has not yet been told that their reminders paused. */
export const pauseNoticeKey = (userId: string): string => `reminders:paused:${userId}`;

/** What reminders can be about: the premiere (if the bot knows an exact one) and the latest release change. */
export interface ReleaseMoments {
  premiere: Date | null;
  /** The latest change of the release and when its reminder is due (after the operator's debounce). */
  change: { id: string; dueAt: Date } | null;
}

/** One reminder of one member: its key (the same for the same moment, so it is sent once), kind and due time. */
export interface Reminder {
  key: string;
  kind: ReminderKind;
  at: Date;
}

const DAY_MS = 24 * 60 * 60_000;
const HOUR_MS = 60 * 60_000;

/** Whether a member's reminders are paused: Discord refused a DM, and they have not chosen again since. */
export function isPaused(member: MemberReminders, delivery: DeliveryRecord | undefined): boolean {
  const paused = delivery?.paused;
  if (paused === undefined) return false;
  return member.resumedAt === undefined || Date.parse(member.resumedAt) <= Date.parse(paused.at);
}

/**
 * Every reminder a member's choices give for these moments, due or not, earliest first. Day-based ones come at
 * {@link DAY_REMINDER_TIME} in the member's timezone, 7 and 1 days before the premiere's date there. A reminder
 * due before its kind was chosen is left out (nobody is told afterwards of what they did not ask for then).
 */
export function remindersFor(member: MemberReminders, moments: ReleaseMoments): Reminder[] {
  const list: Reminder[] = [];
  const add = (kind: ReminderKind, key: string, at: Date): void => {
    const since = member.choices[kind];
    if (since !== undefined && at.getTime() >= Date.parse(since)) list.push({ key, kind, at });
  };
  if (moments.change !== null) add('announced', `announced:${moments.change.id}`, moments.change.dueAt);
  const premiere = moments.premiere;
  if (premiere !== null) {
    const iso = premiere.toISOString();
    const zone = member.timeZone ?? DEFAULT_TIME_ZONE;
    const premiereDate = localDate(premiere, zone);
    add('week', `week:${iso}`, zonedInstant(addDays(premiereDate, -7), DAY_REMINDER_TIME, zone));
    add('day', `day:${iso}`, zonedInstant(addDays(premiereDate, -1), DAY_REMINDER_TIME, zone));
    add('premiere', `premiere:${iso}`, premiere);
  }
  return list.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** What to do for a member now: reminders to send, and reminders too late to send (dropped and counted). */
export interface DueNow {
  send: Reminder[];
  drop: Reminder[];
}

/** The member's reminders that are due now and not yet handled; none while their reminders are paused. */
export function dueNow(
  member: MemberReminders,
  delivery: DeliveryRecord | undefined,
  moments: ReleaseMoments,
  now: Date,
): DueNow {
  const due: DueNow = { send: [], drop: [] };
  if (isPaused(member, delivery)) return due;
  const handled = new Set(delivery?.handled ?? []);
  for (const reminder of remindersFor(member, moments)) {
    if (handled.has(reminder.key) || reminder.at.getTime() > now.getTime()) continue;
    if (now.getTime() - reminder.at.getTime() > MAX_LATE_MS) due.drop.push(reminder);
    else due.send.push(reminder);
  }
  return due;
}

/**
 * Whether any member's reminder may be due now, whatever their timezone: only then does the delivering process
 * read the members. A day-based reminder is due at 09:00 on the premiere's local date minus N days; that local
 * day starts within the 24 hours before the premiere, so the reminder falls between N days and 15 hours before
 * the premiere and N days minus 9 hours before it (an hour more either side for daylight saving).
 */
export function mayBeDue(moments: ReleaseMoments, now: Date): boolean {
  const t = now.getTime();
  const within = (from: number, to: number): boolean => t >= from && t <= to + MAX_LATE_MS;
  if (moments.change !== null && within(moments.change.dueAt.getTime(), moments.change.dueAt.getTime()))
    return true;
  if (moments.premiere === null) return false;
  const p = moments.premiere.getTime();
  if (within(p, p)) return true;
  return [7, 1].some((days) => within(p - days * DAY_MS - 16 * HOUR_MS, p - days * DAY_MS + 10 * HOUR_MS));
}

/** The next time any reminder of this member falls due, for `/reminders show`; null when none is ahead. */
export function nextReminder(member: MemberReminders, moments: ReleaseMoments, now: Date): Reminder | null {
  return remindersFor(member, moments).find((reminder) => reminder.at.getTime() > now.getTime()) ?? null;
}

/** A delivery record with one more handled key, and no send in progress. */
export function withHandled(record: DeliveryRecord, key: string): DeliveryRecord {
  const { sending: _, ...rest } = record;
  return { ...rest, handled: [...rest.handled.filter((k) => k !== key), key].slice(-HANDLED_LIMIT) };
}

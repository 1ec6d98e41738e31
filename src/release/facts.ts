/**
 * The release timeline's facts: what the bot's operator announced at runtime (a premiere date, a new window, news
 * about a person), kept as overrides over the built-in `data/*.json`, which stay the default and are never
 * rewritten. Pure types and functions: the store and the clock are the caller's.
 */
import type { CastMember, CastStatus, Release } from '../content/schemas.js';
import { localDate, zonedInstant } from '../countdown/zoned-time.js';
import { formatCalendarDate, t, type Locale } from '../i18n/index.js';

/** News of the release from the operator: an exact premiere, or a new window without a day. */
export type ReleaseNews =
  | {
      kind: 'premiere';
      /** Local date, time and zone as the operator typed them. */
      date: string;
      time: string;
      timeZone: string;
      source: string;
      /** Who set it (a user id) and when (ISO 8601). */
      by: string;
      at: string;
    }
  | { kind: 'window'; label: string; start: string; end: string; source: string; by: string; at: string };

/** News about one person of the cast. */
export interface CastNews {
  status: CastStatus;
  source: string;
  by: string;
  at: string;
}

/** What an operator change changed, kept so that `/operator history` says it in each reader's language. */
export type ChangeDetail =
  | { kind: 'release'; old: ReleaseNews | null; new: ReleaseNews | null }
  | { kind: 'cast'; personId: string; old: CastStatus; new: CastStatus };

/** One operator change, as `/operator history` shows it. */
export interface OperatorChange {
  at: string;
  by: string;
  /**
   * "Release" or a person's name, and the old and the new belief, in English: for the log, and for records
   * written before translations (which have no `detail`), shown as they are.
   */
  subject: string;
  old: string;
  new: string;
  source: string | null;
  /** What changed; missing in records written before translations. */
  detail?: ChangeDetail;
}

/** The latest change of the release, which servers are told about once (see src/release/posts.ts). */
export interface ReleaseChange {
  /** The {@link Facts.revision} of the change. */
  revision: number;
  at: string;
  /**
   * What the bot said before this change, or before the first of the changes made in a quick succession, in
   * English: what versions before translations showed, kept for them and for records without `beforeRelease`.
   */
  before: string;
  /**
   * The operator's news in force before (null: the built-in release), from which each server's announcement says
   * "before" in its own language. Missing in records written before translations: those show `before`.
   */
  beforeRelease?: ReleaseNews | null;
}

/** Everything the operator has changed; stored under {@link FACTS_KEY}. */
export interface Facts {
  version: 1;
  /** Bumped by every operator change: a shard that reads a new revision follows it. */
  revision: number;
  /** Null: the built-in release (data/release.json). */
  release: ReleaseNews | null;
  releaseChange: ReleaseChange | null;
  /** Person id → news. */
  cast: Record<string, CastNews>;
  /** Oldest first, at most {@link HISTORY_LIMIT}. */
  history: OperatorChange[];
}

export const FACTS_KEY = 'release:facts';
export const HISTORY_LIMIT = 200;
/** The longest `source` the operator may give: it is shown to members. */
export const MAX_SOURCE_LENGTH = 200;

export const NO_FACTS: Readonly<Facts> = Object.freeze({
  version: 1,
  revision: 0,
  release: null,
  releaseChange: null,
  cast: {},
  history: [],
});

/** Whatever is stored, read leniently: a record this version cannot read counts as no overrides. */
export function readFacts(raw: unknown): Facts {
  if (typeof raw !== 'object' || raw === null) return NO_FACTS;
  const stored = raw as Partial<Facts>;
  if (stored.version !== 1 || typeof stored.revision !== 'number') return NO_FACTS;
  return {
    version: 1,
    revision: stored.revision,
    release: stored.release ?? null,
    releaseChange: stored.releaseChange ?? null,
    cast: stored.cast ?? {},
    history: Array.isArray(stored.history) ? stored.history : [],
  };
}

/** The instant of a premiere the operator typed. */
export function premiereInstant(news: Extract<ReleaseNews, { kind: 'premiere' }>): Date {
  return zonedInstant(news.date, news.time, news.timeZone);
}

function pad(value: number): string {
  return String(Math.trunc(value)).padStart(2, '0');
}

/** "2027-02-14T20:00:00-05:00": the instant with the zone's offset there, as data/release.json writes it. */
function isoWithOffset(at: Date, timeZone: string): string {
  const date = localDate(at, timeZone);
  const wall = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  const [hours = 0, minutes = 0] = wall.split(':').map(Number);
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const offset = Math.round((Date.UTC(year, month - 1, day, hours % 24, minutes) - at.getTime()) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${pad(hours % 24)}:${pad(minutes)}:00${sign}${pad(abs / 60)}:${pad(abs % 60)}`;
}

/** The release as the bot believes it now: data/release.json with the operator's news over it. */
export function effectiveRelease(base: Release, news: ReleaseNews | null): Release {
  if (news === null) return base;
  if (news.kind === 'premiere') {
    return { ...base, premiere: isoWithOffset(premiereInstant(news), news.timeZone) };
  }
  return {
    ...base,
    premiere: null,
    window: {
      label: news.label,
      start: news.start,
      end: news.end,
      // Kept in English for the record: members read the bot's reading of the operator's window in their own
      // language (`countdown.newsWindowFooter`), never this.
      reading: `The bot reads "${news.label}" as ${news.start} to ${news.end}: its own reading of the announced window, not an official span.`,
    },
  };
}

/**
 * The cast as the bot believes it now: each person with news shows its status, and as its note the source (as
 * the operator typed it) and the day of the news, said in `locale` (/cast follows its reader's language).
 */
export function effectiveCast(
  base: readonly CastMember[],
  news: Readonly<Record<string, CastNews>>,
  locale: Locale = 'en',
): readonly CastMember[] {
  if (Object.keys(news).length === 0) return base;
  return base.map((person) => {
    const update = Object.hasOwn(news, person.id) ? news[person.id] : undefined;
    if (update === undefined) return person;
    return {
      ...person,
      status: update.status,
      statusNote: t(locale, 'operator.castNote', {
        source: update.source,
        date: formatCalendarDate(locale, update.at.slice(0, 10)),
      }),
    };
  });
}

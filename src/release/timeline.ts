/**
 * The live release timeline: the facts the operator changes at runtime (see facts.ts), read by every shard
 * process from the store they share.
 *
 * Following a change. The facts live under one store key with a revision number. The process that makes a change
 * follows it at once; every other process polls the key ({@link ReleaseTimeline.poll}, every 15 s) and follows
 * a new revision as soon as it sees one, so every shard on every machine follows within a minute, with no
 * restart. Each process also notes when it last read the facts (one key per shard), for `/operator status`.
 *
 * Writing. Operator commands are registered in the operator's server only, which one shard runs, so the writes
 * are serialised in that process (like a server's settings) and need no lock across processes. A write that
 * the store refuses changes nothing: the facts in force stay the old ones.
 */
import type { CastMember, CastStatus, Release } from '../content/schemas.js';
import type { Content } from '../content/load.js';
import { ARTICLE_WINDOW, type WindowOrigin } from '../countdown/target.js';
import type { Locale } from '../i18n/index.js';
import { KeyedLock } from '../keyed-lock.js';
import type { Logger } from '../logger.js';
import { DEFAULT_ANNOUNCE_DELAY_SECONDS, type ShardPosition } from '../config.js';
import type { KeyValueStore } from '../store.js';
import {
  effectiveCast,
  effectiveRelease,
  FACTS_KEY,
  HISTORY_LIMIT,
  NO_FACTS,
  readFacts,
  type ChangeDetail,
  type Facts,
  type OperatorChange,
  type ReleaseNews,
} from './facts.js';
import { describeRelease, releaseWords } from './render.js';

/** How often a process looks for changes made by another. */
export const POLL_INTERVAL_MS = 15_000;
/**
 * The announcement delay when the operator sets none (ANNOUNCE_DELAY_SECONDS unset): three minutes. The bot uses
 * the configured one ({@link ReleaseTimelineOptions.announceDelayMs}); tests and benchmarks use this.
 */
export const DEFAULT_ANNOUNCE_DELAY_MS = DEFAULT_ANNOUNCE_DELAY_SECONDS * 1000;

export const readerKey = (shard: number): string => `release:read:${shard}`;

/** When a shard last read the facts, and which revision it saw. */
interface ReaderRecord {
  at: string;
  revision: number;
}

/** What a change did: nothing (the facts were already so), or the change as `/operator history` keeps it. */
export type ChangeResult = { changed: false } | { changed: true; change: OperatorChange };

/** A change as a compute step makes it: the history entry without who and when. */
type Entry = Omit<OperatorChange, 'at' | 'by'> & { detail: ChangeDetail };

export interface ReleaseTimelineOptions {
  store: KeyValueStore;
  content: Content;
  now: () => Date;
  logger: Logger;
  shard: ShardPosition;
  /**
   * Changes of the release this close together are announced once, about the latest: the announcement (and the
   * reminders that follow a change) waits this long after a change, and "before" stays what members were told
   * before the first of them. From the config (ANNOUNCE_DELAY_SECONDS); every process of one bot has the same.
   */
  announceDelayMs: number;
}

export class ReleaseTimeline {
  private facts: Facts = NO_FACTS;
  private releaseView: Release;
  private castView: readonly CastMember[];
  /** The cast in each language asked for since the last change (its operator's notes said in that language). */
  private castViews = new Map<Locale, readonly CastMember[]>();
  private readonly listeners: ((facts: Facts, previous: Facts) => void)[] = [];
  private readonly lock = new KeyedLock();
  private readonly store: KeyValueStore;
  private readonly content: Content;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly shard: ShardPosition;
  /** How long after a change its announcement is due (see {@link ReleaseTimelineOptions.announceDelayMs}). */
  readonly announceDelayMs: number;

  constructor(options: ReleaseTimelineOptions) {
    this.announceDelayMs = options.announceDelayMs;
    this.store = options.store;
    this.content = options.content;
    this.now = options.now;
    this.logger = options.logger.child({ feature: 'release' });
    this.shard = options.shard;
    this.releaseView = options.content.release;
    this.castView = options.content.cast;
  }

  /** The release as the bot believes it now (data/release.json with the operator's news over it). */
  release(): Release {
    return this.releaseView;
  }

  /** Where the window of {@link release} comes from: the operator's news, or else the article. */
  windowOrigin(): WindowOrigin {
    const news = this.facts.release;
    return news?.kind === 'window' ? { from: 'operator', source: news.source } : ARTICLE_WINDOW;
  }

  /**
   * The cast as the bot believes it now, the operator's notes in `locale` (translate the rest with `castIn`); the
   * same array until the next change (search indexes are per array).
   */
  cast(locale: Locale = 'en'): readonly CastMember[] {
    if (locale === 'en') return this.castView;
    let view = this.castViews.get(locale);
    if (view === undefined) {
      view = effectiveCast(this.content.cast, this.facts.cast, locale);
      this.castViews.set(locale, view);
    }
    return view;
  }

  /** The release as `news` (null: none) makes it over the built-in one, e.g. the release before a change. */
  releaseWith(news: ReleaseNews | null): Release {
    return effectiveRelease(this.content.release, news);
  }

  /** The built-in content (for translating what the timeline says). */
  builtIn(): Content {
    return this.content;
  }

  /** The operator's facts in force in this process. */
  current(): Facts {
    return this.facts;
  }

  /** Called after this process follows a new revision (its own change, or another's seen by polling). */
  onChange(listener: (facts: Facts, previous: Facts) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Reads the facts from the store and follows them if their revision is new; notes the read for
   * `/operator status`. Returns whether they changed. A store failure leaves the facts in force as they are.
   */
  async poll(): Promise<boolean> {
    const raw = await this.store.get(FACTS_KEY);
    const facts = readFacts(raw);
    const changed = facts.revision !== this.facts.revision;
    if (changed) this.adopt(facts);
    const record: ReaderRecord = { at: this.now().toISOString(), revision: facts.revision };
    await this.store.set(readerKey(this.shard.id), record);
    return changed;
  }

  /** When each shard of this process's deployment last read the facts. */
  async readers(): Promise<{ shard: number; at: string | null; revision: number | null }[]> {
    const shards = Array.from({ length: this.shard.count }, (_, index) => index);
    const records = await this.store.getMany<ReaderRecord>(shards.map(readerKey));
    return shards.map((shard, index) => {
      const record = records[index];
      return { shard, at: record?.at ?? null, revision: record?.revision ?? null };
    });
  }

  /** Sets (or, with null, withdraws) the operator's release news. */
  setRelease(by: string, news: ReleaseNews | null, source: string | null): Promise<ChangeResult> {
    return this.change(by, (facts, now) => {
      if (JSON.stringify(stripMeta(facts.release)) === JSON.stringify(stripMeta(news))) return undefined;
      const base = this.content.release;
      const revision = facts.revision + 1;
      const previous = facts.releaseChange;
      // A change soon after another (a typo fixed) is announced with it: "before" is what came before both.
      const carried = previous !== null && now.getTime() - Date.parse(previous.at) < this.announceDelayMs;
      const before = carried ? previous.before : releaseWords('en', effectiveRelease(base, facts.release));
      const beforeRelease = carried ? previous.beforeRelease : facts.release;
      return {
        next: {
          ...facts,
          revision,
          release: news,
          releaseChange: {
            revision,
            at: now.toISOString(),
            before,
            ...(beforeRelease === undefined ? {} : { beforeRelease }),
          },
        },
        entry: {
          subject: 'Release',
          old: describeRelease('en', base, facts.release),
          new: describeRelease('en', base, news),
          source,
          detail: { kind: 'release', old: facts.release, new: news },
        },
      };
    });
  }

  /** News about one person: a new status and where it comes from. */
  setCastStatus(by: string, person: CastMember, status: CastStatus, source: string): Promise<ChangeResult> {
    return this.change(by, (facts, now) => {
      const current = Object.hasOwn(facts.cast, person.id) ? facts.cast[person.id] : undefined;
      if (current?.status === status && current.source === source) return undefined;
      const oldStatus =
        current?.status ?? this.content.cast.find((p) => p.id === person.id)?.status ?? person.status;
      return {
        next: {
          ...facts,
          revision: facts.revision + 1,
          cast: { ...facts.cast, [person.id]: { status, source, by, at: now.toISOString() } },
        },
        entry: {
          subject: person.name,
          old: oldStatus,
          new: status,
          source,
          detail: { kind: 'cast', personId: person.id, old: oldStatus, new: status },
        },
      };
    });
  }

  private async change(
    by: string,
    compute: (facts: Facts, now: Date) => { next: Facts; entry: Entry } | undefined,
  ): Promise<ChangeResult> {
    return this.lock.run(FACTS_KEY, async () => {
      // The latest stored facts, not this process's copy: another process may have written since the last poll.
      const stored = readFacts(await this.store.get(FACTS_KEY));
      const now = this.now();
      const result = compute(stored, now);
      if (result === undefined) return { changed: false };
      const change: OperatorChange = { at: now.toISOString(), by, ...result.entry };
      const next: Facts = { ...result.next, history: [...stored.history, change].slice(-HISTORY_LIMIT) };
      if (!(await this.store.set(FACTS_KEY, next))) throw new Error('The store did not save the facts.');
      this.adopt(next);
      this.logger.info(
        {
          revision: next.revision,
          by,
          subject: result.entry.subject,
          old: result.entry.old,
          new: result.entry.new,
        },
        'operator changed the facts',
      );
      return { changed: true, change };
    });
  }

  private adopt(facts: Facts): void {
    const previous = this.facts;
    this.facts = facts;
    this.releaseView = effectiveRelease(this.content.release, facts.release);
    this.castView = effectiveCast(this.content.cast, facts.cast);
    this.castViews = new Map();
    this.logger.info({ revision: facts.revision }, 'following the release facts');
    for (const listener of this.listeners) {
      try {
        listener(facts, previous);
      } catch (error) {
        this.logger.error({ err: error }, 'a release listener failed');
      }
    }
  }
}

/** The news without who and when, to tell whether a change changes anything. */
function stripMeta(news: ReleaseNews | null): unknown {
  if (news === null) return null;
  const { by: _by, at: _at, ...rest } = news;
  return rest;
}

/**
 * What follows a release change in every server this process runs, and what comes at the target instant:
 *
 * - one announcement of each change (the latest of changes made close together, the timeline's
 *   {@link ReleaseTimeline.announceDelayMs} after it) in each server whose countdown posts and announcements are on;
 * - one "out now" post at the premiere instant, or "starting now" at a server's own date, caught up after
 *   downtime like the daily posts (under {@link MAX_CATCH_UP_MS} late);
 * - the server's Discord event made with `/config countdown-event`, moved to the new time or cancelled.
 *
 * Exactly once, as the daily posts (see daily-scheduler.ts): each post has a key ("announce:<revision>",
 * "premiere:<instant>", "server:<instant>"); the per-server record says which keys were handled; a send is
 * recorded as `sending` first and goes with a nonce derived from server and key and `enforce_nonce`, so a resend
 * after a crash within {@link NONCE_WINDOW_MS} is deduplicated by Discord, and after longer is not made.
 *
 * As for the daily posts, only servers with a post ahead are kept in memory, and one minutely tick sends what is
 * due through the same worker pool ({@link DueQueue}), which discord.js paces to Discord's rate limit.
 */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { createHash } from 'node:crypto';
import { forEachBounded } from '../bounded-each.js';
import { releaseIn } from '../content/translations.js';
import { resolveTarget, type CountdownTarget } from '../countdown/target.js';
import { LOCALES, serverLocale, type Locale } from '../i18n/index.js';
import { KeyedLock } from '../keyed-lock.js';
import type { Logger } from '../logger.js';
import {
  MAX_CATCH_UP_MS,
  NONCE_WINDOW_MS,
  TRACK_CONCURRENCY,
  type DailyScheduler,
} from '../schedule/daily-scheduler.js';
import type { GuildSettings } from '../settings/definitions.js';
import type { GuildSettingsService } from '../settings/service.js';
import type { KeyValueStore } from '../store.js';
import { planCountdownEvent, wordsOf, type EventPlan, type EventWords } from '../admin/countdown-event.js';
import { permanentDiscordFailure as permanentFailure } from '../errors.js';
import { releaseWords, renderAnnouncement, renderTargetArrived, type ReleasePost } from './render.js';
import type { ReleaseTimeline } from './timeline.js';
import { DueQueue } from '../schedule/due-queue.js';

/** What is stored per server. */
export interface ReleasePostsRecord {
  /** The revision of the last release change handled (announced, or given up). */
  announced?: number;
  /** The key of the last target arrival handled ("premiere:<ISO>" or "server:<ISO>"). */
  arrived?: string;
  /** A send in progress (or interrupted by a crash). */
  sending?: { key: string; at: string };
  /**
   * The server's Discord event made with /config countdown-event, the start it was last given, and the words
   * (name, description, location) the bot last wrote into it: missing in records made before the bot kept them.
   */
  event?: { id: string; start: string; own: boolean; words?: EventWords };
}

/** A move of an event: always its new start and end; of its words, only those the bot may rewrite. */
export type EventMove = Pick<EventPlan, 'start' | 'end'> & Partial<EventWords>;

/** What the bot does to a server's event to follow the release. */
export interface EventEditor {
  /** The event's words as they are in Discord now (its moderators may have changed them). */
  words(guildId: string, eventId: string): Promise<EventWords>;
  /** Gives the event a new time and the words in `move`, leaving its other words as they are. */
  move(guildId: string, eventId: string, move: EventMove): Promise<void>;
  cancel(guildId: string, eventId: string): Promise<void>;
}

const WORD_FIELDS = ['name', 'description', 'location'] as const;

/**
 * Of a moving event's words, those the bot rewrites with `plan`'s: each field that still reads as one of
 * `botWordings` (what the bot wrote). A field its moderators changed in Discord is theirs, and stays. Pure:
 * exported for tests.
 */
export function wordsToRewrite(
  plan: EventWords,
  inDiscord: EventWords,
  botWordings: readonly EventWords[],
): Partial<EventWords> {
  const rewrite: Partial<EventWords> = {};
  for (const field of WORD_FIELDS) {
    if (botWordings.some((words) => words[field] === inDiscord[field])) rewrite[field] = plan[field];
  }
  return rewrite;
}

export type SendMessage = (channelId: string, body: RESTPostAPIChannelMessageJSONBody) => Promise<unknown>;

export const releasePostsKey = (guildId: string): string => `release:posts:${guildId}`;

/** A post ahead for a server. */
interface Due {
  key: string;
  kind: 'announce' | 'arrival';
  at: Date;
}

export interface ReleasePostsOptions {
  /** The release, and when its change is announced ({@link ReleaseTimeline.announceDelayMs} after it). */
  timeline: ReleaseTimeline;
  settings: GuildSettingsService;
  /** The daily countdown posts: a refused post stops them too, and a stopped server gets no release posts. */
  countdown: DailyScheduler;
  store: KeyValueStore;
  now: () => Date;
  logger: Logger;
  send: SendMessage;
  events: EventEditor;
  concurrency?: number;
  /** The server's own Discord language (`guild.preferredLocale`), for servers that chose none with /config. */
  guildLocale?: (guildId: string) => string | undefined;
}

/** A nonce (at most 25 characters) unique to a server and a post key. */
export function releaseNonce(guildId: string, key: string): string {
  return createHash('sha256').update(`release:${guildId}:${key}`).digest('hex').slice(0, 25);
}

/** The next release post of a server, if any. Pure: exported for tests. */
export function nextReleasePost(input: {
  settings: Pick<GuildSettings, 'countdownEnabled' | 'countdownChannel' | 'countdownAnnouncements'>;
  target: CountdownTarget;
  change: { revision: number; at: string } | null;
  /** How long after a change its announcement is due. */
  announceDelayMs: number;
  record: ReleasePostsRecord;
  now: Date;
}): Due | undefined {
  const { settings, target, change, announceDelayMs, record, now } = input;
  if (!settings.countdownEnabled || settings.countdownChannel === null) return undefined;
  const candidates: Due[] = [];
  if (change !== null && settings.countdownAnnouncements && (record.announced ?? 0) < change.revision) {
    const at = new Date(Date.parse(change.at) + announceDelayMs);
    if (now.getTime() - at.getTime() <= MAX_CATCH_UP_MS) {
      candidates.push({ key: `announce:${change.revision}`, kind: 'announce', at });
    }
  }
  if (target.kind !== 'window') {
    const key = `${target.kind}:${target.at.toISOString()}`;
    if (record.arrived !== key && now.getTime() - target.at.getTime() <= MAX_CATCH_UP_MS) {
      candidates.push({ key, kind: 'arrival', at: target.at });
    }
  }
  candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
  return candidates[0];
}

export class ReleasePosts {
  /** The servers with a release post ahead, and when it is due. */
  private readonly tracked: DueQueue<Due>;
  private readonly lock = new KeyedLock();
  private readonly options: ReleasePostsOptions;
  private readonly logger: Logger;

  constructor(options: ReleasePostsOptions) {
    this.options = options;
    this.logger = options.logger.child({ job: 'release' });
    this.tracked = new DueQueue({
      now: options.now,
      concurrency: options.concurrency ?? 25,
      run: (guildId) => this.run(guildId),
      failed: (error, guildId) => this.logger.error({ err: error, guild: guildId }, 'release post failed'),
    });
  }

  /** Works out a server's next release post; with `events`, also moves or cancels its event. */
  refresh(guildId: string, options: { events?: boolean; record?: ReleasePostsRecord } = {}): Promise<void> {
    return this.tracked.track(this.replan(guildId, options.events === true, options.record));
  }

  /** Re-plans many servers (start-up, or after a change of the facts), {@link TRACK_CONCURRENCY} at a time. */
  refreshAll(guildIds: Iterable<string>, options: { events?: boolean } = {}): Promise<void> {
    const events = options.events === true;
    // Pending as a whole from the start, so idle() waits for the servers not yet begun too.
    return this.tracked.track(
      forEachBounded(guildIds, TRACK_CONCURRENCY, (guildId) => this.replan(guildId, events)),
    );
  }

  private async replan(guildId: string, events: boolean, known?: ReleasePostsRecord): Promise<void> {
    const { settings, timeline, store, now } = this.options;
    const values = await settings.get(guildId);
    const target = resolveTarget(timeline.release(), values, 'en', timeline.windowOrigin());
    const possible = nextReleasePost({
      settings: values,
      target,
      change: timeline.current().releaseChange,
      announceDelayMs: timeline.announceDelayMs,
      record: {},
      now: now(),
    });
    if (possible === undefined && !events) {
      this.tracked.delete(guildId);
      return;
    }
    const record = known ?? (await store.get<ReleasePostsRecord>(releasePostsKey(guildId))) ?? {};
    if (events && record.event !== undefined) await this.followEvent(guildId, values, target, record.event);
    const next = nextReleasePost({
      settings: values,
      target,
      change: timeline.current().releaseChange,
      announceDelayMs: timeline.announceDelayMs,
      record,
      now: now(),
    });
    if (next === undefined) this.tracked.delete(guildId);
    else this.tracked.set(guildId, next);
  }

  /**
   * Moves the server's event to the new target, or cancels it when there is no exact future date. Its start and
   * end always follow; its name, description and location are rewritten only where they still read as the bot
   * last wrote them, so a moderator's own wording survives. Records made before the bot kept its words are
   * compared with what it writes for this release in each of its languages instead: an event's words name no
   * date, so these are the words it wrote then (unless the film's title or studio has changed since, when the
   * event keeps its words).
   */
  private async followEvent(
    guildId: string,
    values: GuildSettings,
    target: CountdownTarget,
    event: NonNullable<ReleasePostsRecord['event']>,
  ): Promise<void> {
    // A server's own date is the server's: its event follows nothing the operator does.
    if (event.own || values.releaseDate !== null) return;
    const { events, now } = this.options;
    try {
      if (target.kind === 'window' || target.at.getTime() <= now().getTime()) {
        await events.cancel(guildId, event.id);
        await this.update(guildId, ({ event: _, ...rest }) => rest);
        this.logger.info(
          { guild: guildId, event: event.id },
          'cancelled the countdown event: no date any more',
        );
        return;
      }
      if (event.start === target.at.toISOString()) return;
      // Worded as /config countdown-event words it: in the server's language, from the release as it is now.
      const planIn = (locale: Locale): EventPlan => {
        const release = releaseIn(this.options.timeline.builtIn(), this.options.timeline.release(), locale);
        return planCountdownEvent(
          resolveTarget(release, values, locale, this.options.timeline.windowOrigin()),
          release,
          now(),
          locale,
        );
      };
      const plan = planIn(serverLocale(values.language, this.options.guildLocale?.(guildId)));
      const botWordings =
        event.words === undefined ? LOCALES.map((locale) => wordsOf(planIn(locale))) : [event.words];
      const rewrite = wordsToRewrite(plan, await events.words(guildId, event.id), botWordings);
      await events.move(guildId, event.id, { start: plan.start, end: plan.end, ...rewrite });
      // What the bot wrote now, and for the words it left to the moderators what it wrote before (or would write).
      const words = { ...wordsOf(plan), ...event.words, ...rewrite };
      await this.update(guildId, (record) => ({
        ...record,
        event: { ...event, start: target.at.toISOString(), words },
      }));
      this.logger.info({ guild: guildId, event: event.id }, 'moved the countdown event to the new date');
    } catch (error) {
      const reason = permanentFailure(error);
      if (reason === undefined) throw error;
      // Deleted by the server's moderators, or no longer ours to edit: forget it.
      await this.update(guildId, ({ event: _, ...rest }) => rest);
      // Discord's code (10070: Unknown Guild Scheduled Event), not the words, which are written for channels.
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      this.logger.warn(
        { guild: guildId, event: event.id, refused: reason.kind, code },
        "could not follow the countdown event: deleted, or no longer the bot's to edit",
      );
    }
  }

  /** Remembers the event `/config countdown-event` made, so a later release change can move it. */
  async rememberEvent(
    guildId: string,
    event: { id: string; start: Date; own: boolean; words: EventWords },
  ): Promise<void> {
    await this.update(guildId, (record) => ({
      ...record,
      event: { id: event.id, start: event.start.toISOString(), own: event.own, words: event.words },
    }));
  }

  /** Stops tracking a server (the bot left it). */
  forget(guildId: string): void {
    this.tracked.delete(guildId);
  }

  /** Deletes what is stored of a server (it removed the bot long enough ago). */
  async purge(guildId: string): Promise<void> {
    this.tracked.delete(guildId);
    await this.options.store.delete(releasePostsKey(guildId));
  }

  /** Queues every post that is due; called each minute. */
  tick(): void {
    this.tracked.tick();
  }

  /** Resolves once nothing is being planned, queued or sent (tests and benchmarks wait on it). */
  idle(): Promise<void> {
    return this.tracked.idle();
  }

  /** Lets posts in flight finish; queued ones are picked up again after a restart. */
  stop(): Promise<void> {
    return this.tracked.stop();
  }

  /** The servers with a release post ahead (for tests and `/operator status`). */
  plannedCount(): number {
    return this.tracked.size;
  }

  private async run(guildId: string): Promise<void> {
    const due = this.tracked.get(guildId);
    if (due === undefined || this.tracked.isStopped) return;
    const { store, now: clock, countdown } = this.options;
    const now = clock();
    const record = (await store.get<ReleasePostsRecord>(releasePostsKey(guildId))) ?? {};
    if (handled(record, due)) return this.refresh(guildId);
    const body = await this.render(guildId, due);
    const status = await countdown.status(guildId);
    if (body === undefined || status.state === 'disabled') {
      // Nothing to say any more (a newer change, announcements turned off), or Discord stopped this server's posts.
      await this.markHandled(guildId, due);
      return this.refresh(guildId);
    }
    if (record.sending?.key === due.key) {
      if (now.getTime() - Date.parse(record.sending.at) > NONCE_WINDOW_MS) {
        this.logger.warn(
          { guild: guildId, key: due.key },
          'an interrupted release post was not resent, to avoid a duplicate',
        );
        await this.markHandled(guildId, due);
        return this.refresh(guildId);
      }
    } else {
      await this.update(guildId, (latest) => ({
        ...latest,
        sending: { key: due.key, at: now.toISOString() },
      }));
    }
    try {
      await this.options.send(body.channelId, {
        content: body.post.content,
        embeds: body.post.embeds,
        allowed_mentions: { parse: [], roles: body.post.allowedMentions.roles },
        ...(body.post.components.length > 0 ? { components: body.post.components } : {}),
        nonce: releaseNonce(guildId, due.key),
        enforce_nonce: true,
      });
    } catch (error) {
      const reason = permanentFailure(error);
      if (reason === undefined) {
        this.logger.warn({ err: error, guild: guildId, key: due.key }, 'release post failed; will retry');
        due.at = new Date(now.getTime() + 60_000);
        return;
      }
      await this.markHandled(guildId, due);
      await countdown.disable(guildId, reason);
      this.tracked.delete(guildId);
      return;
    }
    const done = await this.markHandled(guildId, due);
    this.logger.info({ guild: guildId, key: due.key }, 'release post sent');
    await this.refresh(guildId, { record: done });
  }

  /** The post for a due key, as things are now; undefined when it should no longer be sent. */
  private async render(
    guildId: string,
    due: Due,
  ): Promise<{ channelId: string; post: ReleasePost } | undefined> {
    const { settings, timeline, now } = this.options;
    const values = await settings.get(guildId);
    const channelId = values.countdownChannel;
    if (!values.countdownEnabled || channelId === null) return undefined;
    // The due key is worked out in English (keys hold instants, which no language changes); the words are the
    // server's language.
    const locale = serverLocale(values.language, this.options.guildLocale?.(guildId));
    const content = timeline.builtIn();
    const release = releaseIn(content, timeline.release(), locale);
    const target = resolveTarget(release, values, locale, timeline.windowOrigin());
    if (due.kind === 'announce') {
      const facts = timeline.current();
      const change = facts.releaseChange;
      if (!values.countdownAnnouncements || change === null || `announce:${change.revision}` !== due.key) {
        return undefined;
      }
      // A premiere that came while the announcement waited is told by the "out now" post instead.
      if (release.premiere !== null && Date.parse(release.premiere) <= now().getTime()) return undefined;
      const before =
        change.beforeRelease === undefined
          ? change.before
          : releaseWords(locale, releaseIn(content, timeline.releaseWith(change.beforeRelease), locale));
      const post = renderAnnouncement({
        release,
        news: facts.release,
        before,
        roleId: values.countdownRole,
        ownTarget: target.kind === 'server' ? target : null,
        locale,
      });
      return { channelId, post };
    }
    if (target.kind === 'window' || `${target.kind}:${target.at.toISOString()}` !== due.key) return undefined;
    return { channelId, post: renderTargetArrived(target, release, values.countdownRole, locale) };
  }

  private markHandled(guildId: string, due: Due): Promise<ReleasePostsRecord> {
    return this.update(guildId, ({ sending: _, ...rest }) =>
      due.kind === 'announce'
        ? { ...rest, announced: Math.max(rest.announced ?? 0, Number(due.key.slice('announce:'.length))) }
        : { ...rest, arrived: due.key },
    );
  }

  /** Read-modify-write of a server's record, one at a time per server. */
  private update(
    guildId: string,
    change: (record: ReleasePostsRecord) => ReleasePostsRecord,
  ): Promise<ReleasePostsRecord> {
    const key = releasePostsKey(guildId);
    return this.lock.run(key, async () => {
      const record = (await this.options.store.get<ReleasePostsRecord>(key)) ?? {};
      const next = change(record);
      if (!(await this.options.store.set(key, next)))
        throw new Error('The store did not save the release posts record.');
      return next;
    });
  }
}

function handled(record: ReleasePostsRecord, due: Due): boolean {
  if (due.kind === 'announce') return (record.announced ?? 0) >= Number(due.key.slice('announce:'.length));
  return record.arrived === due.key;
}

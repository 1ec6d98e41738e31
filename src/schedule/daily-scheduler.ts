/**
 * Daily per-server posts (the countdown, the question of the day) at each server's local wall-clock time,
 * exactly once per server and local day, across restarts and crashes.
 *
 * One clock drives every server: node-cron calls {@link DailyScheduler.tick} each minute, and the scheduler keeps
 * each server's next due instant ({@link DueQueue}), so its cost does not grow with a timer per server. Due posts
 * go through its small worker pool; discord.js's REST client paces them to Discord's global rate limit.
 *
 * Exactly once. What was posted for which local day is kept in the store (`lastDate`). Before sending, the
 * scheduler records that it is `sending` that day; it sends with a nonce derived from server, job and day, and
 * `enforce_nonce`, so Discord itself returns the first message instead of creating a second one when the same
 * nonce comes again within a few minutes; then it records the day as done. A crash between sending and
 * recording therefore cannot double-post: after a restart within {@link NONCE_WINDOW_MS} the post is resent
 * with the same nonce (Discord deduplicates), and after longer it is not resent at all. The cost: when the bot
 * stays down longer than that window right in the middle of a send, that day's post may be missing (logged).
 *
 * Only servers with a plan are kept in memory: most servers never turn their posts on, so a server whose job is
 * idle (or whose posts Discord stopped) costs nothing here, and {@link DailyScheduler.status} asks the job why when
 * asked. A settings change re-plans a server through {@link DailyScheduler.refresh}, which tracks it again.
 *
 * Daylight saving: the due instant of local day D is `zonedInstant(D, time, zone)`: a time that does not exist
 * on a spring-forward day moves to the first valid minute after, and a repeated fall-back hour counts once,
 * because posts are keyed by local day, never by instant.
 */
import { forEachBounded } from '../bounded-each.js';
import { addDays, localDate, zonedInstant } from '../countdown/zoned-time.js';
import { permanentDiscordFailure, type PermanentFailure, type RefusalKind } from '../errors.js';
import type { Feature } from '../feature.js';
import type { KeyedMessage, MessageKey } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { KeyValueStore } from '../store.js';
import { createHash } from 'node:crypto';
import { DueQueue } from './due-queue.js';

/** What a job wants for a server right now: a daily time, or nothing (and why, said in the reader's language). */
export type DailyPlan =
  { kind: 'planned'; time: string; timeZone: string } | { kind: 'idle'; reason: KeyedMessage };

export interface DailyJob {
  /** Names the job in store keys and logs, e.g. "countdown". */
  name: string;
  plan(guildId: string, now: Date): Promise<DailyPlan>;
  /** Sends the post of local day `date`; `nonce` must go with the message, with enforce_nonce. */
  post(guildId: string, date: string, nonce: string): Promise<void>;
}

/** What is stored per server and job. */
export interface ScheduleRecord {
  /** The last local day handled (posted, or skipped as too late). */
  lastDate: string | null;
  /** Due instants before this one are not missed posts: the plan only started (or changed) then. */
  since: string;
  /** The plan `since` belongs to, "HH:MM zone". */
  planKey: string;
  /** A send in progress (or interrupted by a crash): which day, and when it started. */
  sending?: { date: string; at: string };
  /**
   * Discord refused for good (no access, channel gone): no more attempts until a moderator changes the set-up.
   * `reason` is in English; `kind` says it in any language (records written before it was kept have none).
   */
  disabled?: { reason: string; kind?: RefusalKind; at: string };
}

/**
 * What `/config check` and `/config show` say about a server's schedule. A `disabled` reason is a clause that
 * reads after "because"; an `idle` one is a sentence.
 */
export type ScheduleStatus =
  | { state: 'planned'; date: string; at: Date }
  | { state: 'idle'; reason: KeyedMessage }
  | { state: 'disabled'; reason: KeyedMessage; since: Date };

/** Each refusal that stops a schedule, as a clause after "because" in the reader's language. */
const REFUSED: Record<RefusalKind, MessageKey> = {
  missingAccess: 'schedule.refused.missingAccess',
  missingPermissions: 'schedule.refused.missingPermissions',
  unknownChannel: 'schedule.refused.unknownChannel',
  unknownMessage: 'schedule.refused.unknownMessage',
  unknownRole: 'schedule.refused.unknownRole',
  cannotDm: 'schedule.refused.cannotDm',
  forbidden: 'schedule.refused.forbidden',
  notFound: 'schedule.refused.notFound',
};

/** Why a schedule was stopped, from its record: by kind, or the English words of a record that has no kind. */
function stoppedBecause(disabled: NonNullable<ScheduleRecord['disabled']>): KeyedMessage {
  return disabled.kind === undefined
    ? { key: 'schedule.refused.other', values: { words: disabled.reason } }
    : { key: REFUSED[disabled.kind] };
}

/** A post more than this late (the bot was down) is skipped and logged instead of sent. */
export const MAX_CATCH_UP_MS = 6 * 60 * 60_000;
/** How long Discord is trusted to remember a nonce ("a few minutes"); we assume less than it promises. */
export const NONCE_WINDOW_MS = 2 * 60_000;

/** The day a plan's next post belongs to, when it is due, or a day given up as too late. */
type Next = { date: string; at: Date; late: boolean } | { skip: string; at: Date };

/** The next local day to post for, given what was already handled. Pure: exported for tests. */
export function nextPost(
  plan: { time: string; timeZone: string },
  record: Pick<ScheduleRecord, 'lastDate' | 'since'>,
  now: Date,
): Next {
  const today = localDate(now, plan.timeZone);
  const since = Date.parse(record.since);
  // Yesterday too: a post due late last night may still be within the catch-up window after midnight.
  for (const date of [addDays(today, -1), today, addDays(today, 1), addDays(today, 2)]) {
    if (record.lastDate !== null && date <= record.lastDate) continue;
    const at = zonedInstant(date, plan.time, plan.timeZone);
    if (at.getTime() < since) continue;
    if (at.getTime() > now.getTime()) return { date, at, late: false };
    if (now.getTime() - at.getTime() <= MAX_CATCH_UP_MS) return { date, at, late: true };
    return { skip: date, at };
  }
  // Unreachable for a valid plan (the day after tomorrow is always in the future); fall back to tomorrow.
  const date = addDays(today, 1);
  return { date, at: zonedInstant(date, plan.time, plan.timeZone), late: false };
}

/** A short nonce (Discord allows 25 characters) unique to a server, a job and a local day. */
export function postNonce(job: string, guildId: string, date: string): string {
  return createHash('sha256').update(`${job}:${guildId}:${date}`).digest('hex').slice(0, 25);
}

/** A server with posts planned: the day of its next post and when it is due. */
interface Tracked {
  date: string;
  at: Date;
}

/** How many servers start-up plans at once: enough to overlap store round trips, few enough to stay fair. */
export const TRACK_CONCURRENCY = 16;

export interface DailySchedulerOptions {
  job: DailyJob;
  store: KeyValueStore;
  now: () => Date;
  logger: Logger;
  /** How many posts may be in flight at once; discord.js paces them further. */
  concurrency?: number;
}

export class DailyScheduler {
  /** The servers with a post ahead: the day of the next one and when it is due. */
  private readonly tracked: DueQueue<Tracked>;
  private readonly job: DailyJob;
  private readonly store: KeyValueStore;
  private readonly now: () => Date;
  private readonly logger: Logger;

  constructor(options: DailySchedulerOptions) {
    this.job = options.job;
    this.store = options.store;
    this.now = options.now;
    this.logger = options.logger.child({ job: options.job.name });
    this.tracked = new DueQueue({
      now: options.now,
      concurrency: options.concurrency ?? 25,
      run: (guildId) => this.run(guildId),
      failed: (error, guildId) => this.logger.error({ err: error, guild: guildId }, 'scheduled post failed'),
    });
  }

  private key(guildId: string): string {
    return `schedule:${this.job.name}:${guildId}`;
  }

  /** Loads (or reloads) the plan of a server and works out its next post. */
  refresh(guildId: string, options: { reenable?: boolean; record?: ScheduleRecord } = {}): Promise<void> {
    return this.tracked.track(this.replan(guildId, options));
  }

  private async replan(
    guildId: string,
    options: { reenable?: boolean; record?: ScheduleRecord },
  ): Promise<void> {
    const now = this.now();
    const plan = await this.job.plan(guildId, now);
    if (plan.kind === 'idle' && options.reenable !== true) {
      // Nothing to post: no need for the record, and nothing to remember (status() asks the job again).
      this.tracked.delete(guildId);
      return;
    }
    let record = options.record ?? (await this.store.get<ScheduleRecord>(this.key(guildId)));
    if (options.reenable === true && record?.disabled !== undefined) {
      // Start afresh: posts missed while disabled are not caught up.
      const { disabled: _, ...rest } = record;
      record = { ...rest, since: now.toISOString() };
      await this.write(guildId, record);
      this.logger.info({ guild: guildId }, 'schedule re-enabled after a settings change');
    }
    if (plan.kind === 'idle' || record?.disabled !== undefined) {
      this.tracked.delete(guildId);
      return;
    }
    const planKey = `${plan.time} ${plan.timeZone}`;
    if (record?.planKey !== planKey) {
      // A new or changed plan starts now: earlier due times are not missed posts.
      record = { lastDate: record?.lastDate ?? null, since: now.toISOString(), planKey };
      await this.write(guildId, record);
    }
    let next = nextPost(plan, record, now);
    while ('skip' in next) {
      this.logger.warn(
        {
          guild: guildId,
          date: next.skip,
          lateMinutes: Math.round((now.getTime() - next.at.getTime()) / 60_000),
        },
        'skipped a post that was more than 6 hours late (the bot was down)',
      );
      record = { ...record, lastDate: next.skip };
      await this.write(guildId, record);
      next = nextPost(plan, record, now);
    }
    this.tracked.set(guildId, { date: next.date, at: next.at });
  }

  /**
   * Plans servers at start-up, {@link TRACK_CONCURRENCY} at a time; a post missed while the bot was down (under 6
   * hours) becomes due at once. The first failure is thrown once the plans under way have finished.
   */
  async track(guildIds: Iterable<string>): Promise<void> {
    await forEachBounded(guildIds, TRACK_CONCURRENCY, (guildId) => this.refresh(guildId));
  }

  /** Stops tracking a server (the bot left it). */
  forget(guildId: string): void {
    this.tracked.delete(guildId);
  }

  /** Deletes what this job stored of a server (the bot left it long enough ago that its data goes). */
  async purge(guildId: string): Promise<void> {
    this.tracked.delete(guildId);
    await this.store.delete(this.key(guildId));
  }

  /** Queues every post that is due; called each minute, and once after start-up. */
  tick(): void {
    this.tracked.tick();
  }

  /** Resolves once no re-plan is pending and nothing is queued or in flight (tests and benchmarks wait on it). */
  idle(): Promise<void> {
    return this.tracked.idle();
  }

  /** Lets posts in flight finish; queued ones stay unsent (they are picked up again after a restart). */
  stop(): Promise<void> {
    return this.tracked.stop();
  }

  /**
   * Stops a server's posts as a refused post does: another post to the same channel (a release announcement) was
   * refused for good. `/config check` says why; a moderator's next countdown change resumes them.
   */
  async disable(guildId: string, failure: PermanentFailure): Promise<void> {
    const now = this.now().toISOString();
    const record = (await this.store.get<ScheduleRecord>(this.key(guildId))) ?? {
      lastDate: null,
      since: now,
      planKey: '',
    };
    await this.write(guildId, {
      ...withoutSending(record),
      disabled: { reason: failure.words, kind: failure.kind, at: now },
    });
    this.tracked.delete(guildId);
    this.logger.warn({ guild: guildId, reason: failure.words }, 'scheduled posts disabled for this server');
  }

  /** Whether a server's posts are planned, stopped by Discord, or idle (and why, as the job says now). */
  async status(guildId: string): Promise<ScheduleStatus> {
    const record = await this.store.get<ScheduleRecord>(this.key(guildId));
    if (record?.disabled !== undefined) {
      return {
        state: 'disabled',
        reason: stoppedBecause(record.disabled),
        since: new Date(record.disabled.at),
      };
    }
    const entry = this.tracked.get(guildId);
    if (entry !== undefined) return { state: 'planned', date: entry.date, at: entry.at };
    const plan = await this.job.plan(guildId, this.now());
    if (plan.kind === 'idle') return { state: 'idle', reason: plan.reason };
    // Planned, yet not tracked: its re-plan has not finished (start-up, or a change just made).
    return { state: 'idle', reason: { key: 'schedule.idle.notTracked' } };
  }

  /** Posts one server's due day following the protocol in this module's comment. */
  private async run(guildId: string): Promise<void> {
    const entry = this.tracked.get(guildId);
    if (entry === undefined || this.tracked.isStopped) return;
    const date = entry.date;
    const now = this.now();
    const record = await this.store.get<ScheduleRecord>(this.key(guildId));
    if (record === undefined || record.disabled !== undefined) return this.refresh(guildId);
    if (record.lastDate !== null && date <= record.lastDate) return this.refresh(guildId);

    if (record.sending?.date === date) {
      const startedAt = Date.parse(record.sending.at);
      if (now.getTime() - startedAt > NONCE_WINDOW_MS) {
        // Discord may no longer remember the nonce: resending could post twice, so this day is given up.
        this.logger.warn(
          { guild: guildId, date },
          'an interrupted post was not resent, to avoid a duplicate',
        );
        await this.write(guildId, { ...withoutSending(record), lastDate: date });
        return this.refresh(guildId);
      }
    } else {
      await this.write(guildId, { ...record, sending: { date, at: now.toISOString() } });
    }

    try {
      await this.job.post(guildId, date, postNonce(this.job.name, guildId, date));
    } catch (error) {
      const failure = permanentDiscordFailure(error);
      if (failure === undefined) {
        // Worth another try next minute, with the same nonce, until the nonce window closes.
        this.logger.warn({ err: error, guild: guildId, date }, 'scheduled post failed; will retry');
        entry.at = new Date(now.getTime() + 60_000);
        return;
      }
      this.logger.warn(
        { guild: guildId, date, reason: failure.words },
        'scheduled posts disabled for this server',
      );
      await this.write(guildId, {
        ...withoutSending(record),
        disabled: { reason: failure.words, kind: failure.kind, at: now.toISOString() },
      });
      this.tracked.delete(guildId);
      return;
    }
    const done = { ...withoutSending(record), lastDate: date };
    await this.write(guildId, done);
    this.logger.info({ guild: guildId, date }, 'scheduled post sent');
    await this.refresh(guildId, { record: done });
  }

  private async write(guildId: string, record: ScheduleRecord): Promise<void> {
    if (!(await this.store.set(this.key(guildId), record)))
      throw new Error('The store did not save the schedule.');
  }
}

function withoutSending(record: ScheduleRecord): ScheduleRecord {
  const { sending: _, ...rest } = record;
  return rest;
}

/**
 * The feature hooks every kind of daily post has alike: plan every server at start-up and send what was missed,
 * tick, follow servers coming and going, delete a server's record after the purge, stop.
 */
export function dailyPostHooks(
  schedule: DailyScheduler,
): Required<Pick<Feature, 'recover' | 'tick' | 'guildAdded' | 'guildRemoved' | 'forget' | 'stop'>> {
  return {
    async recover(guildIds) {
      await schedule.track(guildIds);
      // Posts missed while the bot was down (less than 6 hours ago) go out now.
      schedule.tick();
    },
    tick: () => schedule.tick(),
    guildAdded: (guildId) => schedule.refresh(guildId),
    guildRemoved: (guildId) => schedule.forget(guildId),
    forget: (guildId) => schedule.purge(guildId),
    stop: () => schedule.stop(),
  };
}

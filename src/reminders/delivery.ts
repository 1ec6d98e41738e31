/**
 * Delivering reminders by DM: exactly once per reminder and member, on the same rails as the daily posts (see
 * src/schedule/daily-scheduler.ts).
 *
 * One process delivers: the one that runs shard 0 (Discord's rate limit is per bot, so more deliverers would
 * only share it, and one deliverer needs no lock). Each minute it asks whether any reminder may be due now
 * ({@link mayBeDue}); only then does it read the lists of members and their records, 500 to a round trip, and
 * hands the members with something due to a small worker pool, which discord.js paces to the rate limit.
 *
 * Exactly once. Before sending, the member's delivery record says which reminder is `sending`; the DM goes with
 * a nonce derived from member and reminder and `enforce_nonce`, so Discord returns the first message instead of
 * making a second when the same nonce comes again within a few minutes; then the reminder is recorded as handled.
 * A crash in between is resent with the same nonce within {@link NONCE_WINDOW_MS}, and not at all after. A
 * reminder more than 6 hours late is dropped and counted ({@link ReminderStats}), never sent.
 *
 * The DM channel is opened with the member's first reminder and kept, so every later reminder is one request.
 * Discord's 50007 (the member's DMs are closed) pauses their reminders: no retry, and the next time they use the
 * bot they are told privately (see pause-notices.ts: this process is the only writer of the list of those notices).
 *
 * After start-up the first round reads every member, so that reminders missed while the bot was down are found:
 * those less than 6 hours late are sent, older ones dropped and counted.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { forEachBounded } from '../bounded-each.js';
import { resolveLocale } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { NONCE_WINDOW_MS } from '../schedule/daily-scheduler.js';
import type { KeyValueStore } from '../store.js';
import {
  deliveryKey,
  dueNow,
  mayBeDue,
  memberKey,
  withHandled,
  type DeliveryRecord,
  type MemberReminders,
  type ReleaseMoments,
} from './model.js';
import { PauseNotices } from './pause-notices.js';
import { momentsOf, type ReleaseFeed } from './release-feed.js';
import { renderReminderDm } from './render.js';
import { readMember, readMemberIndex } from './service.js';

/** Discord as the deliverer needs it (the bot: its REST client). */
export interface DirectMessenger {
  /** Opens (or finds) the DM channel with a user: POST /users/@me/channels. */
  openDm(userId: string): Promise<string>;
  /** POST /channels/:id/messages. */
  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<unknown>;
}

/** Counts kept in the store, for the operator and the benchmark. */
export interface ReminderStats {
  sent: number;
  /** Reminders more than 6 hours late (the bot was down), dropped instead of sent. */
  dropped: number;
  /** Members whose reminders paused because their DMs were closed. */
  paused: number;
}

export const STATS_KEY = 'reminders:stats';
/** Members read per store round trip. */
const READ_BATCH = 500;

/** A short nonce (Discord allows 25 characters) unique to a member and a reminder. */
export function reminderNonce(userId: string, key: string): string {
  return createHash('sha256').update(`reminder:${userId}:${key}`).digest('hex').slice(0, 25);
}

export interface ReminderDeliveryOptions {
  store: KeyValueStore;
  feed: ReleaseFeed;
  messenger: DirectMessenger;
  now: () => Date;
  logger: Logger;
  /** How many shards there are: one list of members per shard is read. */
  shardCount: number;
  /** How many members are delivered to at once; discord.js paces them further. */
  concurrency?: number;
  /**
   * Where a pause is noted for the member to be told: this process's own (the feature passes its members'), so
   * that a member paused here is told here at once. Default: one of the deliverer's own over the store.
   */
  pauseNotices?: PauseNotices;
}

export class ReminderDelivery {
  private running: Promise<void> | undefined;
  private stopped = false;
  private started = false;
  private stats: ReminderStats | undefined;
  private readonly logger: Logger;
  private readonly pauseNotices: PauseNotices;

  constructor(private readonly options: ReminderDeliveryOptions) {
    this.logger = options.logger.child({ job: 'reminders' });
    this.pauseNotices = options.pauseNotices ?? new PauseNotices(options.store, options.now);
  }

  /** Starts a delivery round unless one is still running (a large one spans several minutes). */
  tick(): void {
    if (this.stopped || this.running !== undefined) return;
    const round = this.round()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reminder round failed'))
      .finally(() => {
        this.running = undefined;
      });
    this.running = round;
  }

  /** Resolves once no round is running (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Lets the round in flight finish its members in flight; the rest wait for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** The counts so far. */
  async counts(): Promise<ReminderStats> {
    return (await this.options.store.get<ReminderStats>(STATS_KEY)) ?? { sent: 0, dropped: 0, paused: 0 };
  }

  private async round(): Promise<void> {
    const { store, feed, now: clock, shardCount } = this.options;
    const now = clock();
    const moments = momentsOf(feed);
    // The first round after start-up reads every member whatever the time: reminders missed while the bot was
    // down for longer than 6 hours are found then, and dropped and counted.
    if (this.started && !mayBeDue(moments, now)) return;
    this.started = true;
    const ids = [...(await readMemberIndex(store, shardCount))];
    const due: string[] = [];
    for (let start = 0; start < ids.length; start += READ_BATCH) {
      const batch = ids.slice(start, start + READ_BATCH);
      const keys = batch.flatMap((id) => [memberKey(id), deliveryKey(id)]);
      const records = await store.getMany<unknown>(keys);
      batch.forEach((id, index) => {
        const member = readMember(records[index * 2]);
        if (member === undefined) return;
        const { send, drop } = dueNow(
          member,
          records[index * 2 + 1] as DeliveryRecord | undefined,
          moments,
          now,
        );
        if (send.length > 0 || drop.length > 0) due.push(id);
      });
    }
    if (due.length === 0) return;
    this.logger.info({ members: due.length }, 'delivering reminders');
    this.stats = await this.counts();
    await forEachBounded(due, this.options.concurrency ?? 25, async (userId) => {
      if (this.stopped) return;
      try {
        await this.deliver(userId, moments);
      } catch (error) {
        this.logger.error({ err: error, user: userId }, 'reminder delivery failed; retried next minute');
      }
    });
    await store.set(STATS_KEY, this.stats);
  }

  /** Sends (or drops) one member's due reminders, following the protocol in this module's comment. */
  private async deliver(userId: string, moments: ReleaseMoments): Promise<void> {
    const { store, messenger, feed } = this.options;
    const now = this.options.now();
    const [rawMember, rawDelivery] = await store.getMany<unknown>([memberKey(userId), deliveryKey(userId)]);
    const member = readMember(rawMember);
    if (member === undefined) return;
    let record: DeliveryRecord = (rawDelivery as DeliveryRecord | undefined) ?? { handled: [] };
    const { send, drop } = dueNow(member, record, moments, now);
    for (const reminder of drop) {
      this.logger.warn(
        {
          user: userId,
          reminder: reminder.key,
          lateMinutes: Math.round((now.getTime() - reminder.at.getTime()) / 60_000),
        },
        'dropped a reminder more than 6 hours late (the bot was down)',
      );
      record = withHandled(record, reminder.key);
      this.count('dropped');
    }
    if (drop.length > 0) await this.write(userId, record);

    for (const reminder of send) {
      if (
        record.sending?.key === reminder.key &&
        now.getTime() - Date.parse(record.sending.at) > NONCE_WINDOW_MS
      ) {
        // Discord may no longer remember the nonce: resending could send it twice, so it is given up.
        this.logger.warn({ user: userId, reminder: reminder.key }, 'an interrupted reminder was not resent');
        record = withHandled(record, reminder.key);
        await this.write(userId, record);
        continue;
      }
      const channelId = record.dmChannelId ?? (await messenger.openDm(userId));
      if (record.sending?.key !== reminder.key || record.dmChannelId !== channelId) {
        record = {
          ...record,
          dmChannelId: channelId,
          sending:
            record.sending?.key === reminder.key
              ? record.sending
              : { key: reminder.key, at: now.toISOString() },
        };
        await this.write(userId, record);
      }
      const change = feed.latestChange();
      const locale = resolveLocale(member.locale);
      // The film's title and window label in the member's language too, where translated.
      const body = renderReminderDm(reminder, {
        release: feed.releaseIn?.(locale) ?? feed.release(),
        source: change?.source ?? null,
        locale,
      });
      try {
        await messenger.send(channelId, {
          ...body,
          nonce: reminderNonce(userId, reminder.key),
          enforce_nonce: true,
        });
      } catch (error) {
        await this.failed(userId, member, record, error);
        return;
      }
      record = withHandled(record, reminder.key);
      await this.write(userId, record);
      this.count('sent');
      this.logger.info({ user: userId, reminder: reminder.key }, 'reminder sent');
    }
    // The member stopped while their reminder was on its way: what was just written goes too.
    if ((await store.get<unknown>(memberKey(userId))) === undefined) await store.delete(deliveryKey(userId));
  }

  private async failed(
    userId: string,
    member: MemberReminders,
    record: DeliveryRecord,
    error: unknown,
  ): Promise<void> {
    if (!(error instanceof DiscordAPIError)) throw error;
    if (error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
      const { sending: _, ...rest } = record;
      await this.write(userId, { ...rest, paused: { at: this.options.now().toISOString() } });
      await this.pauseNotices.add(userId);
      this.count('paused');
      this.logger.info(
        { user: userId, locale: member.locale },
        'reminders paused: the member does not accept DMs',
      );
      return;
    }
    if (error.code === RESTJSONErrorCodes.UnknownChannel) {
      // The DM channel is gone: the next attempt opens a new one (with the same nonce, within its window).
      const { dmChannelId: _, ...rest } = record;
      await this.write(userId, rest);
    }
    throw error;
  }

  private count(what: keyof ReminderStats): void {
    if (this.stats !== undefined) this.stats[what]++;
  }

  private async write(userId: string, record: DeliveryRecord): Promise<void> {
    if (!(await this.options.store.set(deliveryKey(userId), record)))
      throw new Error('The store did not save the reminder delivery.');
  }
}

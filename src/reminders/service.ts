/**
 * A member's reminders as their commands and clicks change them: read, choose, stop (which deletes everything
 * the bot keeps about them at once), and the private notice of a pause (see pause-notices.ts: no store read for
 * a member who has none).
 *
 * The list of members. The store cannot list keys, so the delivering process finds members through lists of
 * member ids: each process keeps its own ({@link memberIndexKey}, split into {@link INDEX_BUCKETS} small records
 * so a change rewrites little) and is their only writer, so processes never lose each other's additions. A member
 * who stops is taken off this process's list at once; a process that listed them from an earlier command drops
 * them at its hourly tidy-up ({@link ReminderService.prune}), by which time their id is the only thing left.
 */
import { KeyedLock } from '../keyed-lock.js';
import type { KeyValueStore } from '../store.js';
import {
  deliveryKey,
  memberKey,
  pauseNoticeKey,
  type DeliveryRecord,
  type MemberReminders,
  REMINDER_KINDS,
  type ReminderKind,
} from './model.js';
import { PauseNotices } from './pause-notices.js';

/** How many records a process's list of members is split into. */
export const INDEX_BUCKETS = 16;

/** One bucket of the list of members that process `shard` keeps. */
export const memberIndexKey = (shard: number, bucket: number): string => `reminders:index:${shard}:${bucket}`;

/** The bucket of a member id. */
export function bucketOf(userId: string): number {
  try {
    return Number(BigInt(userId) % BigInt(INDEX_BUCKETS));
  } catch {
    return 0;
  }
}

/** What a member asked to change; undefined leaves a part as it is. */
export interface ReminderChoice {
  /** Kinds switched on (true) or off (false). */
  kinds?: Partial<Record<ReminderKind, boolean>>;
  /** An IANA name, or null for UTC. */
  timeZone?: string | null;
  locale: string;
}

/** A member's reminders as `/reminders show` tells them. */
export interface MemberView {
  member: MemberReminders;
  delivery: DeliveryRecord | undefined;
}

export class ReminderService {
  private readonly lock = new KeyedLock();
  /** This process's view of the pending pause notices; the delivering process writes through the same one. */
  readonly pauseNotices: PauseNotices;

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
    /** The shard whose list of members this process keeps. */
    private readonly shard: number,
  ) {
    this.pauseNotices = new PauseNotices(store, now);
  }

  /** The member's reminders, or undefined when they have none. */
  async get(userId: string): Promise<MemberView | undefined> {
    const [member, delivery] = await this.store.getMany<unknown>([memberKey(userId), deliveryKey(userId)]);
    const read = readMember(member);
    return read === undefined
      ? undefined
      : { member: read, delivery: delivery as DeliveryRecord | undefined };
  }

  /**
   * Applies a member's choice and returns their reminders after it. Choosing again after a pause resumes them,
   * and a member left with no reminder and no timezone has nothing stored (as after {@link stop}).
   */
  choose(userId: string, choice: ReminderChoice): Promise<MemberReminders | undefined> {
    return this.lock.run(userId, async () => {
      const now = this.now().toISOString();
      const before = readMember(await this.store.get<unknown>(memberKey(userId)));
      const choices: MemberReminders['choices'] = {};
      for (const kind of REMINDER_KINDS) {
        const on = choice.kinds?.[kind] ?? before?.choices[kind] !== undefined;
        // A kind chosen before keeps its date: reminders it was already due for are not lost.
        if (on) choices[kind] = before?.choices[kind] ?? now;
      }
      const member: MemberReminders = {
        version: 1,
        choices,
        timeZone: choice.timeZone === undefined ? (before?.timeZone ?? null) : choice.timeZone,
        locale: choice.locale,
        resumedAt: now,
      };
      if (Object.keys(choices).length === 0 && member.timeZone === null) {
        await this.remove(userId);
        return undefined;
      }
      if (!(await this.store.set(memberKey(userId), member)))
        throw new Error('The store did not save the reminders.');
      await this.store.delete(pauseNoticeKey(userId));
      if (before === undefined) await this.editIndex(userId, 'add');
      return member;
    });
  }

  /** Deletes everything kept about the member: choices, timezone, DM channel, delivery state, pause notice. */
  stop(userId: string): Promise<boolean> {
    return this.lock.run(userId, async () => {
      const had = (await this.store.get<unknown>(memberKey(userId))) !== undefined;
      await this.remove(userId);
      return had;
    });
  }

  /**
   * Whether the member has yet to be told that their reminders paused (their DMs were closed); true once, as it
   * is forgotten when read. No store read for a member this process has not seen listed with a notice: a member
   * paused by another process is seen at this process's next minute tick ({@link refreshPauseNotices}).
   */
  takePauseNotice(userId: string): Promise<boolean> {
    return this.pauseNotices.take(userId);
  }

  /** Reads which members have a pending pause notice (every process, each minute and at start-up). */
  refreshPauseNotices(): Promise<void> {
    return this.pauseNotices.refresh();
  }

  /** Drops from this process's list the members who have no reminders any more (they stopped elsewhere). */
  async prune(): Promise<number> {
    let dropped = 0;
    for (let bucket = 0; bucket < INDEX_BUCKETS; bucket++) {
      await this.lock.run(`index:${bucket}`, async () => {
        const key = memberIndexKey(this.shard, bucket);
        const ids = (await this.store.get<string[]>(key)) ?? [];
        if (ids.length === 0) return;
        const records = await this.store.getMany<unknown>(ids.map(memberKey));
        const kept = ids.filter((_, index) => records[index] !== undefined);
        if (kept.length === ids.length) return;
        dropped += ids.length - kept.length;
        await (kept.length === 0 ? this.store.delete(key) : this.store.set(key, kept));
      });
    }
    return dropped;
  }

  private async remove(userId: string): Promise<void> {
    await Promise.all([
      this.store.delete(memberKey(userId)),
      this.store.delete(deliveryKey(userId)),
      this.store.delete(pauseNoticeKey(userId)),
    ]);
    await this.editIndex(userId, 'remove');
  }

  private editIndex(userId: string, change: 'add' | 'remove'): Promise<void> {
    const bucket = bucketOf(userId);
    return this.lock.run(`index:${bucket}`, async () => {
      const key = memberIndexKey(this.shard, bucket);
      const ids = (await this.store.get<string[]>(key)) ?? [];
      const has = ids.includes(userId);
      if (change === 'add' && !has) await this.store.set(key, [...ids, userId]);
      if (change === 'remove' && has) {
        const rest = ids.filter((id) => id !== userId);
        await (rest.length === 0 ? this.store.delete(key) : this.store.set(key, rest));
      }
    });
  }
}

/** A member record as stored, or undefined when there is none this version can read. */
export function readMember(raw: unknown): MemberReminders | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const record = raw as { version?: unknown; choices?: unknown };
  if (record.version !== 1 || typeof record.choices !== 'object' || record.choices === null) return undefined;
  return raw as MemberReminders;
}

/** Reads the lists of members every process keeps, as one set of ids. */
export async function readMemberIndex(store: KeyValueStore, shardCount: number): Promise<Set<string>> {
  const keys: string[] = [];
  for (let shard = 0; shard < shardCount; shard++)
    for (let bucket = 0; bucket < INDEX_BUCKETS; bucket++) keys.push(memberIndexKey(shard, bucket));
  const lists = await store.getMany<string[]>(keys);
  return new Set(lists.flatMap((list) => (Array.isArray(list) ? list : [])));
}

/**
 * Retention of the data of servers the bot has left. When the bot leaves a server the time is remembered
 * ({@link SettingsRetention.markRemoved}), and {@link SettingsRetention.purgeRemoved} later deletes the data of
 * servers gone for more than 30 days.
 *
 * Shard processes share the store but no lock, so nothing here is written by two processes: Discord hands a
 * server to one shard only, and the mark lives in that server's own record (`removedAt`, written through
 * {@link GuildSettingsService}), written by the process that runs the server; each process keeps its own index of
 * the servers it marked (`settings:removed-index:<shard>`), which its daily purge walks. Whoever sees a server
 * again clears the mark in the server's record; the purge deletes only what its record still marks as removed
 * long enough, and drops index entries whose mark is gone.
 */
import type { ShardPosition } from '../config.js';
import { KeyedLock } from '../keyed-lock.js';
import type { KeyValueStore } from '../store.js';
import type { GuildSettingsService } from './service.js';

/** Servers the bot left longer ago than this lose their data at the next purge. */
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The removal marks of versions before per-server marks: one record for all shards, server id → when the bot was
 * removed (ISO 8601). Read once at start-up, moved to the per-server marks, then deleted.
 */
export const REMOVED_GUILDS_KEY = 'settings:removed-guilds';
/** The store key of one shard's index of the servers it marked as removed: server id → when (ISO 8601). */
export const removalIndexKey = (shardId: number): string => `settings:removed-index:${shardId}`;

/** The shard Discord sends a server to: (id >> 22) mod the number of shards. */
export function shardOfGuild(guildId: string, count: number): number {
  if (!/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** What is stored under {@link removalIndexKey}. */
interface RemovalIndex {
  /** Server id → when this shard marked it removed. */
  marks: Map<string, string>;
  /** This shard has taken its share of the old {@link REMOVED_GUILDS_KEY} record. */
  legacyMoved?: true;
}

export interface SettingsRetentionOptions {
  store: KeyValueStore;
  /** Reads and writes the mark in each server's record. */
  settings: Pick<GuildSettingsService, 'markRecordRemoved' | 'clearRemovalMarks' | 'deleteIfRemovedBefore'>;
  now: () => Date;
  /** Which shard this process runs (from the configuration): decides which removal index it keeps. */
  shard: ShardPosition;
}

export class SettingsRetention {
  /** Serialises the read-modify-writes of this shard's index (only this process writes it). */
  private readonly lock = new KeyedLock();
  /** The move of the old shared removal record, done once before the first removal-mark operation. */
  private legacyMoved: Promise<void> | undefined;

  constructor(private readonly options: SettingsRetentionOptions) {}

  /** Remembers that the bot was removed from a server (the first time counts if it is marked again). */
  async markRemoved(guildId: string): Promise<void> {
    await this.moveLegacyMarks();
    const at = this.options.now().toISOString();
    // Index first: an index entry whose mark never got written is dropped by the purge, never acted on.
    await this.changeIndex((marks) => {
      if (marks.has(guildId)) return false;
      marks.set(guildId, at);
      return true;
    });
    await this.options.settings.markRecordRemoved(guildId, at);
  }

  /**
   * Forgets removal marks: the bot is in these servers (again), so their data stays. Clears the marks in the
   * servers' records (see {@link GuildSettingsService.clearRemovalMarks}), then drops them from this shard's index
   * (one read, at most one write).
   */
  async markPresent(...guildIds: string[]): Promise<void> {
    await this.moveLegacyMarks();
    await this.options.settings.clearRemovalMarks(guildIds);
    await this.changeIndex((marks) => guildIds.filter((guildId) => marks.delete(guildId)).length > 0);
  }

  /**
   * Deletes the data of the servers in this shard's index whose record still says the bot was removed more than
   * `olderThanDays` ago; returns their ids. Entries whose mark is gone (the server came back) leave the index.
   */
  async purgeRemoved(olderThanDays = DEFAULT_RETENTION_DAYS): Promise<string[]> {
    await this.moveLegacyMarks();
    const cutoff = this.options.now().getTime() - olderThanDays * DAY_MS;
    const purged: string[] = [];
    await this.changeIndex(async (marks) => {
      let changed = false;
      for (const [guildId, indexedAt] of [...marks]) {
        if (Date.parse(indexedAt) >= cutoff) continue;
        // The record itself decides, as stored now: the server may have come back through another process.
        const outcome = await this.options.settings.deleteIfRemovedBefore(guildId, cutoff);
        if (outcome.deleted) purged.push(guildId);
        const removedAt = outcome.deleted ? undefined : outcome.removedAt;
        if (removedAt === undefined) marks.delete(guildId);
        else marks.set(guildId, removedAt);
        changed = true;
      }
      return changed;
    });
    return purged;
  }

  /**
   * Reads this shard's removal index, lets `change` edit its marks (returning whether it changed them), and saves
   * it then. Only this process writes this index, so its own lock is enough.
   */
  private async changeIndex(
    change: (marks: Map<string, string>) => boolean | Promise<boolean>,
    options: { legacyMoved?: true } = {},
  ): Promise<void> {
    const { store } = this.options;
    const key = removalIndexKey(this.options.shard.id);
    await this.lock.run(key, async () => {
      const index = readRemovalIndex(await store.get<unknown>(key));
      const changed = await change(index.marks);
      const flagged = options.legacyMoved === true && index.legacyMoved !== true;
      if (!changed && !flagged) return;
      const legacyMoved = index.legacyMoved === true || options.legacyMoved === true;
      if (index.marks.size === 0 && !legacyMoved) await store.delete(key);
      else
        await this.write(key, {
          marks: Object.fromEntries(index.marks),
          ...(legacyMoved ? { legacyMoved } : {}),
        });
    });
  }

  /** Moves the old shared removal record to per-server marks, once (retried on the next call if it failed). */
  private moveLegacyMarks(): Promise<void> {
    this.legacyMoved ??= this.moveLegacyMarksNow().catch((error: unknown) => {
      this.legacyMoved = undefined;
      throw error;
    });
    return this.legacyMoved;
  }

  /**
   * Each shard takes the marks of the servers it runs: their records get the mark, its index the entry. The old
   * record is deleted by whichever shard finds every shard's index saying it has taken its share; until then it
   * is only read, so no shard's update of it can be lost.
   */
  private async moveLegacyMarksNow(): Promise<void> {
    const { store, shard, settings } = this.options;
    const raw = await store.get<unknown>(REMOVED_GUILDS_KEY);
    if (raw === undefined) return;
    const mine = Object.entries(isRecord(raw) ? raw : {}).filter(
      (mark): mark is [string, string] =>
        isInstant(mark[1]) && shardOfGuild(mark[0], shard.count) === shard.id,
    );
    for (const [guildId, at] of mine) await settings.markRecordRemoved(guildId, at);
    await this.changeIndex(
      (marks) => {
        let changed = false;
        for (const [guildId, at] of mine) {
          const indexed = marks.get(guildId);
          if (indexed !== undefined && Date.parse(indexed) <= Date.parse(at)) continue;
          marks.set(guildId, at);
          changed = true;
        }
        return changed;
      },
      { legacyMoved: true },
    );
    for (let shardId = 0; shardId < shard.count; shardId++) {
      const index = readRemovalIndex(await store.get<unknown>(removalIndexKey(shardId)));
      if (index.legacyMoved !== true) return;
    }
    await store.delete(REMOVED_GUILDS_KEY);
  }

  private async write(key: string, value: unknown): Promise<void> {
    if (!(await this.options.store.set(key, value))) throw new Error(`The store did not save ${key}.`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Reads a shard's removal index; unreadable entries are dropped. */
function readRemovalIndex(raw: unknown): RemovalIndex {
  const document = isRecord(raw) ? raw : {};
  const marks = new Map<string, string>();
  for (const [guildId, at] of Object.entries(isRecord(document.marks) ? document.marks : {})) {
    if (isInstant(at)) marks.set(guildId, at);
  }
  return document.legacyMoved === true ? { marks, legacyMoved: true } : { marks };
}

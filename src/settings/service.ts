/**
 * Reads and changes the settings of each server. A server's settings and their change history live together
 * under one store key, so one write saves both or neither. Writes for one server are serialised, each reading
 * the latest state inside the lock, so two moderators saving at once never lose each other's change. Settings are
 * cached in memory: one store read per server until it changes; every server with nothing stored shares one
 * frozen entry, so the many servers that never change a setting cost almost nothing.
 *
 * Retention: when the bot leaves a server the time is remembered ({@link GuildSettingsService.markRemoved}), and
 * {@link GuildSettingsService.purgeRemoved} later deletes the data of servers gone for more than 30 days. Shard
 * processes share the store but no lock, so nothing here is written by two processes: Discord hands a server to
 * one shard only, and the mark lives in that server's own record (`removedAt`), written by the process that runs
 * the server; each process keeps its own index of the servers it marked (`settings:removed-index:<shard>`), which
 * its daily purge walks. Whoever sees a server again clears the mark in the server's record; the purge deletes
 * only what its record still marks as removed long enough, and drops index entries whose mark is gone.
 */
import { forEachBounded } from '../bounded-each.js';
import { KeyedLock } from '../keyed-lock.js';
import { z } from 'zod';
import type { KeyValueStore } from '../store.js';
import {
  DEFAULT_SETTINGS,
  type GuildSettings,
  isSettingKey,
  readStoredSettings,
  SETTING_KEYS,
  type SettingKey,
  type SettingProblems,
  settingSchema,
} from './definitions.js';

/** One change of one setting, as kept in a server's history. */
export type SettingChange = {
  [Key in SettingKey]: {
    /** When, as an ISO 8601 timestamp. */
    at: string;
    /** The Discord user id of who changed it. */
    actorId: string;
    setting: Key;
    old: GuildSettings[Key];
    new: GuildSettings[Key];
  };
}[SettingKey];

/** How many changes are kept per server; older ones are dropped. */
export const HISTORY_LIMIT = 100;
/** Servers the bot left longer ago than this lose their data at the next purge. */
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The store key of one server's settings and history. */
export const guildSettingsKey = (guildId: string): string => `settings:guild:${guildId}`;
/**
 * The removal marks of versions before per-server marks: one record for all shards, server id → when the bot was
 * removed (ISO 8601). Read once at start-up, moved to the per-server marks, then deleted.
 */
export const REMOVED_GUILDS_KEY = 'settings:removed-guilds';
/** The store key of one shard's index of the servers it marked as removed: server id → when (ISO 8601). */
export const removalIndexKey = (shardId: number): string => `settings:removed-index:${shardId}`;
/** How many servers' records {@link GuildSettingsService.markPresent} reads at once. */
const PRESENCE_CONCURRENCY = 16;
/** Server records read in one round trip when many are needed at once (start-up). */
const PRELOAD_BATCH = 500;

/** Which shard this process runs, and of how many: decides which removal index it keeps (see the module comment). */
export interface ShardPosition {
  id: number;
  count: number;
}

/**
 * The shard of a process started by discord.js's ShardingManager (`npm run start:sharded`), which hands each its
 * shard in SHARDS and SHARD_COUNT; otherwise shard 0 of 1 (`npm start`: one process runs every server).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv = process.env): ShardPosition {
  if (env.SHARDING_MANAGER !== undefined && env.SHARDS !== undefined && env.SHARD_COUNT !== undefined) {
    const id = Number(env.SHARDS);
    const count = Number(env.SHARD_COUNT);
    if (Number.isInteger(id) && Number.isInteger(count) && id >= 0 && id < count) return { id, count };
  }
  return { id: 0, count: 1 };
}

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

/** What is stored under {@link guildSettingsKey}. */
interface StoredGuild {
  version: 1;
  /** Only the settings moderators have set, as stored; invalid or unknown values are kept as they are. */
  settings: Record<string, unknown>;
  /** Oldest first. */
  history: SettingChange[];
  /** When the bot was removed from the server (ISO 8601), while it is away; see the module comment. */
  removedAt?: string;
}

/** A server's state as cached: the stored record and what it reads as. */
interface Entry {
  stored: Readonly<StoredGuild>;
  settings: Readonly<GuildSettings>;
  problems: Readonly<SettingProblems>;
}

const changeSchema = z
  .object({
    at: z.iso.datetime(),
    actorId: z.string(),
    setting: z.string().refine(isSettingKey),
    old: z.unknown(),
    new: z.unknown(),
  })
  .refine((change) => {
    const schema = settingSchema(change.setting);
    return schema.safeParse(change.old).success && schema.safeParse(change.new).success;
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** What every server with nothing stored reads as: one shared, frozen entry instead of a copy per server. */
const NOTHING_STORED: Entry = entryOf({ version: 1, settings: {}, history: [] }, { ...DEFAULT_SETTINGS }, {});

/** Reads whatever is stored for a server; unreadable history entries are skipped. */
function readEntry(raw: unknown): Entry {
  if (raw === undefined) return NOTHING_STORED;
  const document = isRecord(raw) ? raw : undefined;
  const rawSettings = document === undefined ? raw : document.settings;
  const { settings, problems } = readStoredSettings(rawSettings);
  const history = Array.isArray(document?.history)
    ? document.history
        .filter((change) => changeSchema.safeParse(change).success)
        .map((c) => c as SettingChange)
    : [];
  const stored: StoredGuild = {
    version: 1,
    settings: isRecord(rawSettings) ? { ...rawSettings } : {},
    history,
  };
  if (isInstant(document?.removedAt)) stored.removedAt = document.removedAt;
  return entryOf(stored, settings, problems);
}

function entryOf(stored: StoredGuild, settings: GuildSettings, problems: SettingProblems): Entry {
  Object.freeze(stored.settings);
  Object.freeze(stored.history);
  for (const change of stored.history) Object.freeze(change);
  return {
    stored: Object.freeze(stored),
    settings: Object.freeze(settings),
    problems: Object.freeze(problems),
  };
}

function entryFromStored(stored: StoredGuild): Entry {
  const { settings, problems } = readStoredSettings(stored.settings);
  return entryOf(stored, settings, problems);
}

function changeOf<Key extends SettingKey>(
  at: string,
  actorId: string,
  setting: Key,
  old: GuildSettings[Key],
  value: GuildSettings[Key],
): SettingChange {
  return { at, actorId, setting, old, new: value } as SettingChange;
}

export class GuildSettingsService {
  private readonly cache = new Map<string, Entry>();
  private readonly listeners: ((guildId: string, changes: readonly SettingChange[]) => void)[] = [];
  /** Serialises every read-modify-write of one store key. */
  private readonly lock = new KeyedLock();
  private readonly shard: ShardPosition;
  /** The move of the old shared removal record, done once before the first removal-mark operation. */
  private legacyMoved: Promise<void> | undefined;

  /** `options.shard` defaults to {@link shardFromEnvironment}. */
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
    options: { shard?: ShardPosition } = {},
  ) {
    this.shard = options.shard ?? shardFromEnvironment();
  }

  /** The server's settings, defaults filled in (and used for any stored value that is invalid). */
  async get(guildId: string): Promise<Readonly<GuildSettings>> {
    return (await this.entry(guildId)).settings;
  }

  /** The settings and what is wrong with the stored ones (each such setting is using its default). */
  async inspect(
    guildId: string,
  ): Promise<{ settings: Readonly<GuildSettings>; problems: Readonly<SettingProblems> }> {
    const { settings, problems } = await this.entry(guildId);
    return { settings, problems };
  }

  /**
   * Sets the given settings and returns the changes recorded: one per setting whose value actually changed,
   * none when nothing did (then nothing is written). Values must be valid (see validate.ts); an invalid one is a
   * programming error and throws a TypeError before anything is written. If the store write fails, the error
   * propagates and nothing (store or cache) has changed.
   */
  async update(guildId: string, actorId: string, changes: Partial<GuildSettings>): Promise<SettingChange[]> {
    const wanted = validChanges(changes);
    const saved = await this.exclusive(guildSettingsKey(guildId), async () => {
      const current = await this.load(guildId);
      const settings = { ...current.stored.settings };
      const at = this.now().toISOString();
      const recorded: SettingChange[] = [];
      let repaired = false;
      for (const [key, value] of wanted) {
        const old = current.settings[key];
        if (!Object.is(old, value)) {
          settings[key] = value;
          recorded.push(changeOf(at, actorId, key, old, value));
        } else if (current.problems[key] !== undefined) {
          // The value in effect was the default standing in for an invalid one: store the valid value.
          settings[key] = value;
          repaired = true;
        }
      }
      if (recorded.length === 0 && !repaired) return [];
      const history = [...current.stored.history, ...recorded].slice(-HISTORY_LIMIT);
      await this.save(guildId, { version: 1, settings, history });
      return recorded;
    });
    this.notify(guildId, saved);
    return saved;
  }

  /**
   * Puts one setting (or several together) back to its default, recorded as a change when its value changes;
   * or, for `'all'`, every setting, and clears the history (recording nothing). Returns what changed.
   */
  async reset(
    guildId: string,
    actorId: string,
    setting: SettingKey | readonly SettingKey[] | 'all',
  ): Promise<SettingChange[]> {
    const reset = await this.exclusive(guildSettingsKey(guildId), async () => {
      const current = await this.load(guildId);
      const at = this.now().toISOString();
      const keys: readonly SettingKey[] =
        setting === 'all' ? SETTING_KEYS : typeof setting === 'string' ? [setting] : setting;
      const changed = keys
        .filter((key) => !Object.is(current.settings[key], DEFAULT_SETTINGS[key]))
        .map((key) => changeOf(at, actorId, key, current.settings[key], DEFAULT_SETTINGS[key]));
      if (setting === 'all') {
        await this.store.delete(guildSettingsKey(guildId));
        this.cache.set(guildId, NOTHING_STORED);
        return changed;
      }
      if (!keys.some((key) => Object.hasOwn(current.stored.settings, key))) return changed;
      const settings = Object.fromEntries(
        Object.entries(current.stored.settings).filter(([key]) => !(keys as readonly string[]).includes(key)),
      );
      const history = [...current.stored.history, ...changed].slice(-HISTORY_LIMIT);
      await this.save(guildId, { version: 1, settings, history });
      return changed;
    });
    this.notify(guildId, reset);
    return reset;
  }

  /** Calls `listener` after every update or reset that changed something (the scheduler re-plans then). */
  onChange(listener: (guildId: string, changes: readonly SettingChange[]) => void): void {
    this.listeners.push(listener);
  }

  private notify(guildId: string, changes: readonly SettingChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(guildId, changes);
  }

  /** The last `limit` changes, newest first. */
  async history(guildId: string, limit = 25): Promise<SettingChange[]> {
    if (limit <= 0) return [];
    const { stored } = await this.entry(guildId);
    return stored.history.slice(-limit).reverse();
  }

  /** Drops the cached state of a server; the next read goes to the store. */
  invalidate(guildId: string): void {
    this.cache.delete(guildId);
  }

  /** Remembers that the bot was removed from a server (the first time counts if it is marked again). */
  async markRemoved(guildId: string): Promise<void> {
    await this.moveLegacyMarks();
    const at = this.now().toISOString();
    // Index first: an index entry whose mark never got written is dropped by the purge, never acted on.
    await this.changeIndex((marks) => {
      if (marks.has(guildId)) return false;
      marks.set(guildId, at);
      return true;
    });
    await this.setRemovedAt(guildId, at);
  }

  /**
   * Forgets removal marks: the bot is in these servers (again), so their data stays. Reads the servers' records
   * ({@link PRELOAD_BATCH} to a round trip; they stay cached for what comes next, such as planning posts), writes
   * only those marked (at most {@link PRESENCE_CONCURRENCY} at once), then drops them from this shard's index (one
   * read, at most one write).
   */
  async markPresent(...guildIds: string[]): Promise<void> {
    await this.moveLegacyMarks();
    await this.preload(guildIds);
    // Only servers whose record carries a mark need a write; the lock then re-reads what is current.
    const marked = guildIds.filter((guildId) => this.cache.get(guildId)?.stored.removedAt !== undefined);
    await forEachBounded(marked, PRESENCE_CONCURRENCY, (guildId) =>
      this.exclusive(guildSettingsKey(guildId), async () => {
        const current = await this.load(guildId);
        if (current.stored.removedAt === undefined) return;
        const { removedAt: _, ...stored } = current.stored;
        await this.save(guildId, stored);
      }),
    );
    await this.changeIndex((marks) => guildIds.filter((guildId) => marks.delete(guildId)).length > 0);
  }

  /**
   * Deletes the data of the servers in this shard's index whose record still says the bot was removed more than
   * `olderThanDays` ago; returns their ids. Entries whose mark is gone (the server came back) leave the index.
   */
  async purgeRemoved(olderThanDays = DEFAULT_RETENTION_DAYS): Promise<string[]> {
    await this.moveLegacyMarks();
    const cutoff = this.now().getTime() - olderThanDays * DAY_MS;
    const purged: string[] = [];
    await this.changeIndex(async (marks) => {
      let changed = false;
      for (const [guildId, indexedAt] of [...marks]) {
        if (Date.parse(indexedAt) >= cutoff) continue;
        const removedAt = await this.exclusive(guildSettingsKey(guildId), async () => {
          // The record itself decides, as stored now: the server may have come back through another process.
          this.cache.delete(guildId);
          const { removedAt } = (await this.load(guildId)).stored;
          if (removedAt === undefined || Date.parse(removedAt) >= cutoff) return removedAt;
          await this.store.delete(guildSettingsKey(guildId));
          this.cache.delete(guildId);
          purged.push(guildId);
          return undefined;
        });
        if (removedAt === undefined) marks.delete(guildId);
        else marks.set(guildId, removedAt);
        changed = true;
      }
      return changed;
    });
    return purged;
  }

  /** Sets a server's removal mark unless it has one already (an earlier one counts). */
  private async setRemovedAt(guildId: string, at: string): Promise<void> {
    await this.exclusive(guildSettingsKey(guildId), async () => {
      const current = await this.load(guildId);
      const earlier = current.stored.removedAt;
      if (earlier !== undefined && Date.parse(earlier) <= Date.parse(at)) return;
      await this.save(guildId, { ...current.stored, removedAt: at });
    });
  }

  /**
   * Reads this shard's removal index, lets `change` edit its marks (returning whether it changed them), and saves
   * it then. Only this process writes this index, so its own lock is enough.
   */
  private async changeIndex(
    change: (marks: Map<string, string>) => boolean | Promise<boolean>,
    options: { legacyMoved?: true } = {},
  ): Promise<void> {
    const key = removalIndexKey(this.shard.id);
    await this.exclusive(key, async () => {
      const index = readRemovalIndex(await this.store.get<unknown>(key));
      const changed = await change(index.marks);
      const flagged = options.legacyMoved === true && index.legacyMoved !== true;
      if (!changed && !flagged) return;
      const legacyMoved = index.legacyMoved === true || options.legacyMoved === true;
      if (index.marks.size === 0 && !legacyMoved) await this.store.delete(key);
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
    const raw = await this.store.get<unknown>(REMOVED_GUILDS_KEY);
    if (raw === undefined) return;
    const mine = Object.entries(isRecord(raw) ? raw : {}).filter(
      (mark): mark is [string, string] =>
        isInstant(mark[1]) && shardOfGuild(mark[0], this.shard.count) === this.shard.id,
    );
    for (const [guildId, at] of mine) await this.setRemovedAt(guildId, at);
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
    for (let shardId = 0; shardId < this.shard.count; shardId++) {
      const index = readRemovalIndex(await this.store.get<unknown>(removalIndexKey(shardId)));
      if (index.legacyMoved !== true) return;
    }
    await this.store.delete(REMOVED_GUILDS_KEY);
  }

  private async entry(guildId: string): Promise<Entry> {
    return this.cache.get(guildId) ?? this.exclusive(guildSettingsKey(guildId), () => this.load(guildId));
  }

  /** The cached state, or the stored one (then cached). Call with the server's lock held. */
  /** Reads the records of servers not cached yet, many to a round trip (start-up sees every server at once). */
  private async preload(guildIds: readonly string[]): Promise<void> {
    const missing = guildIds.filter((guildId) => !this.cache.has(guildId));
    for (let start = 0; start < missing.length; start += PRELOAD_BATCH) {
      const batch = missing.slice(start, start + PRELOAD_BATCH);
      const records = await this.store.getMany<unknown>(batch.map(guildSettingsKey));
      batch.forEach((guildId, index) => {
        // A write that finished meanwhile cached what it wrote, which is newer than what was read here.
        if (!this.cache.has(guildId)) this.cache.set(guildId, readEntry(records[index]));
      });
    }
  }

  private async load(guildId: string): Promise<Entry> {
    const cached = this.cache.get(guildId);
    if (cached !== undefined) return cached;
    const entry = readEntry(await this.store.get<unknown>(guildSettingsKey(guildId)));
    this.cache.set(guildId, entry);
    return entry;
  }

  /**
   * Writes a server's record, then caches it: a failed write changes nothing. A moderator's change (update, reset)
   * writes no `removedAt`: it comes from the server, so the bot is there.
   */
  private async save(guildId: string, stored: StoredGuild): Promise<void> {
    await this.write(guildSettingsKey(guildId), stored);
    this.cache.set(guildId, entryFromStored(stored));
  }

  private async write(key: string, value: unknown): Promise<void> {
    if (!(await this.store.set(key, value))) throw new Error(`The store did not save ${key}.`);
  }

  /** Runs `task` once every task queued before it for the same key has settled. */
  private exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.lock.run(key, task);
  }
}

/** Reads a shard's removal index; unreadable entries are dropped. */
function readRemovalIndex(raw: unknown): RemovalIndex {
  const document = isRecord(raw) ? raw : {};
  const marks = new Map<string, string>();
  for (const [guildId, at] of Object.entries(isRecord(document.marks) ? document.marks : {})) {
    if (isInstant(at)) marks.set(guildId, at);
  }
  return document.legacyMoved === true ? { marks, legacyMoved: true } : { marks };
}

/** Checks the changes an update was given, before anything is written. */
function validChanges(changes: Partial<GuildSettings>): [SettingKey, GuildSettings[SettingKey]][] {
  const valid: [SettingKey, GuildSettings[SettingKey]][] = [];
  for (const [key, value] of Object.entries(changes) as [string, unknown][]) {
    if (value === undefined) continue;
    if (!isSettingKey(key)) throw new TypeError(`Unknown setting "${key}".`);
    const result = settingSchema(key).safeParse(value);
    if (!result.success) {
      throw new TypeError(`Invalid value for ${key}: ${result.error.issues[0]?.message ?? 'invalid'}.`);
    }
    valid.push([key, result.data]);
  }
  return valid;
}

/**
 * Reads and changes the settings of each server. A server's settings and their change history live together
 * under one store key, so one write saves both or neither. Writes for one server are serialised, each reading
 * the latest state inside the lock, so two moderators saving at once never lose each other's change. Settings are
 * cached in memory: one store read per server until it changes; every server with nothing stored shares one
 * frozen entry, so the many servers that never change a setting cost almost nothing.
 *
 * A server's record also carries its removal mark (`removedAt`, while the bot is away from it). This service
 * reads and writes the mark with the rest of the record, under the same lock; `retention.ts` decides when to set
 * it, clear it and delete a record that has carried it long enough.
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
  type StoredProblems,
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
/** The store key of one server's settings and history. */
export const guildSettingsKey = (guildId: string): string => `settings:guild:${guildId}`;
/** How many marked servers' records {@link GuildSettingsService.clearRemovalMarks} writes at once. */
const PRESENCE_CONCURRENCY = 16;
/** Server records read in one round trip when many are needed at once (start-up). */
const PRELOAD_BATCH = 500;

/** What is stored under {@link guildSettingsKey}. */
interface StoredGuild {
  version: 1;
  /** Only the settings moderators have set, as stored; invalid or unknown values are kept as they are. */
  settings: Record<string, unknown>;
  /** Oldest first. */
  history: SettingChange[];
  /** When the bot was removed from the server (ISO 8601), while it is away; see retention.ts. */
  removedAt?: string;
}

/** A server's state as cached: the stored record and what it reads as. */
interface Entry {
  stored: Readonly<StoredGuild>;
  settings: Readonly<GuildSettings>;
  problems: Readonly<StoredProblems>;
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

function entryOf(stored: StoredGuild, settings: GuildSettings, problems: StoredProblems): Entry {
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
  /** Serialises every read-modify-write of one server's record. */
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
  ) {}

  /** The server's settings, defaults filled in (and used for any stored value that is invalid). */
  async get(guildId: string): Promise<Readonly<GuildSettings>> {
    return (await this.entry(guildId)).settings;
  }

  /** The settings and what is wrong with the stored ones (each such setting is using its default). */
  async inspect(
    guildId: string,
  ): Promise<{ settings: Readonly<GuildSettings>; problems: Readonly<StoredProblems> }> {
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

  /**
   * Sets a server's removal mark unless it has an earlier one (the first removal counts). Only the process that
   * runs the server writes it (see retention.ts).
   */
  async markRecordRemoved(guildId: string, at: string): Promise<void> {
    await this.exclusive(guildSettingsKey(guildId), async () => {
      const current = await this.load(guildId);
      const earlier = current.stored.removedAt;
      if (earlier !== undefined && Date.parse(earlier) <= Date.parse(at)) return;
      await this.save(guildId, { ...current.stored, removedAt: at });
    });
  }

  /**
   * Clears the removal marks of servers the bot is in. Reads their records ({@link PRELOAD_BATCH} to a round trip;
   * they stay cached for what comes next, such as planning posts) and writes only those marked (at most
   * {@link PRESENCE_CONCURRENCY} at once).
   */
  async clearRemovalMarks(guildIds: readonly string[]): Promise<void> {
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
  }

  /**
   * Deletes a server's record if, as stored now, it says the bot was removed before `cutoff` (ms since the
   * epoch): the server may have come back through another process meanwhile. Returns whether it was deleted, and
   * otherwise the mark it still carries, if any.
   */
  async deleteIfRemovedBefore(
    guildId: string,
    cutoff: number,
  ): Promise<{ deleted: true } | { deleted: false; removedAt: string | undefined }> {
    return this.exclusive(guildSettingsKey(guildId), async () => {
      this.cache.delete(guildId);
      const { removedAt } = (await this.load(guildId)).stored;
      if (removedAt === undefined || Date.parse(removedAt) >= cutoff) return { deleted: false, removedAt };
      await this.store.delete(guildSettingsKey(guildId));
      this.cache.delete(guildId);
      return { deleted: true };
    });
  }

  private async entry(guildId: string): Promise<Entry> {
    return this.cache.get(guildId) ?? this.exclusive(guildSettingsKey(guildId), () => this.load(guildId));
  }

  /** Reads the records of servers not cached yet, many to a round trip (start-up sees every server at once). */
  async preload(guildIds: readonly string[]): Promise<void> {
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

  /** The cached state, or the stored one (then cached). Call with the server's lock held. */
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

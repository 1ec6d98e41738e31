import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/definitions.js';
import {
  guildSettingsKey,
  GuildSettingsService,
  HISTORY_LIMIT,
  REMOVED_GUILDS_KEY,
  removalIndexKey,
  shardFromEnvironment,
  shardOfGuild,
} from '../../src/settings/service.js';
import { type KeyValueStore, openStore } from '../../src/store.js';
import { useTempSqliteStore } from '../support/temp-sqlite.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const ROLE = '222222222222222222';
const CHANNEL = '333333333333333333';
const ALICE = '444444444444444444';
const BOB = '555555555555555555';
const DAY_MS = 24 * 60 * 60 * 1000;

const sqlite = useTempSqliteStore('settings');
let time: Date;
const now = () => time;
const advance = (ms: number) => {
  time = new Date(time.getTime() + ms);
};

beforeEach(() => {
  time = new Date('2026-03-01T12:00:00.000Z');
});

/** The real store underneath, counting calls; `failWrites` makes every `set` reject. */
function passThrough(inner: KeyValueStore) {
  const calls = { get: 0, getMany: 0, set: 0, delete: 0 };
  const control = { failWrites: false };
  const wrapped: KeyValueStore = {
    get: <Value>(key: string) => {
      calls.get++;
      return inner.get<Value>(key);
    },
    getMany: <Value>(keys: readonly string[]) => {
      calls.getMany++;
      return inner.getMany<Value>(keys);
    },
    set: (key, value) => {
      calls.set++;
      return control.failWrites ? Promise.reject(new Error('disk full')) : inner.set(key, value);
    },
    delete: (key) => {
      calls.delete++;
      return inner.delete(key);
    },
  };
  return { store: wrapped, calls, control };
}

/** A second service on the same store: what a restarted bot would read. */
const afterRestart = () => new GuildSettingsService(sqlite.store, now);

/** `count` server ids that Discord sends to shard `shardId` of 2 (the shard is bits 22 and up of the id, mod 2). */
const guildsOfShard = (shardId: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => String((100_000_000_000n + BigInt(2 * i + shardId)) << 22n));

/** What a shard process of a bot with two shards has: its own connection to the same SQLite file, its own service. */
async function shardProcess(shardId: number) {
  const connection = await openStore(sqlite.url);
  const service = new GuildSettingsService(connection, now, { shard: { id: shardId, count: 2 } });
  return { connection, service };
}

describe('GuildSettingsService.get', () => {
  it('gives the defaults for a server that never changed anything', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    expect(await service.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('merges stored settings with the defaults', async () => {
    await new GuildSettingsService(sqlite.store, now).update(GUILD, ALICE, {
      countdownTime: '18:30',
      modRole: ROLE,
    });
    expect(await afterRestart().get(GUILD)).toEqual({
      ...DEFAULT_SETTINGS,
      countdownTime: '18:30',
      modRole: ROLE,
    });
  });

  it('reads the store once per server, then answers from memory', async () => {
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.get(GUILD);
    await service.get(GUILD);
    await Promise.all([service.get(OTHER_GUILD), service.get(OTHER_GUILD)]);
    expect(calls.get).toBe(2);
  });

  it('reads the servers seen at start-up a batch at a time, and answers them from memory afterwards', async () => {
    const guilds = Array.from({ length: 1_200 }, (_, i) => String(300_000_000_000_000_000n + BigInt(i)));
    await new GuildSettingsService(sqlite.store, now).update(guilds[7] ?? '', ALICE, {
      countdownTime: '07:15',
    });
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.markPresent(...guilds);
    // Three batches of records; single reads only for this shard's removal index and the old shared record.
    expect(calls.getMany).toBe(3);
    expect(calls.get).toBeLessThanOrEqual(3);
    const reads = calls.get;
    expect((await service.get(guilds[7] ?? '')).countdownTime).toBe('07:15');
    expect((await service.get(guilds[8] ?? '')).countdownTime).toBe(DEFAULT_SETTINGS.countdownTime);
    expect(calls.get).toBe(reads);
  });

  it('does not read the store again after its own update', async () => {
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    const reads = calls.get;
    expect((await service.get(GUILD)).countdownEnabled).toBe(true);
    expect(calls.get).toBe(reads);
  });

  it('reads the store again after invalidate', async () => {
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.get(GUILD);
    await sqlite.store.set(guildSettingsKey(GUILD), {
      version: 1,
      settings: { countdownTime: '07:15' },
      history: [],
    });
    expect((await service.get(GUILD)).countdownTime).toBe('09:00');
    service.invalidate(GUILD);
    expect((await service.get(GUILD)).countdownTime).toBe('07:15');
    expect(calls.get).toBe(2);
  });

  it('shares one frozen entry among servers with nothing stored', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    const settings = await service.get(GUILD);
    expect(await service.get(OTHER_GUILD)).toBe(settings);
    expect(Object.isFrozen(settings)).toBe(true);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    expect((await service.get(OTHER_GUILD)).countdownEnabled).toBe(false);
    expect(DEFAULT_SETTINGS.countdownEnabled).toBe(false);
  });

  it('hands out settings that cannot be changed behind its back', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    const settings = await service.get(GUILD);
    expect(() => Object.assign(settings, { countdownEnabled: true })).toThrow(TypeError);
    expect((await service.get(GUILD)).countdownEnabled).toBe(false);
  });
});

describe('GuildSettingsService.update', () => {
  it('records one change per setting whose value changed', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    const changes = await service.update(GUILD, ALICE, {
      countdownChannel: CHANNEL,
      countdownTime: '09:00',
      countdownEnabled: true,
    });
    const at = '2026-03-01T12:00:00.000Z';
    expect(changes).toEqual([
      { at, actorId: ALICE, setting: 'countdownChannel', old: null, new: CHANNEL },
      { at, actorId: ALICE, setting: 'countdownEnabled', old: false, new: true },
    ]);
    expect(await afterRestart().history(GUILD)).toEqual([...changes].reverse());
  });

  it('writes nothing when no value changes', async () => {
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    expect(await service.update(GUILD, ALICE, { countdownTime: '09:00', countdownMilestones: true })).toEqual(
      [],
    );
    expect(calls.set).toBe(0);
    expect(await service.history(GUILD)).toEqual([]);
  });

  it('keeps both of two updates to one server made at the same time', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    const first = service.update(GUILD, ALICE, { countdownTime: '18:30' });
    const second = service.update(GUILD, BOB, { countdownEnabled: true });
    const third = service.update(GUILD, ALICE, { modRole: ROLE });
    await Promise.all([first, second, third]);
    expect(await afterRestart().get(GUILD)).toEqual({
      ...DEFAULT_SETTINGS,
      countdownTime: '18:30',
      countdownEnabled: true,
      modRole: ROLE,
    });
    expect((await afterRestart().history(GUILD)).map((change) => change.setting)).toEqual([
      'modRole',
      'countdownEnabled',
      'countdownTime',
    ]);
  });

  it('records the old value each update saw last when two change the same setting at once', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    const [first, second] = await Promise.all([
      service.update(GUILD, ALICE, { countdownTime: '10:00' }),
      service.update(GUILD, BOB, { countdownTime: '11:00' }),
    ]);
    expect(first.map((change) => [change.old, change.new])).toEqual([['09:00', '10:00']]);
    expect(second.map((change) => [change.old, change.new])).toEqual([['10:00', '11:00']]);
    expect((await afterRestart().get(GUILD)).countdownTime).toBe('11:00');
  });

  it('refuses an invalid value as a programming error and writes nothing', async () => {
    const { store: counted, calls } = passThrough(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await expect(service.update(GUILD, ALICE, { countdownTime: '9am' })).rejects.toThrow(TypeError);
    await expect(service.update(GUILD, ALICE, { modRole: '@mods' })).rejects.toThrow(/modRole/);
    expect(calls.set).toBe(0);
  });

  it('leaves memory and the store as they were when the write fails', async () => {
    const { store: failing, control } = passThrough(sqlite.store);
    const service = new GuildSettingsService(failing, now);
    await service.update(GUILD, ALICE, { countdownTime: '18:30' });
    control.failWrites = true;
    await expect(
      service.update(GUILD, BOB, { countdownTime: '20:00', countdownEnabled: true }),
    ).rejects.toThrow('disk full');
    const expected = { ...DEFAULT_SETTINGS, countdownTime: '18:30' };
    expect(await service.get(GUILD)).toEqual(expected);
    expect(await service.history(GUILD)).toHaveLength(1);
    expect(await afterRestart().get(GUILD)).toEqual(expected);
    expect(await afterRestart().history(GUILD)).toHaveLength(1);

    control.failWrites = false;
    await service.update(GUILD, BOB, { countdownEnabled: true });
    expect(await afterRestart().get(GUILD)).toEqual({ ...expected, countdownEnabled: true });
  });
});

describe('GuildSettingsService.history', () => {
  it('lists changes newest first, 25 by default, keeping the last 100', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    for (let i = 0; i < 105; i++) {
      advance(60_000);
      await service.update(GUILD, ALICE, { countdownTime: `${String(10 + (i % 2)).padStart(2, '0')}:00` });
    }
    const all = await afterRestart().history(GUILD, 1000);
    expect(all).toHaveLength(HISTORY_LIMIT);
    expect(HISTORY_LIMIT).toBe(100);
    expect(all[0]?.at).toBe(time.toISOString());
    const times = all.map((change) => change.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(await service.history(GUILD)).toEqual(all.slice(0, 25));
    expect(await service.history(GUILD, 0)).toEqual([]);
  });

  it('keeps each server to itself', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    expect(await service.history(OTHER_GUILD)).toEqual([]);
    expect(await service.get(OTHER_GUILD)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('GuildSettingsService.reset', () => {
  it('puts one setting back to its default and records it', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownTime: '18:30', countdownEnabled: true });
    advance(60_000);
    const changes = await service.reset(GUILD, BOB, 'countdownTime');
    expect(changes).toEqual([
      { at: time.toISOString(), actorId: BOB, setting: 'countdownTime', old: '18:30', new: '09:00' },
    ]);
    expect(await afterRestart().get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, countdownEnabled: true });
    expect((await afterRestart().history(GUILD))[0]).toEqual(changes[0]);
  });

  it('records nothing when the setting already has its default', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    expect(await service.reset(GUILD, BOB, 'modRole')).toEqual([]);
    expect(await service.history(GUILD)).toEqual([]);
  });

  it('resets everything and clears the history for "all"', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownTime: '18:30', modRole: ROLE });
    const changes = await service.reset(GUILD, BOB, 'all');
    expect(changes.map((change) => change.setting)).toEqual(['modRole', 'countdownTime']);
    expect(await service.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await service.history(GUILD)).toEqual([]);
    expect(await afterRestart().get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await afterRestart().history(GUILD)).toEqual([]);
  });
});

describe('GuildSettingsService with corrupt stored data', () => {
  it('uses the default for each invalid value and reports it', async () => {
    await sqlite.store.set(guildSettingsKey(GUILD), {
      version: 1,
      settings: { countdownTime: '25:99', modRole: 42, countdownEnabled: true },
      history: [{ at: 'yesterday', actorId: ALICE, setting: 'countdownTime', old: 1, new: 2 }],
    });
    const service = new GuildSettingsService(sqlite.store, now);
    const { settings, problems } = await service.inspect(GUILD);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, countdownEnabled: true });
    expect(Object.keys(problems).sort()).toEqual(['countdownTime', 'modRole']);
    expect(await service.history(GUILD)).toEqual([]);
  });

  it('keeps an invalid value reported until it is set, even while other settings change', async () => {
    await sqlite.store.set(guildSettingsKey(GUILD), {
      version: 1,
      settings: { countdownTime: '25:99' },
      history: [],
    });
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    expect((await afterRestart().inspect(GUILD)).problems.countdownTime).toMatch(/"25:99"/);

    // Setting the value the default already gave records no change but replaces the invalid one.
    expect(await service.update(GUILD, ALICE, { countdownTime: '09:00' })).toEqual([]);
    expect((await afterRestart().inspect(GUILD)).problems).toEqual({});
  });

  it('uses every default when the stored record is not a record at all', async () => {
    await sqlite.store.set(guildSettingsKey(GUILD), 'garbage');
    const service = new GuildSettingsService(sqlite.store, now);
    expect(await service.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    expect(await afterRestart().inspect(GUILD)).toEqual({
      settings: { ...DEFAULT_SETTINGS, countdownEnabled: true },
      problems: {},
    });
  });
});

describe('GuildSettingsService retention', () => {
  it('deletes the data of a server removed more than 30 days ago, not before', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    await service.update(OTHER_GUILD, ALICE, { countdownEnabled: true });
    await service.markRemoved(GUILD);

    advance(30 * DAY_MS);
    expect(await service.purgeRemoved()).toEqual([]);
    expect((await afterRestart().get(GUILD)).countdownEnabled).toBe(true);

    advance(1);
    expect(await service.purgeRemoved()).toEqual([GUILD]);
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toBeUndefined();
    expect(await service.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await service.history(GUILD)).toEqual([]);
    expect((await service.get(OTHER_GUILD)).countdownEnabled).toBe(true);
    expect(await service.purgeRemoved()).toEqual([]);
  });

  it('keeps the data of a server the bot was invited back to', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    await service.markRemoved(GUILD);
    advance(10 * DAY_MS);
    await service.markPresent(GUILD);
    advance(60 * DAY_MS);
    expect(await service.purgeRemoved()).toEqual([]);
    expect((await afterRestart().get(GUILD)).countdownEnabled).toBe(true);
  });

  it('counts from the first removal when a server is marked twice', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.markRemoved(GUILD);
    advance(20 * DAY_MS);
    await service.markRemoved(GUILD);
    advance(11 * DAY_MS);
    expect(await service.purgeRemoved()).toEqual([GUILD]);
  });

  it("keeps each mark in the server's own record and the shard's index, surviving a restart", async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await Promise.all([service.markRemoved(GUILD), service.markRemoved(OTHER_GUILD)]);
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toMatchObject({ removedAt: time.toISOString() });
    expect(await sqlite.store.get(removalIndexKey(0))).toEqual({
      marks: { [GUILD]: time.toISOString(), [OTHER_GUILD]: time.toISOString() },
    });
    advance(31 * DAY_MS);
    expect((await afterRestart().purgeRemoved()).sort()).toEqual([GUILD, OTHER_GUILD]);
    expect(await sqlite.store.get(removalIndexKey(0))).toBeUndefined();
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toBeUndefined();
  });

  it('keeps the marks of two shard processes marking their servers at the same time', async () => {
    const shards = [await shardProcess(0), await shardProcess(1)];
    const guilds = [guildsOfShard(0, 20), guildsOfShard(1, 20)];
    try {
      await Promise.all(
        shards.flatMap(({ service }, shardId) =>
          (guilds[shardId] ?? []).map((guildId) => service.markRemoved(guildId)),
        ),
      );
      advance(31 * DAY_MS);
      const purged = await Promise.all(shards.map(({ service }) => service.purgeRemoved()));
      expect(purged.flat().sort()).toEqual(guilds.flat().sort());
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('moves the marks of the old shared record on start, so none is lost on upgrade', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    await service.update(OTHER_GUILD, ALICE, { countdownEnabled: true });
    await sqlite.store.set(REMOVED_GUILDS_KEY, {
      [GUILD]: new Date(time.getTime() - 40 * DAY_MS).toISOString(),
      [OTHER_GUILD]: new Date(time.getTime() - 10 * DAY_MS).toISOString(),
    });
    const upgraded = afterRestart();
    expect(await upgraded.purgeRemoved()).toEqual([GUILD]);
    expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
    expect((await upgraded.get(OTHER_GUILD)).countdownEnabled).toBe(true);
    advance(20 * DAY_MS);
    expect(await afterRestart().purgeRemoved()).toEqual([]);
    advance(DAY_MS);
    expect(await afterRestart().purgeRemoved()).toEqual([OTHER_GUILD]);
  });

  it('clears a moved mark at once for a server the bot is in again', async () => {
    await sqlite.store.set(REMOVED_GUILDS_KEY, { [GUILD]: time.toISOString() });
    await new GuildSettingsService(sqlite.store, now).markPresent(GUILD, OTHER_GUILD);
    expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
    advance(31 * DAY_MS);
    expect(await afterRestart().purgeRemoved()).toEqual([]);
  });

  it('lets each shard move its own servers from the old record, and deletes it once all have', async () => {
    const [first, second] = [guildsOfShard(0, 1)[0] ?? '', guildsOfShard(1, 1)[0] ?? ''];
    await sqlite.store.set(REMOVED_GUILDS_KEY, { [first]: time.toISOString(), [second]: time.toISOString() });
    const shards = [await shardProcess(0), await shardProcess(1)];
    try {
      await shards[0]?.service.markPresent();
      expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeDefined();
      await shards[1]?.service.markPresent();
      expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
      advance(31 * DAY_MS);
      expect(await shards[0]?.service.purgeRemoved()).toEqual([first]);
      expect(await shards[1]?.service.purgeRemoved()).toEqual([second]);
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('keeps the data of a server that came back on another shard, and drops it from the index', async () => {
    const shards = [await shardProcess(0), await shardProcess(1)];
    try {
      await shards[0]?.service.update(GUILD, ALICE, { countdownEnabled: true });
      await shards[0]?.service.markRemoved(GUILD);
      // The number of shards changed: the server now belongs to the other process.
      await shards[1]?.service.markPresent(GUILD);
      advance(31 * DAY_MS);
      expect(await shards[0]?.service.purgeRemoved()).toEqual([]);
      expect((await afterRestart().get(GUILD)).countdownEnabled).toBe(true);
      expect(await sqlite.store.get(removalIndexKey(0))).toBeUndefined();
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('takes a setting changed in a server as proof that the bot is there', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.markRemoved(GUILD);
    await service.update(GUILD, ALICE, { countdownTime: '18:00' });
    advance(31 * DAY_MS);
    expect(await service.purgeRemoved()).toEqual([]);
    expect((await afterRestart().get(GUILD)).countdownTime).toBe('18:00');
  });

  it('honours a shorter retention when asked', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    await service.markRemoved(GUILD);
    advance(8 * DAY_MS);
    expect(await service.purgeRemoved(7)).toEqual([GUILD]);
  });
});

describe('shard positions', () => {
  it('takes the shard discord.js hands a shard process, and shard 0 of 1 otherwise', () => {
    expect(shardFromEnvironment({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '4' })).toEqual({
      id: 2,
      count: 4,
    });
    expect(shardFromEnvironment({ SHARD_COUNT: '4' })).toEqual({ id: 0, count: 1 });
    expect(shardFromEnvironment({})).toEqual({ id: 0, count: 1 });
  });

  it('finds the shard Discord sends a server to', () => {
    expect(shardOfGuild(String(5n << 22n), 4)).toBe(1);
    expect(shardOfGuild('81384788765712384', 1)).toBe(0);
    expect(shardOfGuild(String((7n << 22n) + 4_194_303n), 4)).toBe(3);
  });
});

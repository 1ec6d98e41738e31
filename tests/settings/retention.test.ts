import { beforeEach, describe, expect, it } from 'vitest';
import type { ShardPosition } from '../../src/config.js';
import { DEFAULT_SETTINGS } from '../../src/settings/definitions.js';
import {
  REMOVED_GUILDS_KEY,
  removalIndexKey,
  SettingsRetention,
  shardOfGuild,
} from '../../src/settings/retention.js';
import { guildSettingsKey, GuildSettingsService } from '../../src/settings/service.js';
import { type KeyValueStore, openStore } from '../../src/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { CountingStore } from '../support/memory-store.js';
import { useTempSqliteStore } from '../support/temp-sqlite.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const ALICE = '444444444444444444';
const DAY_MS = 24 * 60 * 60 * 1000;

const sqlite = useTempSqliteStore('retention');
let clock: ManualClock;
const now = () => clock.now();

beforeEach(() => {
  clock = new ManualClock('2026-03-01T12:00:00.000Z');
});

/** What one bot process has, wired as src/bot.ts wires it: the settings and their retention, on one store. */
function processOn(store: KeyValueStore, shard: ShardPosition = { id: 0, count: 1 }) {
  const settings = new GuildSettingsService(store, now);
  return { settings, retention: new SettingsRetention({ store, settings, now, shard }) };
}

/** A second process on the same store: what a restarted bot would read. */
const afterRestart = () => processOn(sqlite.store);

/** `count` server ids that Discord sends to shard `shardId` of 2 (the shard is bits 22 and up of the id, mod 2). */
const guildsOfShard = (shardId: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) => String((100_000_000_000n + BigInt(2 * i + shardId)) << 22n));

/** What a shard process of a bot with two shards has: its own connection to the same SQLite file. */
async function shardProcess(shardId: number) {
  const connection = await openStore(sqlite.url);
  return { connection, ...processOn(connection, { id: shardId, count: 2 }) };
}

describe('SettingsRetention at start-up', () => {
  it('reads the servers seen at start-up a batch at a time, and answers them from memory afterwards', async () => {
    const guilds = Array.from({ length: 1_200 }, (_, i) => String(300_000_000_000_000_000n + BigInt(i)));
    await processOn(sqlite.store).settings.update(guilds[7] ?? '', ALICE, {
      countdownTime: '07:15',
    });
    const counted = new CountingStore(sqlite.store);
    const { calls } = counted;
    const { settings, retention } = processOn(counted);
    await retention.markPresent(...guilds);
    // Three batches of records; single reads only for this shard's removal index and the old shared record.
    expect(calls.getMany).toBe(3);
    expect(calls.get).toBeLessThanOrEqual(3);
    const reads = calls.get;
    expect((await settings.get(guilds[7] ?? '')).countdownTime).toBe('07:15');
    expect((await settings.get(guilds[8] ?? '')).countdownTime).toBe(DEFAULT_SETTINGS.countdownTime);
    expect(calls.get).toBe(reads);
  });
});

describe('SettingsRetention', () => {
  it('deletes the data of a server removed more than 30 days ago, not before', async () => {
    const { settings, retention } = processOn(sqlite.store);
    await settings.update(GUILD, ALICE, { countdownEnabled: true });
    await settings.update(OTHER_GUILD, ALICE, { countdownEnabled: true });
    await retention.markRemoved(GUILD);

    clock.jump(30 * DAY_MS);
    expect(await retention.purgeRemoved()).toEqual([]);
    expect((await afterRestart().settings.get(GUILD)).countdownEnabled).toBe(true);

    clock.jump(1);
    expect(await retention.purgeRemoved()).toEqual([GUILD]);
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toBeUndefined();
    expect(await settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await settings.history(GUILD)).toEqual([]);
    expect((await settings.get(OTHER_GUILD)).countdownEnabled).toBe(true);
    expect(await retention.purgeRemoved()).toEqual([]);
  });

  it('keeps the data of a server the bot was invited back to', async () => {
    const { settings, retention } = processOn(sqlite.store);
    await settings.update(GUILD, ALICE, { countdownEnabled: true });
    await retention.markRemoved(GUILD);
    clock.jump(10 * DAY_MS);
    await retention.markPresent(GUILD);
    clock.jump(60 * DAY_MS);
    expect(await retention.purgeRemoved()).toEqual([]);
    expect((await afterRestart().settings.get(GUILD)).countdownEnabled).toBe(true);
  });

  it('counts from the first removal when a server is marked twice', async () => {
    const { retention } = processOn(sqlite.store);
    await retention.markRemoved(GUILD);
    clock.jump(20 * DAY_MS);
    await retention.markRemoved(GUILD);
    clock.jump(11 * DAY_MS);
    expect(await retention.purgeRemoved()).toEqual([GUILD]);
  });

  it("keeps each mark in the server's own record and the shard's index, surviving a restart", async () => {
    const { retention } = processOn(sqlite.store);
    await Promise.all([retention.markRemoved(GUILD), retention.markRemoved(OTHER_GUILD)]);
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toMatchObject({
      removedAt: clock.now().toISOString(),
    });
    expect(await sqlite.store.get(removalIndexKey(0))).toEqual({
      marks: { [GUILD]: clock.now().toISOString(), [OTHER_GUILD]: clock.now().toISOString() },
    });
    clock.jump(31 * DAY_MS);
    expect((await afterRestart().retention.purgeRemoved()).sort()).toEqual([GUILD, OTHER_GUILD]);
    expect(await sqlite.store.get(removalIndexKey(0))).toBeUndefined();
    expect(await sqlite.store.get(guildSettingsKey(GUILD))).toBeUndefined();
  });

  it('keeps the marks of two shard processes marking their servers at the same time', async () => {
    const shards = [await shardProcess(0), await shardProcess(1)];
    const guilds = [guildsOfShard(0, 20), guildsOfShard(1, 20)];
    try {
      await Promise.all(
        shards.flatMap(({ retention }, shardId) =>
          (guilds[shardId] ?? []).map((guildId) => retention.markRemoved(guildId)),
        ),
      );
      clock.jump(31 * DAY_MS);
      const purged = await Promise.all(shards.map(({ retention }) => retention.purgeRemoved()));
      expect(purged.flat().sort()).toEqual(guilds.flat().sort());
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('moves the marks of the old shared record on start, so none is lost on upgrade', async () => {
    const { settings } = processOn(sqlite.store);
    await settings.update(GUILD, ALICE, { countdownEnabled: true });
    await settings.update(OTHER_GUILD, ALICE, { countdownEnabled: true });
    await sqlite.store.set(REMOVED_GUILDS_KEY, {
      [GUILD]: new Date(clock.now().getTime() - 40 * DAY_MS).toISOString(),
      [OTHER_GUILD]: new Date(clock.now().getTime() - 10 * DAY_MS).toISOString(),
    });
    const upgraded = afterRestart();
    expect(await upgraded.retention.purgeRemoved()).toEqual([GUILD]);
    expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
    expect((await upgraded.settings.get(OTHER_GUILD)).countdownEnabled).toBe(true);
    clock.jump(20 * DAY_MS);
    expect(await afterRestart().retention.purgeRemoved()).toEqual([]);
    clock.jump(DAY_MS);
    expect(await afterRestart().retention.purgeRemoved()).toEqual([OTHER_GUILD]);
  });

  it('clears a moved mark at once for a server the bot is in again', async () => {
    await sqlite.store.set(REMOVED_GUILDS_KEY, { [GUILD]: clock.now().toISOString() });
    await processOn(sqlite.store).retention.markPresent(GUILD, OTHER_GUILD);
    expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
    clock.jump(31 * DAY_MS);
    expect(await afterRestart().retention.purgeRemoved()).toEqual([]);
  });

  it('lets each shard move its own servers from the old record, and deletes it once all have', async () => {
    const [first, second] = [guildsOfShard(0, 1)[0] ?? '', guildsOfShard(1, 1)[0] ?? ''];
    await sqlite.store.set(REMOVED_GUILDS_KEY, {
      [first]: clock.now().toISOString(),
      [second]: clock.now().toISOString(),
    });
    const shards = [await shardProcess(0), await shardProcess(1)];
    try {
      await shards[0]?.retention.markPresent();
      expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeDefined();
      await shards[1]?.retention.markPresent();
      expect(await sqlite.store.get(REMOVED_GUILDS_KEY)).toBeUndefined();
      clock.jump(31 * DAY_MS);
      expect(await shards[0]?.retention.purgeRemoved()).toEqual([first]);
      expect(await shards[1]?.retention.purgeRemoved()).toEqual([second]);
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('keeps the data of a server that came back on another shard, and drops it from the index', async () => {
    const shards = [await shardProcess(0), await shardProcess(1)];
    try {
      await shards[0]?.settings.update(GUILD, ALICE, { countdownEnabled: true });
      await shards[0]?.retention.markRemoved(GUILD);
      // The number of shards changed: the server now belongs to the other process.
      await shards[1]?.retention.markPresent(GUILD);
      clock.jump(31 * DAY_MS);
      expect(await shards[0]?.retention.purgeRemoved()).toEqual([]);
      expect((await afterRestart().settings.get(GUILD)).countdownEnabled).toBe(true);
      expect(await sqlite.store.get(removalIndexKey(0))).toBeUndefined();
    } finally {
      await Promise.all(shards.map(({ connection }) => connection.close()));
    }
  });

  it('takes a setting changed in a server as proof that the bot is there', async () => {
    const { settings, retention } = processOn(sqlite.store);
    await retention.markRemoved(GUILD);
    await settings.update(GUILD, ALICE, { countdownTime: '18:00' });
    clock.jump(31 * DAY_MS);
    expect(await retention.purgeRemoved()).toEqual([]);
    expect((await afterRestart().settings.get(GUILD)).countdownTime).toBe('18:00');
  });

  it('honours a shorter retention when asked', async () => {
    const { retention } = processOn(sqlite.store);
    await retention.markRemoved(GUILD);
    clock.jump(8 * DAY_MS);
    expect(await retention.purgeRemoved(7)).toEqual([GUILD]);
  });
});

describe('shard positions', () => {
  it('finds the shard Discord sends a server to', () => {
    expect(shardOfGuild(String(5n << 22n), 4)).toBe(1);
    expect(shardOfGuild('81384788765712384', 1)).toBe(0);
    expect(shardOfGuild(String((7n << 22n) + 4_194_303n), 4)).toBe(3);
  });
});

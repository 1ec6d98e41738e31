import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/definitions.js';
import { guildSettingsKey, GuildSettingsService, HISTORY_LIMIT } from '../../src/settings/service.js';
import { ManualClock } from '../support/manual-clock.js';
import { CountingStore } from '../support/memory-store.js';
import { useTempSqliteStore } from '../support/temp-sqlite.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const ROLE = '222222222222222222';
const CHANNEL = '333333333333333333';
const ALICE = '444444444444444444';
const BOB = '555555555555555555';

const sqlite = useTempSqliteStore('settings');
let clock: ManualClock;
const now = () => clock.now();

beforeEach(() => {
  clock = new ManualClock('2026-03-01T12:00:00.000Z');
});

/** A second service on the same store: what a restarted bot would read. */
const afterRestart = () => new GuildSettingsService(sqlite.store, now);

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
    const counted = new CountingStore(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.get(GUILD);
    await service.get(GUILD);
    await Promise.all([service.get(OTHER_GUILD), service.get(OTHER_GUILD)]);
    expect(counted.calls.get).toBe(2);
  });

  it('does not read the store again after its own update', async () => {
    const counted = new CountingStore(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await service.update(GUILD, ALICE, { countdownEnabled: true });
    const reads = counted.calls.get;
    expect((await service.get(GUILD)).countdownEnabled).toBe(true);
    expect(counted.calls.get).toBe(reads);
  });

  it('reads the store again after invalidate', async () => {
    const counted = new CountingStore(sqlite.store);
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
    expect(counted.calls.get).toBe(2);
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
    const counted = new CountingStore(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    expect(await service.update(GUILD, ALICE, { countdownTime: '09:00', countdownMilestones: true })).toEqual(
      [],
    );
    expect(counted.calls.set).toBe(0);
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
    const counted = new CountingStore(sqlite.store);
    const service = new GuildSettingsService(counted, now);
    await expect(service.update(GUILD, ALICE, { countdownTime: '9am' })).rejects.toThrow(TypeError);
    await expect(service.update(GUILD, ALICE, { modRole: '@mods' })).rejects.toThrow(/modRole/);
    expect(counted.calls.set).toBe(0);
  });

  it('leaves memory and the store as they were when the write fails', async () => {
    const failing = new CountingStore(sqlite.store);
    const service = new GuildSettingsService(failing, now);
    await service.update(GUILD, ALICE, { countdownTime: '18:30' });
    failing.failWrites = true;
    await expect(
      service.update(GUILD, BOB, { countdownTime: '20:00', countdownEnabled: true }),
    ).rejects.toThrow('store unavailable');
    const expected = { ...DEFAULT_SETTINGS, countdownTime: '18:30' };
    expect(await service.get(GUILD)).toEqual(expected);
    expect(await service.history(GUILD)).toHaveLength(1);
    expect(await afterRestart().get(GUILD)).toEqual(expected);
    expect(await afterRestart().history(GUILD)).toHaveLength(1);

    failing.failWrites = false;
    await service.update(GUILD, BOB, { countdownEnabled: true });
    expect(await afterRestart().get(GUILD)).toEqual({ ...expected, countdownEnabled: true });
  });
});

describe('GuildSettingsService.history', () => {
  it('lists changes newest first, 25 by default, keeping the last 100', async () => {
    const service = new GuildSettingsService(sqlite.store, now);
    for (let i = 0; i < 105; i++) {
      clock.jump(60_000);
      await service.update(GUILD, ALICE, { countdownTime: `${String(10 + (i % 2)).padStart(2, '0')}:00` });
    }
    const all = await afterRestart().history(GUILD, 1000);
    expect(all).toHaveLength(HISTORY_LIMIT);
    expect(HISTORY_LIMIT).toBe(100);
    expect(all[0]?.at).toBe(clock.now().toISOString());
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
    clock.jump(60_000);
    const changes = await service.reset(GUILD, BOB, 'countdownTime');
    expect(changes).toEqual([
      { at: clock.now().toISOString(), actorId: BOB, setting: 'countdownTime', old: '18:30', new: '09:00' },
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
    expect((await afterRestart().inspect(GUILD)).problems.countdownTime?.values?.value).toBe('"25:99"');

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

/**
 * One suite for every kind of store: SQLite on a temporary file, and real Redis and PostgreSQL servers named by
 * TEST_REDIS_URL and TEST_POSTGRES_URL (`.ci/services.sh start` starts both on 127.0.0.1 and prints them; CI
 * does that itself). A server whose URL is not set is left out, and said so; under CI that is a failure
 * (tests/support/servers.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { openStore, type Store } from '../src/store.js';
import { reportMissingServers, serverUrl, type TestServer } from './support/servers.js';

const folder = await mkdtemp(path.join(tmpdir(), 'phb-store-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

/** Keys of this run: the servers outlive it (and the Node 20 and Node 24 runs share them). */
const run = `test-${process.pid}-${Date.now().toString(36)}`;
let sqliteFiles = 0;

interface StoreUnderTest {
  name: string;
  /** A URL to a store that this test alone uses (SQLite: a new file). */
  url(): string;
  /**
   * Opens the store so that `fail()` then makes its writes fail: Redis and PostgreSQL through a TCP proxy that
   * `fail()` cuts (the server went away), SQLite by dropping its table from another connection.
   */
  openBreakable(): Promise<{ store: Store; fail: () => Promise<void> }>;
}

const sqlite: StoreUnderTest = {
  name: 'SQLite',
  url: () => `sqlite://${path.join(folder, `store-${++sqliteFiles}.sqlite`)}`,
  async openBreakable() {
    const url = this.url();
    const store = await openStore(url);
    return {
      store,
      async fail() {
        const other = new KeyvSqlite({ uri: url });
        await other.query('DROP TABLE keyv');
        await other.disconnect();
      },
    };
  },
};

/** Redis or PostgreSQL, at the URL `server` found (read only by tests that run, which need it found). */
function serverStore(name: string, server: TestServer): StoreUnderTest {
  const url = (): string => {
    if (server.found === undefined) throw new Error(`${server.missing}: this test should have been skipped`);
    return server.found;
  };
  return {
    name,
    url,
    async openBreakable() {
      const target = new URL(url());
      const proxy = await startProxy(target.hostname, Number(target.port));
      target.hostname = '127.0.0.1';
      target.port = String(proxy.port);
      const store = await openStore(target.toString());
      return { store, fail: () => proxy.cut() };
    },
  };
}

const redis = serverUrl('the Redis store', 'TEST_REDIS_URL');
const postgres = serverUrl('the PostgreSQL store', 'TEST_POSTGRES_URL');
reportMissingServers('tests/store.test.ts', [redis, postgres]);

describe('SQLite store', () => storeContract(sqlite));
describe.skipIf(redis.found === undefined)('Redis store', () => storeContract(serverStore('Redis', redis)));
describe.skipIf(postgres.found === undefined)('PostgreSQL store', () =>
  storeContract(serverStore('PostgreSQL', postgres)),
);

/** The tests every kind of store passes. */
function storeContract(kind: StoreUnderTest): void {
  const open: Store[] = [];
  const written = new Set<string>();
  let url: string;
  let store: Store;

  const openTracked = async (): Promise<Store> => {
    const opened = await openStore(url);
    open.push(opened);
    return opened;
  };
  /** A key of this test run, removed from the server afterwards. */
  const key = (name: string): string => {
    const full = `${run}:${name}`;
    written.add(full);
    return full;
  };

  beforeEach(async () => {
    url = kind.url();
    store = await openTracked();
  });
  afterEach(async () => {
    const cleaner = await openStore(url);
    await Promise.all([...written].map((name) => cleaner.delete(name)));
    await cleaner.close();
    written.clear();
    await Promise.all(open.splice(0).map((opened) => opened.close()));
  });

  it('round-trips nested JSON values', async () => {
    const value = {
      guild: '1109876543210987654',
      settings: { countdownTime: '18:00', milestones: true, pingRole: null },
      history: [
        { at: '2026-03-01T10:00:00.000Z', setting: 'countdownTime', old: '09:00', new: '18:00' },
        { at: '2026-03-02T10:00:00.000Z', setting: 'milestones', old: false, new: true },
      ],
      count: 3,
      ratio: 0.25,
      nested: { deeper: { deepest: [[1, 2], [3], []] } },
    };
    expect(await store.set(key('nested'), value)).toBe(true);
    expect(await store.get(key('nested'))).toEqual(value);
    expect(await store.set(key('number'), 42)).toBe(true);
    expect(await store.get(key('number'))).toBe(42);
    expect(await store.set(key('text'), 'plain')).toBe(true);
    expect(await store.get(key('text'))).toBe('plain');
  });

  it('overwrites a value', async () => {
    await store.set(key('overwrite'), { version: 1, list: [1, 2, 3] });
    await store.set(key('overwrite'), { version: 2 });
    expect(await store.get(key('overwrite'))).toEqual({ version: 2 });
  });

  it('reads a missing key as undefined, and deletes a key once', async () => {
    expect(await store.get(key('never-set'))).toBeUndefined();
    await store.set(key('doomed'), { here: true });
    expect(await store.delete(key('doomed'))).toBe(true);
    expect(await store.get(key('doomed'))).toBeUndefined();
    expect(await store.delete(key('doomed'))).toBe(false);
  });

  it('reads many keys in one call, in the order asked, missing ones as undefined', async () => {
    await store.set(key('many-a'), { a: 1 });
    await store.set(key('many-c'), ['c', ':colon']);
    expect(await store.getMany([key('many-c'), key('many-b'), key('many-a')])).toEqual([
      ['c', ':colon'],
      undefined,
      { a: 1 },
    ]);
    expect(await store.getMany([])).toEqual([]);
  });

  it('keeps unicode exactly, in values and keys', async () => {
    const value = {
      film: 'Purple Hearts 2 💜',
      names: ['Cassie Salazar', 'Luke Morrow', 'Zoë', 'José', 'Ægir'],
      scripts: 'Русский · 日本語 · 한국어 · العربية · עברית · हिन्दी',
      combining: 'e\u0301 n\u0303',
      emoji: '👩🏽‍🚀🏳️‍🌈',
      controls: 'tab\tnewline\nnul\u0000quote"backslash\\',
      astral: '𝄞',
    };
    await store.set(key('unicode-✨-ключ'), value);
    expect(await store.get(key('unicode-✨-ключ'))).toEqual(value);
  });

  it('stores a 1 MB value', async () => {
    const big = { text: 'ab💜'.repeat(262_144), list: Array.from({ length: 1000 }, (_, i) => `item ${i}`) };
    expect(big.text.length).toBeGreaterThanOrEqual(1_048_576);
    expect(await store.set(key('big'), big)).toBe(true);
    expect(await store.get(key('big'))).toEqual(big);
  });

  it('takes concurrent writes to different keys', async () => {
    const names = Array.from({ length: 50 }, (_, i) => key(`concurrent-${i}`));
    const results = await Promise.all(names.map((name, i) => store.set(name, { i, name })));
    expect(results.every(Boolean)).toBe(true);
    const values = await Promise.all(names.map((name) => store.get(name)));
    expect(values).toEqual(names.map((name, i) => ({ i, name })));
  });

  it('keeps its data when closed and opened again', async () => {
    await store.set(key('durable'), { kept: ['yes'] });
    await store.close();
    open.splice(open.indexOf(store), 1);
    const again = await openTracked();
    expect(await again.get(key('durable'))).toEqual({ kept: ['yes'] });
  });

  it('rejects a write that fails instead of reporting success', async () => {
    const { store: breakable, fail } = await kind.openBreakable();
    open.push(breakable);
    expect(await breakable.set(key('before'), 1)).toBe(true);
    await fail();
    await expect(breakable.set(key('after'), 2)).rejects.toThrow();
    await expect(breakable.get(key('before'))).rejects.toThrow();
  });
}

describe('opening a store', () => {
  it('names the server, hides the password and says what to check, in one line, when it cannot connect', async () => {
    const port = await closedPort();
    const cases: Array<[string, RegExp]> = [
      [
        `redis://:hunter2@127.0.0.1:${port}`,
        /^could not open the Redis store at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\): check that Redis is running/,
      ],
      [
        `rediss://default:hunter2@localhost:${port}/2`,
        /^could not open the Redis store at rediss:\/\/default:\*\*\*@localhost:\d+\/2 /,
      ],
      [
        `postgresql://bot:hunter2@127.0.0.1:${port}/bot`,
        /^could not open the PostgreSQL store at postgresql:\/\/bot:\*\*\*@127\.0\.0\.1:\d+\/bot \(.*ECONNREFUSED.*\): check that PostgreSQL is running/,
      ],
      [
        `postgres://bot:hunter2@localhost:${port}/bot`,
        /^could not open the PostgreSQL store at postgres:\/\/bot:\*\*\*@localhost:\d+\/bot /,
      ],
    ];
    for (const [url, message] of cases) {
      const error = await openStore(url).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('\n');
    }
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const silent = net.createServer(() => undefined);
    const sockets = new Set<net.Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const results = await Promise.allSettled([
        openStore(`redis://127.0.0.1:${port}`),
        openStore(`postgresql://bot:pw@127.0.0.1:${port}/bot`),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      for (const result of results) {
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConfigError);
        expect(String((result as PromiseRejectedResult).reason)).toMatch(/timed? ?out|no answer/i);
      }
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('refuses a URL of a kind it does not know', async () => {
    await expect(openStore('mysql://bot:hunter2@db/bot')).rejects.toThrow(ConfigError);
  });
});

describe('SQLite store', () => {
  it('is in WAL mode, so shard processes on one machine can share the file', async () => {
    const url = sqlite.url();
    const store = await openStore(url);
    const raw = new KeyvSqlite({ uri: url });
    try {
      expect(await raw.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    } finally {
      await raw.disconnect();
      await store.close();
    }
  });

  it('opens a new file from four connections at once, as shards started together do', async () => {
    // SQLite answers some races over a new file with SQLITE_BUSY at once; a hundred rounds make one near certain.
    for (let round = 0; round < 100; round++) {
      const url = sqlite.url();
      const stores = await Promise.all(Array.from({ length: 4 }, () => openStore(url)));
      try {
        await Promise.all(stores.map((store, i) => store.set(`opened-by-${i}`, i)));
        expect(await stores[0]?.get('opened-by-3')).toBe(3);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }
  });

  it('takes concurrent writes from two connections to one file (the busy timeout waits out the lock)', async () => {
    const url = sqlite.url();
    const [first, second] = await Promise.all([openStore(url), openStore(url)]);
    try {
      const writes = Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? first : second).set(`shared-${i}`, { i }),
      );
      expect((await Promise.all(writes)).every(Boolean)).toBe(true);
      const reads = await Promise.all(Array.from({ length: 40 }, (_, i) => first.get(`shared-${i}`)));
      expect(reads).toEqual(Array.from({ length: 40 }, (_, i) => ({ i })));
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A port on 127.0.0.1 where nothing listens (it did a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP proxy on 127.0.0.1 to `host:port`; `cut()` drops every connection and refuses new ones. */
async function startProxy(host: string, port: number): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

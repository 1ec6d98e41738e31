/**
 * The bot's persistent key-value store: Keyv over SQLite by default, or over Redis or PostgreSQL when STORE_URL
 * names a server (for shards on several machines). Domain code depends only on the small {@link KeyValueStore}
 * interface, so tests hand it a real store on a temporary file.
 *
 * Every kind behaves the same to the caller: values are JSON, a missing key reads as undefined, and a failed
 * read or write rejects (Keyv's and the adapters' `throwOnErrors`) instead of passing for a success.
 */
import { StoreUnavailableError } from './errors.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import type pg from 'pg';
import { ConfigError, redactUrl, storeKind } from './config.js';

/** What domain code needs from a store. Keyv satisfies it. */
export interface KeyValueStore {
  get<Value>(key: string): Promise<Value | undefined>;
  /** Several keys in one round trip, in the order asked; a missing key reads as undefined. */
  getMany<Value>(keys: readonly string[]): Promise<(Value | undefined)[]>;
  set(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

export interface Store extends KeyValueStore {
  /** Closes the connection; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Every key is stored as `phb:<key>` (Redis: `phb::<key>`), so the bot can share a database with other data. */
const NAMESPACE = 'phb';
/** How long start-up waits for a Redis or PostgreSQL server before it gives up. */
const CONNECT_TIMEOUT_MS = 5_000;
/** PostgreSQL connections per process: the bot's store traffic is light, and every shard process has a pool. */
const POSTGRES_POOL_SIZE = 4;
/** SQLite: how long a write waits for another process's commit, and how long opening retries a busy file. */
const SQLITE_OPEN_RETRY_MS = 5_000;

/**
 * Opens the store named by a validated `STORE_URL` (see config.ts). SQLite: creates the file's folder. Redis and
 * PostgreSQL: connects, and throws a one-line {@link ConfigError} naming the server when that fails.
 */
export async function openStore(storeUrl: string): Promise<Store> {
  switch (storeKind(storeUrl)) {
    case 'sqlite':
      return openSqlite(storeUrl);
    case 'redis':
      return openRedis(storeUrl);
    case 'postgres':
      return openPostgres(storeUrl);
    case undefined:
      throw new ConfigError(`STORE_URL "${redactUrl(storeUrl)}" names no store this version supports.`);
  }
}

async function openSqlite(storeUrl: string): Promise<Store> {
  const file = storeUrl.replace(/^sqlite:\/\//i, '');
  await mkdir(path.dirname(file), { recursive: true });
  // Shards started together race to create the table and switch a new file to WAL. SQLite answers some of those
  // races with SQLITE_BUSY at once, without waiting out the busy timeout, so opening is retried for a while.
  const deadline = Date.now() + SQLITE_OPEN_RETRY_MS;
  for (;;) {
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: SQLITE_OPEN_RETRY_MS });
    try {
      return await sqliteStoreOf(adapter);
    } catch (error) {
      await adapter.disconnect().catch(() => undefined);
      if (!isSqliteBusy(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}

async function sqliteStoreOf(adapter: KeyvSqlite): Promise<Store> {
  // WAL: readers never block the writer (nor it them). synchronous=NORMAL: in WAL mode a commit survives the
  // process being killed (only a power cut can lose the last moments), and each write costs no fsync.
  await adapter.query('PRAGMA journal_mode = WAL');
  await adapter.query('PRAGMA synchronous = NORMAL');
  // throwOnErrors: a failed write must reach the caller, never pass for a success.
  const keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true });
  // Keyv also emits errors as events; without a listener Node would crash the process on the first one.
  keyv.on('error', () => undefined);
  // Touch the store once so a bad path or a locked file fails at start-up, not on the first command.
  await keyv.get('__open__');
  return storeOf(keyv);
}

function isSqliteBusy(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_BUSY';
}

// The Redis and PostgreSQL clients are loaded only when STORE_URL names them: about 8 MiB that an SQLite bot
// would otherwise carry for nothing.

async function openRedis(storeUrl: string): Promise<Store> {
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  let started = false;
  const client = createClient({
    url: storeUrl,
    // While the connection is down, commands fail at once (and the bot says so) rather than queue without limit.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // At start-up a failure is final (reported below); later the client reconnects, backing off up to 5 s.
      reconnectStrategy: (retries: number) => (started ? Math.min(100 * 2 ** retries, 5_000) : false),
    },
  });
  // Each failed command rejects for its caller; these events repeat that (and each reconnect attempt).
  client.on('error', () => undefined);
  try {
    // connectTimeout covers the TCP connection only; a server that accepts and never answers must fail too.
    await withTimeout(client.connect(), CONNECT_TIMEOUT_MS, () => client.destroy());
  } catch (error) {
    throw connectionError(
      'Redis',
      storeUrl,
      error,
      'that Redis is running and reachable from this machine, and the password in STORE_URL',
    );
  }
  started = true;
  // The adapter's throwOnErrors too: without it a failed command reads as "missing" and a failed write as done.
  const adapter = new KeyvRedis(client, { throwOnErrors: true });
  // useKeyPrefix false: the adapter prefixes the namespace itself (Keyv would add it a second time).
  const keyv = new Keyv({ store: adapter, namespace: NAMESPACE, useKeyPrefix: false, throwOnErrors: true });
  keyv.on('error', () => undefined);
  try {
    await keyv.get('__open__');
  } catch (error) {
    await adapter.disconnect(true).catch(() => undefined);
    throw connectionError('Redis', storeUrl, error, 'the password and database number in STORE_URL');
  }
  // A graceful close waits for commands in flight, which could take forever while the server is unreachable:
  // past the timeout (or on any error) the connection is simply dropped.
  const close = () =>
    withTimeout(keyv.disconnect(), CONNECT_TIMEOUT_MS, () => undefined).catch(() => {
      client.destroy();
    });
  return storeOf(keyv, close);
}

async function openPostgres(storeUrl: string): Promise<Store> {
  // Our own pool rather than @keyv/postgres's: that one is shared by every store in the process, has no connect
  // timeout, and has no 'error' listener, so one broken idle connection (a server restart) would crash the bot.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: storeUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    max: POSTGRES_POOL_SIZE,
  });
  // A broken idle connection is dropped from the pool and replaced on next use; the query that needs it says so.
  pool.on('error', () => undefined);
  const check =
    'that PostgreSQL is running and reachable from this machine, and the user, password and database in STORE_URL';
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectionError('PostgreSQL', storeUrl, error, check);
  }
  const adapter = await postgresAdapter(pool);
  const keyv = new Keyv({ store: adapter, namespace: NAMESPACE, throwOnErrors: true });
  // The adapter creates its table in the background and reports a failure only as an event: keep the first.
  let firstError: unknown;
  keyv.on('error', (error: unknown) => {
    firstError ??= error;
  });
  try {
    await keyv.get('__open__');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectionError(
      'PostgreSQL',
      storeUrl,
      firstError ?? error,
      "that the user may create a table in the database (PostgreSQL 15 and later: make it the database's owner)",
    );
  }
  return storeOf(keyv);
}

/** @keyv/postgres over the given pool (a table `keyv`: key VARCHAR(255) PRIMARY KEY, value TEXT). */
async function postgresAdapter(pool: pg.Pool): Promise<KeyvStoreAdapter> {
  const { default: KeyvPostgres } = await import('@keyv/postgres');
  class PooledKeyvPostgres extends KeyvPostgres {
    // Called by the constructor: everything goes through this query function.
    override connect() {
      return Promise.resolve(
        async (sql: string, values?: unknown[]) =>
          (await pool.query<Record<string, unknown>>(sql, values)).rows,
      );
    }

    override async disconnect() {
      await pool.end();
    }
  }
  return new PooledKeyvPostgres({ uri: 'postgresql://' });
}

/** Rejects after `ms` (calling `onTimeout` first) unless `promise` settles before. */
async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`no answer within ${ms / 1000} s`));
    }, ms);
  });
  promise.catch(() => undefined); // Settles after the timeout, if at all: nobody is waiting then.
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every failure of the store after start-up (a Redis or database outage, a locked file) becomes a
 * {@link StoreUnavailableError}, which the interaction error path turns into "temporarily unavailable".
 */
function storeOf(keyv: Keyv, close: () => Promise<void> = () => keyv.disconnect()): Store {
  const guard = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(
        `the store failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
  };
  return {
    get: <Value>(key: string) => guard(() => keyv.get<Value>(key)),
    getMany: <Value>(keys: readonly string[]) =>
      keys.length === 0 ? Promise.resolve([]) : guard(() => keyv.getMany<Value>([...keys])),
    set: (key, value) => guard(() => keyv.set(key, value)),
    delete: (key) => guard(() => keyv.delete(key)),
    close,
  };
}

/** One line: which server, what went wrong (never its password), what to check. */
function connectionError(store: string, storeUrl: string, error: unknown, check: string): ConfigError {
  return new ConfigError(
    `could not open the ${store} store at ${redactUrl(storeUrl)} (${reason(error, storeUrl)}): check ${check}.`,
  );
}

function reason(error: unknown, storeUrl: string): string {
  // A connection to a name with several addresses (localhost: ::1 and 127.0.0.1) fails with an AggregateError
  // whose own message is empty; its parts tell what happened.
  const first: unknown = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  let text: string;
  if (first instanceof Error) {
    const code = (first as NodeJS.ErrnoException).code;
    text = first.message !== '' ? first.message : (code ?? first.name);
  } else {
    text = String(first);
  }
  return hidePassword(text.replace(/\s+/g, ' ').trim(), storeUrl);
}

function hidePassword(text: string, storeUrl: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(storeUrl).password);
  } catch {
    // Not a parseable URL: config.ts has refused it already.
  }
  return password === '' ? text : text.replaceAll(password, '***');
}

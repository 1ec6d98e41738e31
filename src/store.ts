/**
 * The bot's persistent key-value store: Keyv over SQLite by default. Domain code depends only on the small
 * {@link KeyValueStore} interface, so tests hand it a real store on a temporary file.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/** What domain code needs from a store. Keyv satisfies it. */
export interface KeyValueStore {
  get<Value>(key: string): Promise<Value | undefined>;
  set(key: string, value: unknown): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

export interface Store extends KeyValueStore {
  /** Closes the connection; the store is unusable afterwards. */
  close(): Promise<void>;
}

/** Opens the store named by a validated `STORE_URL` (see config.ts), creating the SQLite file's folder. */
export async function openStore(storeUrl: string): Promise<Store> {
  const file = storeUrl.replace(/^sqlite:\/\//, '');
  await mkdir(path.dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5_000 });
  // WAL: readers never block the writer (nor it them). synchronous=NORMAL: in WAL mode a commit survives the
  // process being killed (only a power cut can lose the last moments), and each write costs no fsync.
  await adapter.query('PRAGMA journal_mode = WAL');
  await adapter.query('PRAGMA synchronous = NORMAL');
  // throwOnErrors: a failed write must reach the caller, never pass for a success.
  const keyv = new Keyv({ store: adapter, namespace: 'phb', throwOnErrors: true });
  // Keyv also emits errors as events; without a listener Node would crash the process on the first one.
  keyv.on('error', () => undefined);
  // Touch the store once so a bad path or a locked file fails at start-up, not on the first command.
  await keyv.get('__open__');
  return {
    get: <Value>(key: string) => keyv.get<Value>(key),
    set: (key, value) => keyv.set(key, value),
    delete: (key) => keyv.delete(key),
    close: () => keyv.disconnect(),
  };
}

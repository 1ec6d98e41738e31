/**
 * A real SQLite store (through Keyv, as the bot uses by default) in a fresh temporary folder for every test of a
 * file: opened before each test, closed and deleted after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store.js';

/** The store of the running test, and where it lives (to open a second connection, as a restart would). */
export interface TempSqlite {
  readonly store: Store;
  /** The store's URL (`sqlite://…`). */
  readonly url: string;
}

/** Registers the hooks; call at the top of a test file and read `.store` inside tests. */
export function useTempSqliteStore(name: string): TempSqlite {
  let folder: string | undefined;
  let store: Store | undefined;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), `phb-${name}-`));
    store = await openStore(`sqlite://${path.join(folder, 'store.sqlite')}`);
  });
  afterEach(async () => {
    await store?.close();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    store = undefined;
    folder = undefined;
  });
  return {
    get store(): Store {
      if (store === undefined) throw new Error('the temporary SQLite store exists only while a test runs');
      return store;
    },
    get url(): string {
      if (folder === undefined) throw new Error('the temporary SQLite store exists only while a test runs');
      return `sqlite://${path.join(folder, 'store.sqlite')}`;
    },
  };
}

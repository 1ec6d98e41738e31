/** Stores for unit tests: one in memory, and a wrapper that counts a store's calls; both can be told to fail. */
import type { KeyValueStore } from '../../src/store.js';

/**
 * A Map-backed store; `failWrites` makes every set and delete fail, as an unreachable database would. It counts
 * keys read (`reads`, by get and getMany alike) and values written (`writes`).
 */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  failWrites = false;
  writes = 0;
  reads = 0;

  get<Value>(key: string): Promise<Value | undefined> {
    this.reads++;
    const value = this.data.get(key);
    return Promise.resolve(value === undefined ? undefined : (structuredClone(value) as Value));
  }

  async getMany<Value>(keys: readonly string[]): Promise<(Value | undefined)[]> {
    return Promise.all(keys.map((key) => this.get<Value>(key)));
  }

  set(key: string, value: unknown): Promise<boolean> {
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    this.writes++;
    this.data.set(key, structuredClone(value));
    return Promise.resolve(true);
  }

  delete(key: string): Promise<boolean> {
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    return Promise.resolve(this.data.delete(key));
  }
}

/** How many times each method of a store was called (failed calls included). */
export interface StoreCalls {
  get: number;
  getMany: number;
  set: number;
  delete: number;
}

/**
 * Another store (the real SQLite one, usually) with its calls counted, to check what is read and written;
 * `failWrites` makes every set and delete fail, as an unreachable database would.
 */
export class CountingStore implements KeyValueStore {
  readonly calls: StoreCalls = { get: 0, getMany: 0, set: 0, delete: 0 };
  failWrites = false;

  constructor(private readonly inner: KeyValueStore) {}

  get<Value>(key: string): Promise<Value | undefined> {
    this.calls.get++;
    return this.inner.get<Value>(key);
  }

  getMany<Value>(keys: readonly string[]): Promise<(Value | undefined)[]> {
    this.calls.getMany++;
    return this.inner.getMany<Value>(keys);
  }

  set(key: string, value: unknown): Promise<boolean> {
    this.calls.set++;
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    return this.inner.set(key, value);
  }

  delete(key: string): Promise<boolean> {
    this.calls.delete++;
    if (this.failWrites) return Promise.reject(new Error('store unavailable'));
    return this.inner.delete(key);
  }
}

/** An in-memory store for unit tests that can be told to fail, as an unreachable database would. */
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

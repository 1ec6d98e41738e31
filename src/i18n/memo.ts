/**
 * Renders of built-in content kept per object and language. Content objects (a person, the cast, the release) are
 * never changed once loaded: an operator's news makes new ones. So what a render of one says in one language is
 * worked out once and kept while the object lives, instead of on every reply.
 */
import type { Locale } from './index.js';

/** Answers per object and language, dropped with the object. */
export class LocaleMemo<K extends object, V> {
  private readonly answers = new WeakMap<K, Map<Locale, V>>();

  /** `make()`'s answer for `key` in `locale`, worked out the first time and kept. */
  get(key: K, locale: Locale, make: () => V): V {
    let byLocale = this.answers.get(key);
    if (byLocale === undefined) {
      byLocale = new Map();
      this.answers.set(key, byLocale);
    }
    let value = byLocale.get(locale);
    if (value === undefined) {
      value = make();
      byLocale.set(locale, value);
    }
    return value;
  }
}

/** What the language tests share: each file's strings by key, the placeholders of a message, the languages. */
import { IntlMessageFormat } from 'intl-messageformat';
import { LOCALES, readMessages, type Locale } from '../../src/i18n/index.js';

/**
 * Languages whose translators have not landed their complete files yet. A language leaves this list when its
 * `src/i18n/locales/<locale>.json` and `data/i18n/<locale>/` are complete; the completeness tests hold every
 * other language to every string and every built-in item, and fail for a language listed here that is already
 * complete, so the list cannot go stale.
 */
export const TRANSLATIONS_IN_PROGRESS: ReadonlySet<Locale> = new Set<Locale>([]);

export const TRANSLATED_LOCALES = LOCALES.filter((locale) => locale !== 'en');

/** A language file's strings by dotted key; anything that is not a string (or an object of them) is reported. */
export function flatten(messages: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, text] of flatten(value as Record<string, unknown>, path)) flat.set(inner, text);
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

export const english = flatten(readMessages('en')) as Map<string, string>;

/** Each language's own strings (without fallback). */
export function ownMessages(locale: Locale): Map<string, unknown> {
  return flatten(readMessages(locale));
}

interface AstNode {
  type: number;
  value?: string;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}

/** The names of a message's ICU arguments (`{label}`, `{days, plural, …}`), sorted; throws if it doesn't parse. */
export function placeholders(message: string, locale: Locale): string[] {
  const names = new Set<string>();
  const visit = (nodes: readonly AstNode[]) => {
    for (const node of nodes) {
      // Type 0 is literal text and 7 the `#` of a plural; every other element names an argument.
      if (node.type !== 0 && node.type !== 7 && node.value !== undefined) names.add(node.value);
      for (const option of Object.values(node.options ?? {})) visit(option.value);
      if (node.children !== undefined) visit(node.children);
    }
  };
  visit(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

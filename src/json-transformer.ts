/**
 * discord.js turns every plain object it sends as an embed, a component or an autocomplete choice from camelCase
 * to snake_case first (its `jsonTransformer` client option, `toSnakeCase` by default). It converts each key with
 * lodash's `snakeCase`, a chain of Unicode-aware regular expressions: about 45 µs for one embed and several
 * times that for 25 autocomplete choices, more than everything else the bot does to answer. The keys are a few
 * dozen field names, so this transformer remembers each key's conversion; the walk is discord.js's own, so what
 * is sent is the same.
 */
import { isJSONEncodable, Options, resolvePartialEmoji } from 'discord.js';

/** discord.js's own transformer: asked once per key, on a one-key object, for that key's snake_case form. */
const discordTransformer = Options.createDefault().jsonTransformer as (value: unknown) => unknown;

const snakeKeys = new Map<string, string>();
/** Keys are field names; a payload with keys of its own (a dictionary) could not grow the map without bound. */
const KEYS_KEPT = 1_000;

function snakeKey(key: string): string {
  let snake = snakeKeys.get(key);
  if (snake === undefined) {
    snake = Object.keys(discordTransformer({ [key]: null }) as object)[0] ?? key;
    if (snakeKeys.size >= KEYS_KEPT) snakeKeys.clear();
    snakeKeys.set(key, snake);
  }
  return snake;
}

/** discord.js's `toSnakeCase`, with each key's conversion remembered. Pass it as the client's `jsonTransformer`. */
export function toSnakeCase(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value;
  if (isJSONEncodable(value)) return toSnakeCase(value.toJSON());
  if (Array.isArray(value)) return value.map((item) => toSnakeCase(item));
  const source = value as Record<string, unknown>;
  const converted: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const inner = source[key];
    // discord.js's own exception (v14): an emoji given as a string is resolved to an emoji object.
    const result =
      key === 'emoji' && typeof inner === 'string' ? resolvePartialEmoji(inner) : toSnakeCase(inner);
    // A plain assignment is safe: snake_case never starts with "_", so no key becomes "__proto__".
    converted[snakeKey(key)] = result;
  }
  return converted;
}

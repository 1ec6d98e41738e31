/**
 * Discord's limits on an embed, for embeds written as plain `APIEmbed` objects: nothing checks them before Discord
 * does (EmbedBuilder did, at a cost on every reply), so text that could run long is fitted here.
 */
import { t, type Locale } from './i18n/index.js';

/** Discord's documented maxima, in characters (UTF-16 code units, as Discord counts them). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  /** Title, description, field names and values, footer text and author name together. */
  total: 6000,
} as const;

/**
 * The text cut to at most `max` characters (never through the middle of a surrogate pair, which would leave half
 * an emoji); text within the limit is returned as it is.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * Lines joined with newlines, as many whole lines as fit in `max` characters; when some do not fit, a last line
 * says how many were left out ("…and 3 more", in `locale`).
 */
export function joinLinesWithin(lines: readonly string[], max: number, locale: Locale = 'en'): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = t(locale, 'embed.andMore', { count: lines.length - index });
    const separator = kept.length === 0 ? 0 : 1;
    // Room for this line, and for the "more" line should a later one not fit.
    const after = length + separator + line.length;
    const moreAfter = t(locale, 'embed.andMore', { count: lines.length - index - 1 });
    if (after + 1 + moreAfter.length > max) {
      kept.push(kept.length === 0 ? clip(more, max) : more);
      return kept.join('\n');
    }
    kept.push(line);
    length = after;
  }
  return kept.join('\n');
}

/** Checks an embed against Discord's limits, for render tests: Discord refuses the whole reply otherwise. */
import type { APIEmbed } from 'discord.js';
import { EMBED_LIMITS } from '../src/embed.js';

/** Every limit the embed breaks, as readable sentences; empty when it is within all of them. */
export function embedLimitBreaches(embed: APIEmbed): string[] {
  const breaches: string[] = [];
  const check = (what: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.length > max)
      breaches.push(`${what} has ${text.length} > ${max} characters`);
    if (text !== undefined && text.length === 0) breaches.push(`${what} is empty`);
  };
  check('title', embed.title, EMBED_LIMITS.title);
  check('description', embed.description, EMBED_LIMITS.description);
  check('footer', embed.footer?.text, EMBED_LIMITS.footerText);
  const fields = embed.fields ?? [];
  if (fields.length > EMBED_LIMITS.fields) breaches.push(`${fields.length} > ${EMBED_LIMITS.fields} fields`);
  fields.forEach((field, index) => {
    check(`field ${index} name`, field.name, EMBED_LIMITS.fieldName);
    check(`field ${index} value`, field.value, EMBED_LIMITS.fieldValue);
  });
  const total = [embed.title, embed.description, embed.footer?.text, embed.author?.name]
    .concat(fields.flatMap((field) => [field.name, field.value]))
    .reduce((sum, text) => sum + (text?.length ?? 0), 0);
  if (total > EMBED_LIMITS.total) breaches.push(`${total} > ${EMBED_LIMITS.total} characters in all`);
  return breaches;
}

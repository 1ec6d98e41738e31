import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Options } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toSnakeCase } from '../src/json-transformer.js';

/** What discord.js itself would send. */
const discordTransformer = Options.createDefault().jsonTransformer as (value: unknown) => unknown;

const PAYLOADS: Record<string, unknown> = {
  'an embed': {
    color: 0x7b3fa0,
    title: '**Purple Hearts 2**',
    description: 'Late summer 2026',
    fields: [
      { name: 'Next milestone', value: 'Filming wraps', inline: false },
      { name: 'Where this comes from', value: 'The announcement article' },
    ],
    footer: { text: 'Counted in Etc/UTC', icon_url: 'https://example.com/a.png' },
    timestamp: '2026-08-01T00:00:00.000Z',
  },
  'a row with a button and an emoji object': {
    type: 1,
    components: [
      { type: 2, style: 2, custom_id: 'reminders:remind', label: 'Remind me', emoji: { name: '🔔' } },
    ],
  },
  'camelCase keys, acronyms and digits': {
    allowedMentions: { repliedUser: false, parse: [] },
    customId: 'x',
    nameLocalizations: { 'pt-BR': 'Elenco', 'es-419': 'Reparto' },
    fooBAR2baz: 1,
    already_snake: 2,
    'kebab-key': 3,
    ÉtéÀ: 4,
    '': 5,
  },
  'an emoji given as a string, by id or by name': [
    { emoji: '123456789012345678' },
    { emoji: '<:purple:123456789012345678>' },
    { emoji: '🔔' },
  ],
  'values that are not plain objects': {
    at: new Date('2026-08-01T00:00:00Z'),
    none: null,
    nothing: undefined,
    count: 3,
    flag: true,
    list: [1, 'two', [3], { threeAndAHalf: 3.5 }],
  },
  'a builder (JSON-encodable) inside': {
    rows: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('a').setLabel('A').setStyle(ButtonStyle.Primary),
      ),
    ],
  },
  'an autocomplete choice': { name: 'Sofia Carson · Cassie Salazar', value: 'sofia-carson' },
};

describe('toSnakeCase', () => {
  it.each(Object.entries(PAYLOADS))('sends %s exactly as discord.js would', (_, payload) => {
    expect(toSnakeCase(payload)).toStrictEqual(discordTransformer(payload));
  });

  it('gives the same answer the second time a key is seen', () => {
    const payload = { allowedMentions: { repliedUser: true }, customId: 'y' };
    const first = toSnakeCase(payload);
    expect(toSnakeCase(payload)).toStrictEqual(first);
    expect(first).toStrictEqual({ allowed_mentions: { replied_user: true }, custom_id: 'y' });
  });

  it('turns a "__proto__" key into "proto" as discord.js does, never into the prototype', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const converted = toSnakeCase(payload) as Record<string, unknown>;
    expect(converted).toStrictEqual(discordTransformer(payload));
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(converted).toStrictEqual({ proto: { polluted: true }, ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('makes new objects and leaves what it was given unchanged', () => {
    const payload = { fooBar: { bazQux: 1 } };
    const converted = toSnakeCase(payload);
    expect(payload).toStrictEqual({ fooBar: { bazQux: 1 } });
    expect(converted).toStrictEqual({ foo_bar: { baz_qux: 1 } });
  });
});

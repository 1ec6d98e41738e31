import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCastDetail, renderCastOverview } from '../../src/cast/render.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import { castMemberSchema, type CastMember } from '../../src/content/schemas.js';
import { embedLimitBreaches } from '../embed-limits.js';

let cast: readonly CastMember[];
beforeAll(async () => {
  cast = (await loadContent(path.join(PROJECT_ROOT, 'data'))).cast;
});

/** A person with every text as long as data/cast.json's schema allows. */
function longestPerson(index: number, group: CastMember['group'] = 'main'): CastMember {
  const long = (max: number) => `${index} `.padEnd(max, 'x');
  return castMemberSchema.parse({
    id: `person-${index}`,
    group,
    name: long(80),
    character: group === 'crew' ? null : long(80),
    job: group === 'crew' ? long(80) : null,
    aliases: Array.from({ length: 10 }, () => long(80)),
    status: 'in-talks',
    statusNote: long(300),
    films: { original: long(300), sequel: long(300) },
  });
}

describe('renderCastOverview', () => {
  it('lists everyone in the shipped cast, each group in its own field, within Discord’s limits', () => {
    const embed = renderCastOverview(cast, 'Purple Hearts 2');
    expect(embed.title).toBe('Purple Hearts 2: cast and crew');
    expect(embed.fields?.map((field) => field.name)).toEqual([
      'Returning leads',
      'Returning supporting cast',
      'New additions',
      'Key crew',
    ]);
    for (const person of cast) expect(JSON.stringify(embed.fields)).toContain(`**${person.name}**`);
    expect(embedLimitBreaches(embed)).toEqual([]);
  });

  it('stays within Discord’s limits with the longest names in crowded groups, saying how many are left out', () => {
    const crowd = [
      ...Array.from({ length: 30 }, (_, index) => longestPerson(index, 'main')),
      ...Array.from({ length: 30 }, (_, index) => longestPerson(100 + index, 'supporting')),
      ...Array.from({ length: 30 }, (_, index) => longestPerson(200 + index, 'new')),
      ...Array.from({ length: 30 }, (_, index) => longestPerson(300 + index, 'crew')),
    ];
    const embed = renderCastOverview(crowd, 'T'.repeat(100));
    expect(embedLimitBreaches(embed)).toEqual([]);
    expect(embed.fields?.[0]?.value).toMatch(/\*\*0 x+\*\* as 0 x+ · 💬 In talks\n/);
    expect(embed.fields?.[0]?.value).toMatch(/\n…and \d+ more$/);
  });
});

describe('renderCastDetail', () => {
  it('shows who they play, both films and the status', () => {
    const sofia = cast.find((person) => person.id === 'sofia-carson')!;
    const embed = renderCastDetail(sofia);
    expect(embed.title).toBe('Sofia Carson');
    expect(embed.description).toBe('plays **Cassie Salazar**');
    expect(embed.fields?.map((field) => field.name)).toEqual([
      'Purple Hearts (2022)',
      'Purple Hearts 2',
      'Status',
    ]);
    expect(embed.fields?.[2]?.value).toMatch(/^✅ Confirmed: /);
    expect(embed.footer?.text).toBe('Returning leads');
  });

  it('stays within Discord’s limits for the longest person the content allows, actor or crew', () => {
    expect(embedLimitBreaches(renderCastDetail(longestPerson(1)))).toEqual([]);
    expect(embedLimitBreaches(renderCastDetail(longestPerson(2, 'crew')))).toEqual([]);
    for (const person of cast) expect(embedLimitBreaches(renderCastDetail(person))).toEqual([]);
  });
});

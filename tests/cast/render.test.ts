import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describePerson } from '../../src/cast/cast.js';
import { NOT_IN_ARTICLE, renderCastDetail, renderCastOverview } from '../../src/cast/render.js';
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
    // An in-talks person's sequel text is hedged, as the schema requires.
    films: { original: long(300), sequel: `In talks ${long(291)}` },
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
      'Source material of the 2022 film',
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
    expect(embed.fields?.[0]?.value).toMatch(/\*\*0 x+\*\* · in talks to play 0 x+ · 💬 In talks\n/);
    expect(embed.fields?.[0]?.value).toMatch(/\n…and \d+ more$/);
  });
});

describe('renderCastDetail', () => {
  it('shows who they play, both films and the status', () => {
    const sofia = cast.find((person) => person.id === 'sofia-carson')!;
    const embed = renderCastDetail(sofia);
    expect(embed.title).toBe('Sofia Carson');
    expect(embed.description).toBe('plays **Cassie Salazar**');
    expect(embed.fields?.[2]?.value).toBe(`✅ Confirmed: ${sofia.statusNote}`);
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

describe('what /cast says matches the article’s certainty', () => {
  const byId = (id: string) => cast.find((person) => person.id === id)!;
  const fieldsOf = (person: CastMember) =>
    Object.fromEntries((renderCastDetail(person).fields ?? []).map((field) => [field.name, field.value]));

  it('shows a fact the article does not give as "The article doesn’t say.", never as a negative claim', () => {
    expect(fieldsOf(byId('javier-julia'))['Purple Hearts (2022)']).toBe(NOT_IN_ARTICLE);
    expect(fieldsOf(byId('tess-wakefield'))['Purple Hearts 2']).toBe(NOT_IN_ARTICLE);
    for (const person of cast) {
      const fields = fieldsOf(person);
      expect(fields['Purple Hearts (2022)']).toBe(person.films.original ?? NOT_IN_ARTICLE);
      expect(fields['Purple Hearts 2']).toBe(person.films.sequel ?? NOT_IN_ARTICLE);
      expect(JSON.stringify(fields)).not.toMatch(/not part of|nothing announced/i);
    }
  });

  it('gives the source novel’s author her own group, not the sequel’s crew', () => {
    const fields = renderCastOverview(cast, 'Purple Hearts 2').fields ?? [];
    const crew = fields.find((field) => field.name === 'Key crew')?.value ?? '';
    const source = fields.find((field) => field.name === 'Source material of the 2022 film')?.value ?? '';
    expect(crew).not.toContain('Tess Wakefield');
    expect(source).toMatch(
      /^\*\*Tess Wakefield\*\* · Wrote the 2017 novel the original film adapts · ✅ Confirmed$/,
    );
    expect(renderCastDetail(byId('tess-wakefield')).footer?.text).toBe('Source material of the 2022 film');
  });

  it('never repeats the status in its note', () => {
    for (const person of cast) {
      const status = fieldsOf(person).Status ?? '';
      expect(status.match(/confirmed|rumou?red|rumou?r|in talks/gi), status).toHaveLength(1);
    }
  });

  it('hedges a rumored or in-talks part wherever the person is named: detail, overview and autocomplete', () => {
    const overview = JSON.stringify(renderCastOverview(cast, 'Purple Hearts 2').fields);
    expect(renderCastDetail(byId('alexa-demie')).description).toBe('rumored to play **a music executive**');
    expect(renderCastDetail(byId('idris-elba')).description).toBe('in talks to play **a VA counselor**');
    expect(overview).toContain('**Alexa Demie** · rumored to play a music executive · ❓ Rumored');
    expect(overview).toContain('**Idris Elba** · in talks to play a VA counselor · 💬 In talks');
    expect(describePerson(byId('alexa-demie'))).toBe('Alexa Demie (rumored to play a music executive)');
    expect(describePerson(byId('idris-elba'))).toBe('Idris Elba (in talks to play a VA counselor)');
    expect(describePerson(byId('sofia-carson'))).toBe('Sofia Carson (plays Cassie Salazar)');
  });

  it('separates a crew member’s name from their job', () => {
    const overview = JSON.stringify(renderCastOverview(cast, 'Purple Hearts 2').fields);
    expect(overview).toContain('**Elizabeth Allen Rosenbaum** · Director · ✅ Confirmed');
    expect(overview).toContain('**Javier Julia** · Cinematographer · ✅ Confirmed');
    expect(describePerson(byId('javier-julia'))).toBe('Javier Julia (Cinematographer)');
  });

  it('writes "rumored" in US spelling everywhere it shows', () => {
    const shown = JSON.stringify([
      renderCastOverview(cast, 'Purple Hearts 2'),
      ...cast.map((person) => renderCastDetail(person)),
    ]);
    expect(shown).toMatch(/rumored/i);
    expect(shown).not.toMatch(/rumour/i);
  });
});

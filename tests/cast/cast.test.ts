import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closestPeople, resolvePerson, searchCast } from '../../src/cast/cast.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import type { CastMember } from '../../src/content/schemas.js';
import { UserError } from '../../src/errors.js';

let cast: readonly CastMember[];
beforeAll(async () => {
  cast = (await loadContent(path.join(PROJECT_ROOT, 'data'))).cast;
});

const ids = (people: readonly CastMember[]) => people.map((person) => person.id);

describe('searchCast', () => {
  it.each([
    ['galitzin', 'nicholas-galitzine'],
    ['cassie', 'sofia-carson'],
    ['frankie', 'chosen-jacobs'],
    ['idris', 'idris-elba'],
    ['GALITZÍNE', 'nicholas-galitzine'],
    ['galitzen', 'nicholas-galitzine'],
    ['sofai', 'sofia-carson'],
    ['luke morrow', 'nicholas-galitzine'],
  ])('puts the right person first for "%s"', (query, id) => {
    expect(searchCast(cast, query)[0]?.id).toBe(id);
  });

  it('matches by character as well as by actor', () => {
    expect(ids(searchCast(cast, 'riley'))).toContain('kat-cunning');
    expect(ids(searchCast(cast, 'kat'))).toContain('kat-cunning');
  });

  it('lists everyone, in order, for an empty query, never more than 25', () => {
    expect(ids(searchCast(cast, ''))).toEqual(ids(cast).slice(0, 25));
    const crowd = Array.from({ length: 40 }, (_, i) => ({ ...cast[0]!, id: `person-${i}` }));
    expect(searchCast(crowd, '')).toHaveLength(25);
  });

  it('returns nobody for a name that is not in the film', () => {
    expect(searchCast(cast, 'zendaya')).toEqual([]);
  });
});

describe('resolvePerson', () => {
  it('resolves an id chosen from autocomplete', () => {
    expect(resolvePerson(cast, 'idris-elba').name).toBe('Idris Elba');
  });

  it('resolves a typed name with a single best match', () => {
    expect(resolvePerson(cast, 'Cassie').id).toBe('sofia-carson');
    expect(resolvePerson(cast, 'galitzin').id).toBe('nicholas-galitzine');
  });

  it('answers an unknown name with the closest names', () => {
    const attempt = () => resolvePerson(cast, 'Sofya Karsonn');
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      /Nobody in the cast or crew matches "Sofya Karsonn"\. Closest names: Sofia Carson/,
    );
  });

  it('escapes markdown in the echoed name', () => {
    expect(() => resolvePerson(cast, '**zzz**')).toThrow('"\\*\\*zzz\\*\\*"');
  });

  it('lists the candidates when a typed name is ambiguous', () => {
    const twins = [
      { ...cast[0]!, id: 'a', name: 'Alex One', aliases: [] },
      { ...cast[0]!, id: 'b', name: 'Alex Two', aliases: [] },
    ];
    expect(() => resolvePerson(twins, 'alex')).toThrow(/matches several people: Alex One .*, Alex Two/);
  });

  it('resolves a name or alias that is exactly one person’s, even when other names start with it', () => {
    const people = [
      { ...cast[0]!, id: 'a', name: 'Alex One', character: null, aliases: [] },
      { ...cast[0]!, id: 'b', name: 'Alexandra Two', character: null, aliases: ['Alex'] },
    ];
    expect(resolvePerson(people, 'ALEX').id).toBe('b');
    expect(resolvePerson(people, 'alex one').id).toBe('a');
  });

  it('still lists the candidates when an exact alias belongs to two people', () => {
    const people = [
      { ...cast[0]!, id: 'a', name: 'Alex One', character: null, aliases: ['Al'] },
      { ...cast[0]!, id: 'b', name: 'Alex Two', character: null, aliases: ['Al'] },
    ];
    expect(() => resolvePerson(people, 'al')).toThrow(/matches several people: Alex One .*, Alex Two/);
  });
});

describe('closestPeople', () => {
  it('ranks by the nearest name', () => {
    expect(closestPeople(cast, 'elbow')[0]?.id).toBe('idris-elba');
  });
});

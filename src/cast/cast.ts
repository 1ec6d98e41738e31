/** Finding people in the cast and crew: autocomplete search, resolving a typed name, and "did you mean". */
import { escapeMarkdown } from 'discord.js';
import type { CastMember } from '../content/schemas.js';
import { closeness, foldText, matchCandidates, matchScoreAmong } from '../text-match.js';
import { t, userError, type Locale } from '../i18n/index.js';
import { LocaleMemo } from '../i18n/memo.js';
import { partText } from './render.js';

/** Discord shows at most 25 autocomplete choices. */
export const MAX_CHOICES = 25;

/** Folded names per person, worked out once: autocomplete searches them on every keystroke. */
const foldedNames = new WeakMap<CastMember, readonly string[]>();

function searchableNames(person: CastMember): readonly string[] {
  let names = foldedNames.get(person);
  if (names === undefined) {
    names = [person.name, person.character ?? '', ...person.aliases]
      .map(foldText)
      .filter((name) => name !== '');
    foldedNames.set(person, names);
  }
  return names;
}

/** What searching and resolving need of a cast, worked out once per cast (the content is loaded once). */
interface CastIndex {
  /** Per person, in cast order: every folded name and each of its words, without repeats. */
  candidates: readonly (readonly string[])[];
  byId: ReadonlyMap<string, CastMember>;
  /** Every person each folded name (actor, character, alias) belongs to. */
  byName: ReadonlyMap<string, readonly CastMember[]>;
}

const indexes = new WeakMap<readonly CastMember[], CastIndex>();

function indexOf(cast: readonly CastMember[]): CastIndex {
  let index = indexes.get(cast);
  if (index === undefined) {
    const byId = new Map<string, CastMember>();
    const byName = new Map<string, CastMember[]>();
    for (const person of cast) {
      if (!byId.has(person.id)) byId.set(person.id, person);
      for (const name of new Set(searchableNames(person))) {
        const owners = byName.get(name);
        if (owners === undefined) byName.set(name, [person]);
        else owners.push(person);
      }
    }
    const candidates = cast.map((person) => [...new Set(searchableNames(person).flatMap(matchCandidates))]);
    index = { candidates, byId, byName };
    indexes.set(cast, index);
  }
  return index;
}

/** People whose actor, character or alias names match the query, best first, at most `limit`. */
export function searchCast(cast: readonly CastMember[], query: string, limit = MAX_CHOICES): CastMember[] {
  const folded = foldText(query);
  const { candidates } = indexOf(cast);
  const found: { person: CastMember; order: number; score: number }[] = [];
  cast.forEach((person, order) => {
    const score = matchScoreAmong(folded, candidates[order] ?? []);
    if (score !== undefined) found.push({ person, order, score });
  });
  return found
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.person);
}

/** The `limit` people whose names are nearest to the query, for a "did you mean" answer. */
export function closestPeople(cast: readonly CastMember[], query: string, limit = 3): CastMember[] {
  const folded = foldText(query);
  return cast
    .map((person, order) => ({
      person,
      order,
      distance: Math.min(...searchableNames(person).map((name) => closeness(folded, name))),
    }))
    .sort((a, b) => a.distance - b.distance || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.person);
}

/**
 * "Sofia Carson (plays Cassie Salazar)", "Alexa Demie (rumored to play a music executive)" or "Javier Julia
 * (Cinematographer)": hedged wherever the person is named, autocomplete included.
 */
export function describePerson(person: CastMember, locale: Locale = 'en'): string {
  // Autocomplete describes up to 25 people at every keystroke: each description is worked out once.
  return descriptions.get(person, locale, () =>
    t(locale, 'cast.describePerson', { name: person.name, part: partText(person, undefined, locale) }),
  );
}

const descriptions = new LocaleMemo<CastMember, string>();

/**
 * The person an option value names: an id chosen from autocomplete, or free text that matches exactly one best
 * candidate. Otherwise a UserError that lists the closest names.
 */
export function resolvePerson(cast: readonly CastMember[], value: string): CastMember {
  const index = indexOf(cast);
  const byId = index.byId.get(value);
  if (byId !== undefined) return byId;
  const folded = foldText(value);
  // A name that is exactly one person's needs no search.
  const named = index.byName.get(folded);
  if (named?.length === 1 && named[0] !== undefined) return named[0];
  const matches = searchCast(cast, value);
  const exact = matches.filter((person) => searchableNames(person).includes(folded));
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const shown = escapeMarkdown(value.length > 50 ? `${value.slice(0, 50)}…` : value);
  if (matches.length > 1) {
    const names = matches
      .slice(0, 5)
      .map((person) => describePerson(person))
      .join(', ');
    throw userError('cast.severalMatch', { typed: shown, names });
  }
  const names = closestPeople(cast, value)
    .map((person) => describePerson(person))
    .join(', ');
  throw userError('cast.noMatch', { typed: shown, names });
}

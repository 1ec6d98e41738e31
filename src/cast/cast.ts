/** Finding people in the cast and crew: autocomplete search, resolving a typed name, and "did you mean". */
import { escapeMarkdown } from 'discord.js';
import type { CastMember } from '../content/schemas.js';
import { closeness, foldText, matchScore } from '../text-match.js';
import { UserError } from '../interactions/errors.js';

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

/** People whose actor, character or alias names match the query, best first, at most `limit`. */
export function searchCast(cast: readonly CastMember[], query: string, limit = MAX_CHOICES): CastMember[] {
  const folded = foldText(query);
  return cast
    .map((person, order) => {
      const scores = searchableNames(person).map(
        (name) => matchScore(folded, name) ?? Number.POSITIVE_INFINITY,
      );
      return { person, order, score: Math.min(...scores) };
    })
    .filter((entry) => Number.isFinite(entry.score))
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

/** "Sofia Carson (Cassie Salazar)" or "Javier Julia (Cinematographer)". */
export function describePerson(person: CastMember): string {
  return `${person.name} (${person.character ?? person.job ?? ''})`;
}

/**
 * The person an option value names: an id chosen from autocomplete, or free text that matches exactly one best
 * candidate. Otherwise a {@link UserError} that lists the closest names.
 */
export function resolvePerson(cast: readonly CastMember[], value: string): CastMember {
  const byId = cast.find((person) => person.id === value);
  if (byId !== undefined) return byId;
  const folded = foldText(value);
  const matches = searchCast(cast, value);
  const exact = matches.filter((person) => searchableNames(person).includes(folded));
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const shown = escapeMarkdown(value.length > 50 ? `${value.slice(0, 50)}…` : value);
  if (matches.length > 1) {
    const names = matches.slice(0, 5).map(describePerson).join(', ');
    throw new UserError(`"${shown}" matches several people: ${names}. Pick one from the list as you type.`);
  }
  const names = closestPeople(cast, value).map(describePerson).join(', ');
  throw new UserError(`Nobody in the cast or crew matches "${shown}". Closest names: ${names}.`);
}

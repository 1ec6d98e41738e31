/** Forgiving text matching for autocomplete: case and accents ignored, prefixes, and a few typos. */

/** Lower-cases, strips accents and punctuation: "Galitzíne!" → "galitzine". */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** How many typos a query of this length may have and still match. */
export function allowedTypos(queryLength: number): number {
  if (queryLength <= 3) return 0;
  return queryLength <= 6 ? 1 : 2;
}

/**
 * How well a folded query matches a folded name: 0 for a prefix of the name or of one of its words, 1 + typos
 * for a near-prefix, undefined for no match.
 */
export function matchScore(query: string, name: string): number | undefined {
  if (query === '') return 0;
  const candidates = [name, ...name.split(' ')];
  if (candidates.some((candidate) => candidate.startsWith(query))) return 0;
  const limit = allowedTypos(query.length);
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // Compare with the candidate's prefixes around the query's length, so a half-typed name with a typo matches.
    for (let length = query.length - limit; length <= query.length + limit; length++) {
      if (length < 1 || length > candidate.length) continue;
      best = Math.min(best, editDistance(query, candidate.slice(0, length)));
    }
  }
  return best <= limit ? 1 + best : undefined;
}

/** Distance between a query and the closest of a name's words or the whole name, for "did you mean". */
export function closeness(query: string, name: string): number {
  return Math.min(...[name, ...name.split(' ')].map((candidate) => editDistance(query, candidate)));
}

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

// Three rows of the distance table (two rows back, for swaps of neighbours), reused by every call: autocomplete
// computes a hundred distances per keystroke, and a fresh table each time was most of its cost.
let twoRowsBack = new Int32Array(64);
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

function reserveRows(length: number): void {
  if (currentRow.length >= length) return;
  const size = Math.max(length, currentRow.length * 2);
  twoRowsBack = new Int32Array(size);
  previousRow = new Int32Array(size);
  currentRow = new Int32Array(size);
}

/**
 * Fills the optimal-string-alignment table of `a` against the first `columns` characters of `b`, and returns its
 * last row (valid up to index `columns`, and only until the next call), or undefined as soon as every entry of a
 * row exceeds `max`: entries never fall from one row to the next, so the last row would exceed it too.
 */
function distanceRow(a: string, b: string, columns: number, max: number): Int32Array | undefined {
  reserveRows(columns + 1);
  let older = twoRowsBack;
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= columns; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const char = a.charCodeAt(i - 1);
    const charBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= columns; j++) {
      const other = b.charCodeAt(j - 1);
      const substitution = (previous[j - 1] as number) + (char === other ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      let best = substitution < deletion ? substitution : deletion;
      if (insertion < best) best = insertion;
      if (j > 1 && char === b.charCodeAt(j - 2) && charBefore === other) {
        const swap = (older[j - 2] as number) + 1;
        if (swap < best) best = swap;
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    if (rowMinimum > max) return undefined;
    const spare = older;
    older = previous;
    previous = current;
    current = spare;
  }
  // Keep the (possibly swapped) arrays for the next call; `previous` now holds the last row.
  twoRowsBack = older;
  previousRow = previous;
  currentRow = current;
  return previous;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours. With `max`,
 * any distance above it is reported as `max + 1`, which lets the work stop early.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const row = distanceRow(a, b, b.length, max);
  if (row === undefined) return max + 1;
  const distance = row[b.length] as number;
  return distance > max ? max + 1 : distance;
}

/** How many typos a query of this length may have and still match. */
export function allowedTypos(queryLength: number): number {
  if (queryLength <= 3) return 0;
  return queryLength <= 6 ? 1 : 2;
}

/** A folded name and each of its words: what a query may be the start of. */
export function matchCandidates(name: string): string[] {
  return [name, ...name.split(' ')];
}

/**
 * How well a folded query matches the best of some candidates (see {@link matchCandidates}): 0 for a prefix of
 * one, 1 + typos for a near-prefix (one of the candidate's prefixes within the allowed typos), undefined for no
 * match.
 */
export function matchScoreAmong(query: string, candidates: readonly string[]): number | undefined {
  if (query === '') return 0;
  for (const candidate of candidates) if (candidate.startsWith(query)) return 0;
  const limit = allowedTypos(query.length);
  if (limit === 0) return undefined;
  let best = limit + 1;
  for (const candidate of candidates) {
    // The candidate's prefixes around the query's length, so a half-typed name with a typo matches. One table
    // over the longest such prefix holds the distance to every shorter one in its last row.
    const shortest = Math.max(1, query.length - best + 1);
    if (candidate.length < shortest) continue;
    const longest = Math.min(candidate.length, query.length + best - 1);
    const row = distanceRow(query, candidate, longest, best - 1);
    if (row === undefined) continue;
    for (let length = shortest; length <= longest; length++) {
      const distance = row[length] as number;
      if (distance < best) best = distance;
    }
    if (best === 1) break;
  }
  return best <= limit ? 1 + best : undefined;
}

/**
 * How well a folded query matches a folded name: 0 for a prefix of the name or of one of its words, 1 + typos
 * for a near-prefix, undefined for no match.
 */
export function matchScore(query: string, name: string): number | undefined {
  return matchScoreAmong(query, matchCandidates(name));
}

/** Distance between a query and the closest of a name's words or the whole name, for "did you mean". */
export function closeness(query: string, name: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of matchCandidates(name)) best = Math.min(best, editDistance(query, candidate, best));
  return best;
}

import { describe, expect, it } from 'vitest';
import { editDistance, foldText, matchScore } from '../src/text-match.js';

describe('foldText', () => {
  it('ignores case, accents and punctuation', () => {
    expect(foldText('  Galitzíne!  ')).toBe('galitzine');
    expect(foldText('Zoë SALDAÑA-Pérez')).toBe('zoe saldana perez');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('cassie', 'cassie')).toBe(0);
    expect(editDistance('casie', 'cassie')).toBe(1);
    expect(editDistance('cassei', 'cassie')).toBe(1);
    expect(editDistance('kassie', 'cassie')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('matchScore', () => {
  it('gives 0 to a prefix of the name or of any of its words', () => {
    expect(matchScore('nich', 'nicholas galitzine')).toBe(0);
    expect(matchScore('galitz', 'nicholas galitzine')).toBe(0);
  });

  it('forgives one typo in a short query and two in a long one', () => {
    expect(matchScore('galitzen', 'nicholas galitzine')).toBe(2);
    expect(matchScore('idirs', 'idris elba')).toBe(2);
    expect(matchScore('xyz', 'idris elba')).toBeUndefined();
    expect(matchScore('gxlxtzine', 'nicholas galitzine')).toBe(3);
    expect(matchScore('gxlxtxine', 'nicholas galitzine')).toBeUndefined();
  });

  it('matches everything for an empty query', () => {
    expect(matchScore('', 'anyone')).toBe(0);
  });
});

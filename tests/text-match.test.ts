import { describe, expect, it } from 'vitest';
import { closeness, editDistance, foldText, matchScore, matchScoreAmong } from '../src/text-match.js';

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

  it('gives the same distances whichever string is longer, and between strings of any length', () => {
    expect(editDistance('cassie', 'casie')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    const long = 'purple hearts '.repeat(30);
    expect(editDistance(long, `${long}xy`)).toBe(2);
    expect(editDistance(`x${long}`, long)).toBe(1);
  });

  it('reports any distance beyond the given maximum as that maximum plus one', () => {
    expect(editDistance('cassie', 'kassei', 2)).toBe(2);
    expect(editDistance('cassie', 'kassei', 1)).toBe(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('abc', 'abcdefgh', 1)).toBe(2);
    expect(editDistance('nicholas', 'nicholas', 0)).toBe(0);
  });
});

describe('closeness', () => {
  it('is the distance to the nearest word of the name, or to the whole name', () => {
    expect(closeness('elbow', 'idris elba')).toBe(2);
    expect(closeness('idris elba', 'idris elba')).toBe(0);
    expect(closeness('zzz', 'al')).toBe(3);
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

  it('compares a query with only the name’s prefixes near its own length', () => {
    expect(matchScore('galitzinx', 'nicholas galitzine')).toBe(2);
    expect(matchScore('galitzine smith', 'nicholas galitzine')).toBeUndefined();
    expect(matchScore('alexx', 'al')).toBeUndefined();
  });
});

describe('matchScoreAmong', () => {
  it('scores the best of several names: a prefix of any one beats typos in another', () => {
    expect(matchScoreAmong('cass', ['sofia carson', 'sofia', 'carson', 'cassie salazar'])).toBe(0);
    expect(matchScoreAmong('carsin', ['sofia carson', 'sofia', 'carson', 'cassie salazar'])).toBe(2);
    expect(matchScoreAmong('zendaya', ['sofia carson', 'sofia', 'carson'])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { clip, joinLinesWithin } from '../src/embed.js';

describe('clip', () => {
  it('leaves text within the limit as it is', () => {
    expect(clip('Watch party', 11)).toBe('Watch party');
  });

  it('cuts longer text to the limit', () => {
    expect(clip('Watch party', 5)).toBe('Watch');
  });

  it('never cuts an emoji in half', () => {
    expect(clip('ab🎉cd', 3)).toBe('ab');
    expect(clip('ab🎉cd', 4)).toBe('ab🎉');
  });
});

describe('joinLinesWithin', () => {
  it('joins lines that fit with newlines', () => {
    expect(joinLinesWithin(['one', 'two'], 7)).toBe('one\ntwo');
  });

  it('keeps whole lines and says how many more there were when they do not all fit', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `line number ${index}`);
    const joined = joinLinesWithin(lines, 60);
    expect(joined).toBe('line number 0\nline number 1\nline number 2\n…and 7 more');
    expect(joined.length).toBeLessThanOrEqual(60);
  });

  it('stays within the limit however long the lines are', () => {
    for (const max of [1, 5, 12, 13, 40, 100]) {
      const lines = Array.from({ length: 30 }, (_, index) => 'x'.repeat(index % 7));
      expect(joinLinesWithin(lines, max).length).toBeLessThanOrEqual(max);
      expect(joinLinesWithin(['y'.repeat(200)], max).length).toBeLessThanOrEqual(max);
    }
  });
});

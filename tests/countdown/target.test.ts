import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/countdown/target.js';
import { newsRelease, noServerDate, releaseWith, shippedRelease } from './fixtures.js';

const premiered = releaseWith({ premiere: '2026-08-28T00:00:00-07:00' });

describe('resolveTarget', () => {
  it("prefers the server's own date, time, timezone and label over everything built in", () => {
    const target = resolveTarget(premiered, {
      releaseDate: '2027-02-14',
      releaseTime: '20:00',
      releaseTimezone: 'America/New_York',
      releaseLabel: 'Watch party',
    });
    expect(target).toEqual({
      kind: 'server',
      at: new Date('2027-02-15T01:00:00Z'),
      date: '2027-02-14',
      label: 'Watch party',
    });
  });

  it("names a server's date after the film when the server gave it no label", () => {
    const target = resolveTarget(shippedRelease, { ...noServerDate, releaseDate: '2027-02-14' });
    expect(target).toMatchObject({
      kind: 'server',
      at: new Date('2027-02-14T00:00:00Z'),
      date: '2027-02-14',
    });
    expect(target.label).toBe("Purple Hearts 2 (this server's date)");
  });

  it("reads a server's time in the spring-forward gap as the first valid minute after it", () => {
    const target = resolveTarget(shippedRelease, {
      ...noServerDate,
      releaseDate: '2026-03-08',
      releaseTime: '02:30',
      releaseTimezone: 'America/New_York',
    });
    expect(target.kind === 'server' && target.at.toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('uses the confirmed premiere when the server set no date, with its date in its own offset', () => {
    const target = resolveTarget(premiered, noServerDate);
    expect(target).toEqual({
      kind: 'premiere',
      at: new Date('2026-08-28T07:00:00Z'),
      date: '2026-08-28',
      label: 'Purple Hearts 2 premiere',
    });
  });

  it('falls back to the announced window, with the bot’s reading of it, while there is no premiere', () => {
    expect(shippedRelease.premiere).toBeNull();
    expect(resolveTarget(shippedRelease, noServerDate)).toEqual({
      kind: 'window',
      start: '2026-08-01',
      end: '2026-09-22',
      label: 'late summer 2026',
      reading: shippedRelease.window.reading,
      from: 'article',
    });
  });

  it('says a window is the operator’s news, with its source, when the timeline says so', () => {
    const origin = { from: 'operator', source: 'Netflix Tudum livestream' } as const;
    expect(resolveTarget(newsRelease, noServerDate, 'en', origin)).toMatchObject({
      kind: 'window',
      label: 'February 2027',
      from: 'operator',
      source: 'Netflix Tudum livestream',
    });
    // A server's own date wins over the operator's window, as over the article's.
    expect(
      resolveTarget(newsRelease, { ...noServerDate, releaseDate: '2027-02-14' }, 'en', origin),
    ).toMatchObject({
      kind: 'server',
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import { effectiveCast, effectiveRelease, type ReleaseNews } from '../../src/release/facts.js';
import type { KeyValueStore } from '../../src/store.js';
import { createWorld, OPERATOR, type World } from './fixtures.js';

let world: World;
beforeEach(async () => {
  world = await createWorld('2026-12-06T10:00:00Z');
});
afterEach(() => world.close());

const news = (date: string): ReleaseNews => ({
  kind: 'premiere',
  date,
  time: '20:00',
  timeZone: 'America/New_York',
  source: 'Netflix',
  by: OPERATOR,
  at: world.clock.now.toISOString(),
});

/** The real store, whose writes fail while `down` is set (a Redis outage). */
function flaky(inner: KeyValueStore) {
  const state = { down: false };
  const store: KeyValueStore = {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    set: (key, value) =>
      state.down ? Promise.reject(new StoreUnavailableError('down')) : inner.set(key, value),
    delete: (key) => inner.delete(key),
  };
  return { store, state };
}

describe('ReleaseTimeline', () => {
  it('is followed by another process at its next poll, and kept across a restart', async () => {
    const shardA = world.process();
    const shardB = world.process();
    await shardA.start();
    await shardB.start();
    await shardA.timeline.setRelease(OPERATOR, news('2027-02-14'), 'Netflix');
    expect(shardA.timeline.release().premiere).toBe('2027-02-14T20:00:00-05:00');
    expect(shardB.timeline.release().premiere).toBeNull();
    expect(await shardB.timeline.poll()).toBe(true);
    expect(shardB.timeline.release().premiere).toBe('2027-02-14T20:00:00-05:00');
    const restarted = world.process();
    await restarted.start();
    expect(restarted.timeline.release().premiere).toBe('2027-02-14T20:00:00-05:00');
  });

  it('keeps the old facts in force when the store refuses the change', async () => {
    const { store, state } = flaky(world.store);
    const shard = world.process(store);
    await shard.start();
    await shard.timeline.setRelease(OPERATOR, news('2027-02-14'), 'Netflix');
    state.down = true;
    await expect(shard.timeline.setRelease(OPERATOR, news('2027-03-01'), 'Netflix')).rejects.toThrow(
      StoreUnavailableError,
    );
    expect(shard.timeline.release().premiere).toBe('2027-02-14T20:00:00-05:00');
    expect(shard.timeline.current().revision).toBe(1);
  });

  it('keeps every change with who, when, old, new and source; a change to the same facts is none', async () => {
    const shard = world.process();
    await shard.start();
    await shard.timeline.setRelease(OPERATOR, news('2027-02-14'), 'Netflix');
    expect(await shard.timeline.setRelease(OPERATOR, news('2027-02-14'), 'Netflix')).toEqual({
      changed: false,
    });
    const person = world.content.cast.find((p) => p.status === 'rumored');
    if (person === undefined) throw new Error('the cast has a rumour');
    await shard.timeline.setCastStatus(OPERATOR, person, 'confirmed', 'Netflix casting news');
    expect(shard.timeline.current().history).toEqual([
      {
        at: '2026-12-06T10:00:00.000Z',
        by: OPERATOR,
        subject: 'Release',
        old: expect.stringMatching(
          /^window \*\*late summer 2026\*\* \(1 August 2026 to 22 September 2026, built-in\)/,
        ),
        new: `premiere <t:${Date.parse('2027-02-15T01:00:00Z') / 1000}:F> (entered as 14 February 2027, 20:00 America/New\\_York)`,
        source: 'Netflix',
        detail: { kind: 'release', old: null, new: news('2027-02-14') },
      },
      {
        at: '2026-12-06T10:00:00.000Z',
        by: OPERATOR,
        subject: person.name,
        old: 'rumored',
        new: 'confirmed',
        source: 'Netflix casting news',
        detail: { kind: 'cast', personId: person.id, old: 'rumored', new: 'confirmed' },
      },
    ]);
    const shown = shard.timeline.cast().find((p) => p.id === person.id);
    expect(shown?.status).toBe('confirmed');
    expect(shown?.statusNote).toBe("Netflix casting news (updated 6 December 2026 by the bot's operator)");
  });

  it("says the operator's cast note in each reader's language, the source as typed", async () => {
    const shard = world.process();
    await shard.start();
    const person = world.content.cast.find((p) => p.status === 'rumored');
    if (person === undefined) throw new Error('the cast has a rumour');
    await shard.timeline.setCastStatus(OPERATOR, person, 'confirmed', 'Netflix casting news');
    const note = (locale: 'de' | 'pt-BR') =>
      shard.timeline.cast(locale).find((p) => p.id === person.id)?.statusNote;
    expect(note('de')).toBe(
      'Netflix casting news (aktualisiert am 6. Dezember 2026 von der Person, die den Bot betreibt)',
    );
    expect(note('pt-BR')).toBe(
      'Netflix casting news (atualizado em 6 de dezembro de 2026 pelo operador do bot)',
    );
    // The same array until the next change: search indexes are kept per array.
    expect(shard.timeline.cast('de')).toBe(shard.timeline.cast('de'));
  });

  it('notes when each shard last read the facts', async () => {
    const shard = world.process();
    await shard.start();
    world.clock.now = new Date('2026-12-06T10:00:15Z');
    await shard.timeline.poll();
    expect(await shard.timeline.readers()).toEqual([
      { shard: 0, at: '2026-12-06T10:00:15.000Z', revision: 0 },
    ]);
  });
});

describe('effective facts', () => {
  it('replaces the window and drops any premiere for a new window', () => {
    const release = effectiveRelease(world.content.release, {
      kind: 'window',
      label: 'February 2027',
      start: '2027-02-01',
      end: '2027-02-28',
      source: 'Netflix',
      by: OPERATOR,
      at: '2026-12-06T10:00:00Z',
    });
    expect(release.premiere).toBeNull();
    expect(release.window).toMatchObject({ label: 'February 2027', start: '2027-02-01', end: '2027-02-28' });
    expect(release.window.reading).toMatch(/its own reading of the announced window/);
  });

  it('leaves the built-in cast as it is (the same array) without news', () => {
    expect(effectiveCast(world.content.cast, {})).toBe(world.content.cast);
  });
});

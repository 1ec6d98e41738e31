import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseNews } from '../../src/release/facts.js';
import { DEFAULT_ANNOUNCE_DELAY_MS } from '../../src/release/timeline.js';
import { timelineFeed } from '../../src/reminders/release-feed.js';
import { createWorld, OPERATOR, type World } from '../release/fixtures.js';

const START = '2026-12-06T10:00:00Z';
let world: World | undefined;
beforeEach(() => {
  world = undefined;
});
afterEach(() => world?.close());

const news: ReleaseNews = {
  kind: 'premiere',
  date: '2027-02-14',
  time: '20:00',
  timeZone: 'America/New_York',
  source: 'Netflix',
  by: OPERATOR,
  at: START,
};

describe('timelineFeed', () => {
  it.each([
    { announceDelayMs: DEFAULT_ANNOUNCE_DELAY_MS, dueAt: '2026-12-06T10:03:00Z' },
    { announceDelayMs: 20_000, dueAt: '2026-12-06T10:00:20Z' },
  ])(
    "makes the reminder of a change due with the servers' announcement, $announceDelayMs ms after it",
    async ({ announceDelayMs, dueAt }) => {
      world = await createWorld(START, { announceDelayMs });
      const bot = world.process();
      await bot.start();
      const feed = timelineFeed(bot.timeline);
      expect(feed.latestChange()).toBeNull();
      await bot.timeline.setRelease(OPERATOR, news, 'Netflix');
      // Lets the re-plan the change starts finish before the store closes.
      await bot.advanceTo(START);
      expect(feed.latestChange()).toEqual({ id: '1', dueAt: new Date(dueAt), source: 'Netflix' });
    },
  );
});

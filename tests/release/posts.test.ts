import { DiscordAPIError } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseNews } from '../../src/release/facts.js';
import type { EventWords } from '../../src/admin/countdown-event.js';
import {
  nextReleasePost,
  releaseNonce,
  releasePostsKey,
  wordsToRewrite,
  type ReleasePostsRecord,
} from '../../src/release/posts.js';
import { DEFAULT_ANNOUNCE_DELAY_MS } from '../../src/release/timeline.js';
import { REMIND_ME_ID } from '../../src/reminders/render.js';
import { CHANNEL, createWorld, GUILD, OPERATOR, ROLE, type World } from './fixtures.js';

const MOD = '500000000000000001';
let world: World;

beforeEach(async () => {
  world = await createWorld('2026-12-06T10:00:00Z');
});
afterEach(() => world.close());

const premiere = (
  date: string,
  time: string,
  timeZone: string,
  source = 'Netflix press release',
): ReleaseNews => ({
  kind: 'premiere',
  date,
  time,
  timeZone,
  source,
  by: OPERATOR,
  at: world.clock.now.toISOString(),
});

async function configured(options: { role?: boolean } = {}) {
  const bot = world.process();
  await bot.start();
  await bot.settings.update(GUILD, MOD, {
    countdownChannel: CHANNEL,
    countdownEnabled: true,
    ...(options.role === true ? { countdownRole: ROLE } : {}),
  });
  await bot.advanceTo(world.clock.now.toISOString());
  return bot;
}

const texts = () =>
  world.sent.map((post) => `${post.body.content ?? ''} ${JSON.stringify(post.body.embeds)}`);

/**
 * The announcement of a 14 February premiere corrected to 12 February before it went out: the 12th only, with the
 * date announced before both.
 */
function expectAboutTheSecondChangeOnly(text: string | undefined): void {
  expect(text).toContain(`<t:${Date.parse('2027-02-12T00:00:00Z') / 1000}:F>`);
  expect(text).not.toContain(`<t:${Date.parse('2027-02-15T01:00:00Z') / 1000}`);
  expect(text).toMatch(/Before.*late summer 2026/);
}

describe('after the operator sets a date', () => {
  it('resumes daily posts paused for want of a target, and announces the date once, three minutes later', async () => {
    const bot = await configured({ role: true });
    expect(await bot.countdown.status(GUILD)).toMatchObject({ state: 'idle' });

    await bot.timeline.setRelease(
      OPERATOR,
      premiere('2027-02-14', '20:00', 'America/New_York'),
      'Netflix press release',
    );
    await bot.advanceTo('2026-12-06T10:02:59Z');
    expect(world.sent).toHaveLength(0);
    expect(await bot.countdown.status(GUILD)).toMatchObject({ state: 'planned', date: '2026-12-07' });

    await bot.advanceTo('2026-12-06T10:03:00Z');
    expect(world.sent).toHaveLength(1);
    const [announcement] = world.sent;
    expect(announcement?.channelId).toBe(CHANNEL);
    expect(announcement?.body).toMatchObject({
      enforce_nonce: true,
      nonce: releaseNonce(GUILD, 'announce:1'),
      allowed_mentions: { parse: [], roles: [ROLE] },
    });
    const text = texts()[0] ?? '';
    expect(text).toContain(`<@&${ROLE}>`);
    expect(text).toContain(`<t:${Date.parse('2027-02-15T01:00:00Z') / 1000}:F>`);
    expect(text).toMatch(/Before.*late summer 2026/);
    expect(text).toMatch(/Source.*Netflix press release/);
    // Members who want reminders of the date can ask for them under the announcement.
    expect(JSON.stringify(announcement?.body.components)).toContain(`"custom_id":"${REMIND_ME_ID}"`);

    await bot.advanceTo('2026-12-06T10:30:00Z');
    const restarted = world.process();
    await restarted.start();
    await restarted.advanceTo('2026-12-06T10:31:00Z');
    expect(world.sent).toHaveLength(1);

    // The paused daily countdown posts come back the next morning.
    await restarted.advanceTo('2026-12-07T09:00:00Z');
    expect(world.sent).toHaveLength(2);
    expect(world.sent[1]?.body.content).toMatch(/to go/);
  });

  it('gives two changes a minute apart one announcement, about the latest, with what came before both', async () => {
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'first');
    await bot.advanceTo('2026-12-06T10:01:00Z');
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC', 'second'), 'second');
    await bot.advanceTo('2026-12-06T10:03:30Z');
    expect(world.sent).toHaveLength(0);
    await bot.advanceTo('2026-12-06T10:04:00Z');
    expect(world.sent).toHaveLength(1);
    expectAboutTheSecondChangeOnly(texts()[0]);
    await bot.advanceTo('2026-12-06T11:00:00Z');
    expect(world.sent).toHaveLength(1);
  });

  it('with a shorter delay, announces sooner and still gives changes made within it one announcement', async () => {
    await world.close();
    world = await createWorld('2026-12-06T10:00:00Z', { announceDelayMs: 30_000 });
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'first');
    await bot.advanceTo('2026-12-06T10:00:20Z');
    // A correction 20 s later, within the 30 s: announced with the first, 30 s after it.
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC', 'second'), 'second');
    await bot.advanceTo('2026-12-06T10:00:40Z');
    expect(world.sent).toHaveLength(0);
    await bot.advanceTo('2026-12-06T10:01:00Z');
    expect(world.sent).toHaveLength(1);
    expectAboutTheSecondChangeOnly(texts()[0]);

    // A change a minute after the last, past the delay, is news of its own: "before" is the date announced.
    await bot.timeline.setRelease(OPERATOR, premiere('2027-03-01', '00:00', 'Etc/UTC', 'third'), 'third');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    expect(world.sent).toHaveLength(2);
    const second = texts()[1] ?? '';
    expect(second).toContain(`<t:${Date.parse('2027-03-01T00:00:00Z') / 1000}:F>`);
    expect(second).toMatch(new RegExp(`Before.*<t:${Date.parse('2027-02-12T00:00:00Z') / 1000}`));
    expect(second).not.toMatch(/Before.*late summer 2026/);
    await bot.advanceTo('2026-12-06T11:00:00Z');
    expect(world.sent).toHaveLength(2);
  });

  it('sends nothing when the server turned announcements off', async () => {
    const bot = await configured();
    await bot.settings.update(GUILD, MOD, { countdownAnnouncements: false });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:10:00Z');
    expect(world.sent).toHaveLength(0);
  });

  it('stops the server posts after a 403 on the announcement, and the countdown status says why', async () => {
    const bot = await configured();
    world.failSends.push(
      new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'POST', '/x', {}),
    );
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:03:00Z');
    await bot.advanceTo('2026-12-07T09:00:00Z');
    expect(world.sent).toHaveLength(0);
    expect(await bot.countdown.status(GUILD)).toMatchObject({
      state: 'disabled',
      reason: { key: 'schedule.refused.missingPermissions' },
    });
  });

  it('retries a failed announcement next minute with the same nonce', async () => {
    const bot = await configured();
    world.failSends.push(new Error('socket hang up'));
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:03:00Z');
    expect(world.sent).toHaveLength(0);
    await bot.advanceTo('2026-12-06T10:04:00Z');
    expect(world.sent).toHaveLength(1);
    expect(world.sent[0]?.body.nonce).toBe(releaseNonce(GUILD, 'announce:1'));
  });
});

describe('at the premiere', () => {
  it('posts "out now" at the premiere minute, once, and the daily posts stop', async () => {
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2026-12-06', '10:10', 'Etc/UTC'), 'x');
    await bot.advanceTo('2026-12-06T10:03:00Z');
    expect(world.sent).toHaveLength(1);
    await bot.advanceTo('2026-12-06T10:09:59Z');
    expect(world.sent).toHaveLength(1);
    await bot.advanceTo('2026-12-06T10:10:00Z');
    expect(world.sent).toHaveLength(2);
    expect(world.sent[1]?.body.content).toMatch(/Out now/);
    // Nothing is left to remind of.
    expect(world.sent[1]?.body.components).toBeUndefined();
    await bot.advanceTo('2026-12-07T09:00:00Z');
    expect(world.sent).toHaveLength(2);
    expect(await bot.countdown.status(GUILD)).toMatchObject({
      state: 'idle',
      reason: { key: 'schedule.idle.premierePassed' },
    });
  });

  it('catches up an "out now" post missed while the bot was down for less than 6 hours', async () => {
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2026-12-06', '10:10', 'Etc/UTC'), 'x');
    await bot.advanceTo('2026-12-06T10:05:00Z');
    world.clock.now = new Date('2026-12-06T15:00:00Z');
    const restarted = world.process();
    await restarted.start();
    await restarted.advanceTo('2026-12-06T15:00:00Z');
    expect(world.sent.map((post) => post.body.content)).toEqual([
      expect.stringMatching(/premiere date/),
      expect.stringMatching(/Out now/),
    ]);
  });

  it('skips an "out now" post more than 6 hours late', async () => {
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2026-12-06', '10:10', 'Etc/UTC'), 'x');
    await bot.advanceTo('2026-12-06T10:05:00Z');
    const restarted = world.process();
    world.clock.now = new Date('2026-12-06T16:11:00Z');
    await restarted.start();
    await restarted.advanceTo('2026-12-06T16:11:00Z');
    expect(world.sent).toHaveLength(1);
  });

  it('posts "starting now" at a server\'s own date, which the operator\'s news leaves alone', async () => {
    const bot = await configured();
    await bot.settings.update(GUILD, MOD, {
      releaseDate: '2026-12-06',
      releaseTime: '18:00',
      releaseLabel: 'Watch party',
    });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:03:00Z');
    expect(texts()[0]).toMatch(/This server counts down to its own date.*Watch party/);
    await bot.advanceTo('2026-12-06T18:00:00Z');
    expect(world.sent[1]?.body.content).toMatch(/Starting now.*Watch party/);
    // Reminders follow the bot's release, not a server's own date: no Remind me button under it.
    expect(world.sent[1]?.body.components).toBeUndefined();
  });
});

describe("the server's event", () => {
  const EVENT = '600000000000000001';
  /** What /config countdown-event writes in an English server (an event's words name no date). */
  const englishWords = (): EventWords => ({
    name: 'Purple Hearts 2 premiere',
    description: "Purple Hearts 2: the countdown ends here. Created by the bot from this server's countdown.",
    location: world.content.release.studio,
  });
  const german = {
    name: 'Premiere von Purple Hearts 2',
    description:
      'Purple Hearts 2: Hier endet der Countdown. Vom Bot aus dem Countdown dieses Servers erstellt.',
  };
  const WATCH_PARTY = '🎬 Watch party in #general';

  /** An event /config countdown-event made for the premiere, as it is in Discord now (`changed` by moderators). */
  async function eventMade(bot: Awaited<ReturnType<typeof configured>>, changed: Partial<EventWords> = {}) {
    world.eventsInDiscord.set(EVENT, { ...englishWords(), ...changed });
    await bot.posts.rememberEvent(GUILD, {
      id: EVENT,
      start: new Date('2027-02-15T01:00:00Z'),
      own: false,
      words: englishWords(),
    });
  }

  /** A premiere set, and a minute later the event made; the next change moves it. */
  async function premiereWithEvent(changed: Partial<EventWords> = {}) {
    const bot = await configured();
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:01:00Z');
    await eventMade(bot, changed);
    return bot;
  }

  const storedEvent = async () => (await world.store.get<ReleasePostsRecord>(releasePostsKey(GUILD)))?.event;

  it('moves to the new date, and is cancelled when the date is withdrawn', async () => {
    const bot = await premiereWithEvent();
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC'), 'y');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    expect(world.eventCalls).toEqual([`move ${GUILD} ${EVENT} 2027-02-12T00:00:00.000Z`]);
    await bot.timeline.setRelease(OPERATOR, null, null);
    await bot.advanceTo('2026-12-06T10:03:00Z');
    expect(world.eventCalls).toEqual([
      `move ${GUILD} ${EVENT} 2027-02-12T00:00:00.000Z`,
      `cancel ${GUILD} ${EVENT}`,
    ]);
  });

  it("is re-worded in the server's language as it moves, and placed where the film comes out", async () => {
    const bot = await premiereWithEvent();
    await bot.settings.update(GUILD, MOD, { language: 'de' });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC'), 'y');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    const words = { ...german, location: world.content.release.studio };
    expect(world.eventMoves).toEqual([
      { ...words, start: new Date('2027-02-12T00:00:00Z'), end: new Date('2027-02-12T03:00:00Z') },
    ]);
    expect(world.eventsInDiscord.get(EVENT)).toEqual(words);
    expect((await storedEvent())?.words).toEqual(words);
  });

  it("keeps the name its moderators wrote in Discord through every move, while its time and the words still the bot's follow", async () => {
    const bot = await premiereWithEvent({ name: WATCH_PARTY });
    await bot.settings.update(GUILD, MOD, { language: 'de' });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC'), 'y');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-13', '00:00', 'Etc/UTC'), 'z');
    await bot.advanceTo('2026-12-06T10:03:00Z');
    const studio = world.content.release.studio;
    expect(world.eventMoves).toEqual([
      {
        description: german.description,
        location: studio,
        start: new Date('2027-02-12T00:00:00Z'),
        end: new Date('2027-02-12T03:00:00Z'),
      },
      {
        description: german.description,
        location: studio,
        start: new Date('2027-02-13T00:00:00Z'),
        end: new Date('2027-02-13T03:00:00Z'),
      },
    ]);
    expect(world.eventsInDiscord.get(EVENT)).toEqual({
      name: WATCH_PARTY,
      description: german.description,
      location: studio,
    });
  });

  it('rewrites, in a record made before the bot kept its words, only the words that read as the bot writes them', async () => {
    const bot = await premiereWithEvent({ description: 'Bring snacks.' });
    // As versions before this one stored it: no words.
    const record = (await world.store.get<ReleasePostsRecord>(releasePostsKey(GUILD))) ?? {};
    await world.store.set(releasePostsKey(GUILD), {
      ...record,
      event: { id: EVENT, start: '2027-02-15T01:00:00.000Z', own: false },
    });
    await bot.settings.update(GUILD, MOD, { language: 'de' });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC'), 'y');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    const studio = world.content.release.studio;
    expect(world.eventMoves).toEqual([
      {
        name: german.name,
        location: studio,
        start: new Date('2027-02-12T00:00:00Z'),
        end: new Date('2027-02-12T03:00:00Z'),
      },
    ]);
    expect(world.eventsInDiscord.get(EVENT)).toEqual({
      name: german.name,
      description: 'Bring snacks.',
      location: studio,
    });
  });

  it('is forgotten when it was deleted in Discord, and the release is still announced', async () => {
    const bot = await premiereWithEvent();
    world.eventsInDiscord.delete(EVENT);
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-12', '00:00', 'Etc/UTC'), 'y');
    await bot.advanceTo('2026-12-06T10:02:00Z');
    expect(await storedEvent()).toBeUndefined();
    await bot.advanceTo('2026-12-06T10:04:00Z');
    expect(texts()).toHaveLength(1);
    expect(texts()[0]).toContain(`<t:${Date.parse('2027-02-12T00:00:00Z') / 1000}:F>`);
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-13', '00:00', 'Etc/UTC'), 'z');
    await bot.advanceTo('2026-12-06T10:05:00Z');
    expect(world.eventCalls).toEqual([]);
  });

  it("is left alone when it was made for the server's own date", async () => {
    const bot = await configured();
    world.eventsInDiscord.set('600000000000000002', englishWords());
    await bot.posts.rememberEvent(GUILD, {
      id: '600000000000000002',
      start: new Date('2027-01-01T00:00:00Z'),
      own: true,
      words: englishWords(),
    });
    await bot.timeline.setRelease(OPERATOR, premiere('2027-02-14', '20:00', 'America/New_York'), 'x');
    await bot.advanceTo('2026-12-06T10:01:00Z');
    expect(world.eventCalls).toEqual([]);
  });
});

describe('wordsToRewrite', () => {
  const plan = { name: 'Premiere', description: 'New words', location: 'Netflix' };
  const bot = { name: 'Premiere', description: 'Old words', location: 'Netflix' };

  it('rewrites the fields that read as one of the wordings the bot wrote, and leaves the others', () => {
    const inDiscord = { name: 'Watch party', description: 'Old words', location: 'Netflix' };
    expect(wordsToRewrite(plan, inDiscord, [bot])).toEqual({ description: 'New words', location: 'Netflix' });
    const german = { name: 'Premiere', description: 'Alte Worte', location: 'Netflix' };
    expect(wordsToRewrite(plan, { ...inDiscord, description: 'Alte Worte' }, [bot, german])).toEqual({
      description: 'New words',
      location: 'Netflix',
    });
    expect(wordsToRewrite(plan, { name: 'a', description: '', location: 'b' }, [bot, german])).toEqual({});
  });
});

describe('nextReleasePost', () => {
  const on = { countdownEnabled: true, countdownChannel: CHANNEL, countdownAnnouncements: true };
  const window = {
    kind: 'window',
    start: '2026-08-01',
    end: '2026-09-22',
    label: 'x',
    reading: 'y',
    from: 'article',
  } as const;
  const now = new Date('2026-12-06T10:00:00Z');

  it('plans nothing while countdown posts are off', () => {
    const change = { revision: 1, at: now.toISOString() };
    expect(
      nextReleasePost({
        settings: { ...on, countdownEnabled: false },
        target: window,
        change,
        announceDelayMs: DEFAULT_ANNOUNCE_DELAY_MS,
        record: {},
        now,
      }),
    ).toBeUndefined();
  });

  it('plans an announcement three minutes after the change by default, unless it was handled', () => {
    const change = { revision: 2, at: now.toISOString() };
    const announceDelayMs = DEFAULT_ANNOUNCE_DELAY_MS;
    expect(
      nextReleasePost({ settings: on, target: window, change, announceDelayMs, record: {}, now }),
    ).toEqual({
      key: 'announce:2',
      kind: 'announce',
      at: new Date('2026-12-06T10:03:00Z'),
    });
    expect(
      nextReleasePost({
        settings: on,
        target: window,
        change,
        announceDelayMs,
        record: { announced: 2 },
        now,
      }),
    ).toBeUndefined();
  });

  it('plans the announcement the configured delay after the change', () => {
    const change = { revision: 2, at: now.toISOString() };
    for (const [announceDelayMs, at] of [
      [20_000, '2026-12-06T10:00:20Z'],
      [0, '2026-12-06T10:00:00Z'],
      [3_600_000, '2026-12-06T11:00:00Z'],
    ] as const) {
      expect(
        nextReleasePost({ settings: on, target: window, change, announceDelayMs, record: {}, now })?.at,
      ).toEqual(new Date(at));
    }
  });
});

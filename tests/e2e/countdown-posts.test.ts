import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import KeyvSqlite from '@keyv/sqlite';
import type { RunningBot } from '../../src/bot.js';
import {
  type CommandOption,
  DEFAULT_IDS,
  defaultGuild,
  defaultUsers,
  messageBody,
  PermissionBits,
  snowflake,
  str,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

const general = DEFAULT_IDS.generalChannel;
const pingRole = snowflake();
let harness: Harness;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  const guild = defaultGuild();
  guild.roles.push({
    id: pingRole,
    name: 'Countdown Fans',
    permissions: '0',
    position: 1,
    mentionable: true,
  });
  harness = await createHarness({ guilds: [guild] });
  clock = new Date('2026-11-25T10:00:00Z');
});
afterEach(() => harness.close());

const config = (sub: string, options: CommandOption[] = []) =>
  harness.fake.command(`config ${sub}`, options, { user: defaultUsers.moderator });

/** Moves the injected clock on and lets the scheduler's minute tick run, as node-cron would. */
async function advanceTo(bot: RunningBot, iso: string): Promise<void> {
  await bot.countdown.idle();
  clock = new Date(iso);
  bot.countdown.tick();
  await bot.countdown.idle();
}

async function setUpCountdown(): Promise<void> {
  await config('release', [
    str('date', '2027-02-14'),
    str('time', '20:00'),
    str('timezone', 'America/New_York'),
  ]);
  const { reply } = await config('countdown', [
    { name: 'channel', type: 7, value: general },
    str('time', '10:01'),
    { name: 'enabled', type: 5, value: true },
  ]);
  expect(reply.data?.content).toMatch(/Saved/);
}

describe('scheduled countdown posts', () => {
  it('posts once at the local time set a minute ahead, and not again after a restart', async () => {
    const bot = await harness.start({ now });
    await setUpCountdown();
    await advanceTo(bot, '2026-11-25T10:00:40Z');
    expect(harness.fake.channelMessages(general)).toHaveLength(0);

    await advanceTo(bot, '2026-11-25T10:01:00Z');
    const posts = harness.fake.channelMessages(general);
    expect(posts).toHaveLength(1);
    const request = harness.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
    );
    expect(request?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [], roles: [] } });
    expect(typeof messageBody(request).nonce).toBe('string');
    expect(JSON.stringify(posts[0])).toMatch(/<t:\d+:R>/);

    await bot.stop();
    const restarted = await harness.start({ now });
    await advanceTo(restarted, '2026-11-25T10:05:00Z');
    await advanceTo(restarted, '2026-11-25T23:59:00Z');
    expect(harness.fake.channelMessages(general)).toHaveLength(1);

    await advanceTo(restarted, '2026-11-26T10:01:00Z');
    expect(harness.fake.channelMessages(general)).toHaveLength(2);
  });

  it('pings the configured role, and only it', async () => {
    const bot = await harness.start({ now });
    await setUpCountdown();
    await config('countdown', [{ name: 'role', type: 8, value: pingRole }]);
    await advanceTo(bot, '2026-11-25T10:01:00Z');
    const [post] = harness.fake.channelMessages(general);
    expect(post?.content).toContain(`<@&${pingRole}>`);
    const request = harness.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
    );
    expect(messageBody(request).allowed_mentions).toEqual({ parse: [], roles: [pingRole] });
  });

  it('stops posting after a 403, never retries, and /config check says why', async () => {
    const bot = await harness.start({ now });
    await setUpCountdown();
    harness.fake.failNext(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
      1,
    );
    await advanceTo(bot, '2026-11-25T10:01:00Z');
    for (const day of ['26', '27', '28']) await advanceTo(bot, `2026-11-${day}T10:01:00Z`);
    const attempts = harness.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
    );
    expect(attempts).toHaveLength(1);
    expect(harness.fake.channelMessages(general)).toHaveLength(0);

    const { reply } = await config('check');
    expect(JSON.stringify(reply.data?.embeds)).toMatch(/Countdown posts stopped .*Missing Permissions/);
    const show = await config('show');
    expect(JSON.stringify(show.reply.data?.embeds)).toMatch(/Posts stopped because .*Missing Permissions/);

    // A moderator who fixed the channel turns posts back on; the next day's post comes.
    await config('countdown', [{ name: 'enabled', type: 5, value: true }, str('time', '10:02')]);
    await advanceTo(bot, '2026-11-29T10:02:00Z');
    expect(harness.fake.channelMessages(general)).toHaveLength(1);
  });

  it('idles while the release window has passed and no date is set, and says so', async () => {
    const bot = await harness.start({ now });
    await config('countdown', [
      { name: 'channel', type: 7, value: general },
      str('time', '10:01'),
      { name: 'enabled', type: 5, value: true },
    ]);
    await advanceTo(bot, '2026-11-25T10:01:00Z');
    expect(harness.fake.channelMessages(general)).toHaveLength(0);
    const { reply } = await config('check');
    expect(JSON.stringify(reply.data?.embeds)).toMatch(
      /No countdown post is planned: The release window has passed and no date is known yet/,
    );
  });
});

describe('/config countdown-event', () => {
  it('refuses while there is only a release window, with no exact date', async () => {
    await harness.start({ now });
    const { reply } = await config('countdown-event', []);
    expect(reply.data?.content).toMatch(/There is no exact date yet \(only "late summer 2026"\)/);
    expect(harness.fake.guildScheduledEvents(DEFAULT_IDS.guild)).toEqual([]);
  });

  it("creates an external event with a location and an end time for the server's date", async () => {
    await harness.start({ now });
    await config('release', [str('date', '2027-02-14'), str('time', '20:00'), str('label', 'Watch party')]);
    const { reply } = await config('countdown-event', []);
    expect(reply.data?.content).toMatch(/Created the event \*\*Watch party\*\* for <t:\d+:F>/);
    const [event] = harness.fake.guildScheduledEvents(DEFAULT_IDS.guild);
    expect(event).toMatchObject({
      name: 'Watch party',
      entity_type: 3,
      entity_metadata: { location: 'This server' },
      scheduled_start_time: '2027-02-14T20:00:00.000Z',
      scheduled_end_time: '2027-02-14T23:00:00.000Z',
    });
  });
});

describe('/config countdown-event in a German server', () => {
  it("words the event in the server's language and answers the moderator in theirs", async () => {
    await harness.start({ now });
    await config('language', [str('language', 'de')]);
    await config('release', [str('date', '2027-02-14'), str('time', '20:00')]);
    const { reply } = await config('countdown-event', []);
    expect(reply.data?.content).toMatch(
      /^Created the event \*\*Purple Hearts 2 \(Datum dieses Servers\)\*\*/,
    );
    const [event] = harness.fake.guildScheduledEvents(DEFAULT_IDS.guild);
    expect(event).toMatchObject({
      name: 'Purple Hearts 2 (Datum dieses Servers)',
      description:
        'Purple Hearts 2: Hier endet der Countdown. Vom Bot aus dem Countdown dieses Servers erstellt.',
      entity_metadata: { location: 'Dieser Server' },
    });
  });
});

describe('/config countdown-event without the permission', () => {
  it('says which permission is missing', async () => {
    await harness.close();
    const guild = defaultGuild();
    const botRole = guild.roles.find((role) => role.id === DEFAULT_IDS.botRole)!;
    botRole.permissions = (
      BigInt(botRole.permissions) & ~(PermissionBits.ManageEvents | PermissionBits.CreateEvents)
    ).toString();
    harness = await createHarness({ guilds: [guild] });
    await harness.start({ now });
    await config('release', [str('date', '2027-02-14')]);
    const { reply } = await config('countdown-event', []);
    expect(reply.data?.content).toMatch(/I need the \*\*Create Events\*\* permission/);
    expect(harness.fake.guildScheduledEvents(DEFAULT_IDS.guild)).toEqual([]);
  });
});

describe('a server that removed the bot', () => {
  /** Every key in the store that belongs to the default server, straight from the SQLite table. */
  async function keysOfServer(): Promise<string[]> {
    const raw = new KeyvSqlite({ uri: harness.config.storeUrl });
    try {
      const rows = await raw.query('SELECT key FROM keyv WHERE key LIKE ?', `%${DEFAULT_IDS.guild}%`);
      return (rows as { key: string }[]).map((row) => row.key).sort();
    } finally {
      await raw.disconnect();
    }
  }

  it('keeps its settings, history, post schedules and trivia for 30 days, then deletes every one of them', async () => {
    const first = await harness.start({ now });
    await setUpCountdown();
    const qotd = await harness.fake.chatInput({
      name: 'config',
      options: [
        {
          name: 'qotd',
          type: 1,
          options: [
            { name: 'channel', type: 7, value: general },
            str('time', '10:01'),
            str('timezone', 'UTC'),
            { name: 'enabled', type: 5, value: true },
          ],
        },
      ],
      user: defaultUsers.moderator,
    });
    expect(qotd.reply.data?.content).toMatch(/Saved/);
    await advanceTo(first, '2026-11-25T10:01:00Z');
    const questions = first.qotd;
    questions.tick();
    await questions.idle();
    expect(harness.fake.channelMessages(general)).toHaveLength(2);
    harness.fake.removeGuild(DEFAULT_IDS.guild);
    await expect.poll(() => first.client.guilds.cache.has(DEFAULT_IDS.guild)).toBe(false);
    await first.stop();
    const stored = await keysOfServer();
    expect(stored).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/settings:/),
        expect.stringMatching(/schedule:countdown:/),
        expect.stringMatching(/schedule:qotd:/),
        expect.stringMatching(/trivia:/),
      ]),
    );

    // The clean-up also runs at start-up: 29 days later everything is still there, in case the bot comes back.
    clock = new Date('2026-12-24T10:00:00Z');
    await (await harness.start({ now })).stop();
    expect(await keysOfServer()).toEqual(stored);

    clock = new Date('2026-12-26T10:00:00Z');
    await (await harness.start({ now })).stop();
    expect(await keysOfServer()).toEqual([]);
  });
});

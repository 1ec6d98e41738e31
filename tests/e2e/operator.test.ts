import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { StoreUnavailableError } from '../../src/errors.js';
import { t } from '../../src/i18n/index.js';
import { releasePostsKey, type ReleasePostsRecord } from '../../src/release/posts.js';
import { CHOOSE_ID, REMIND_ME_ID } from '../../src/reminders/render.js';
import {
  customIdsOf,
  DEFAULT_IDS,
  defaultGuild,
  defaultUsers,
  embedOf,
  isEphemeral,
  makeGuild,
  type FakeGuild,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

/** The operator's own server; the default guild and a second one are fan servers. */
const operatorGuild: FakeGuild = makeGuild('Bot HQ');
const secondGuild: FakeGuild = makeGuild('Second Fans');
const fanGuilds = [DEFAULT_IDS.guild, secondGuild.id];
const channelOf = (guildId: string): string =>
  guildId === DEFAULT_IDS.guild ? DEFAULT_IDS.generalChannel : (secondGuild.channels[0]?.id ?? '');

let harness: Harness;
let clock: Date;
const now = () => clock;
const env = { OPERATOR_GUILD_ID: operatorGuild.id };

beforeEach(async () => {
  harness = await createHarness({ guilds: [defaultGuild(), secondGuild, operatorGuild] });
  clock = new Date('2027-01-10T10:00:00Z');
});
afterEach(() => harness.close());

type Option = { name: string; type: number; value: string };
const str = (name: string, value: string): Option => ({ name, type: 3, value });

function operator(options: unknown[], opts: { guildId?: string; user?: typeof defaultUsers.owner } = {}) {
  return harness.fake.chatInput({
    name: 'operator',
    guildId: opts.guildId ?? operatorGuild.id,
    user: opts.user ?? defaultUsers.owner,
    options: options as never,
  });
}
const setWindow = (label: string, start: string, end: string, source: string) =>
  operator([
    {
      name: 'release',
      type: 2,
      options: [
        {
          name: 'window',
          type: 1,
          options: [str('label', label), str('start', start), str('end', end), str('source', source)],
        },
      ],
    },
  ]);
const setPremiere = (date: string, time: string, source: string) =>
  operator([
    {
      name: 'release',
      type: 2,
      options: [
        {
          name: 'set',
          type: 1,
          options: [str('date', date), str('time', time), str('timezone', 'Etc/UTC'), str('source', source)],
        },
      ],
    },
  ]);

/** Lets re-plans and posts finish, moves the clock on and ticks as the minutely clock does. */
async function advanceTo(bot: RunningBot, iso: string): Promise<void> {
  await Promise.all([bot.countdown.idle(), bot.releasePosts.idle()]);
  clock = new Date(iso);
  bot.countdown.tick();
  bot.releasePosts.tick();
  await Promise.all([bot.countdown.idle(), bot.releasePosts.idle()]);
}

async function turnOnCountdowns(bot: RunningBot): Promise<void> {
  for (const guildId of fanGuilds) {
    await bot.settings.update(guildId, DEFAULT_IDS.moderator, {
      countdownChannel: channelOf(guildId),
      countdownEnabled: true,
    });
  }
  await advanceTo(bot, clock.toISOString());
}

const WATCH_PARTY = '🎬 Watch party in #general';

const posts = (guildId: string) => harness.fake.channelMessages(channelOf(guildId));

describe('/operator', () => {
  it('is registered in the operator server only, and refuses everyone but the operator', async () => {
    await harness.start({ now, env });
    const names = (list: Array<{ name: string }>) => list.map((command) => command.name);
    expect(names(harness.fake.commands(operatorGuild.id))).toEqual(['operator']);
    expect(names(harness.fake.commands())).not.toContain('operator');
    expect(harness.fake.commands(DEFAULT_IDS.guild)).toEqual([]);

    const stranger = await operator([{ name: 'status', type: 1, options: [] }], { user: defaultUsers.fan });
    expect(isEphemeral(stranger.reply.data)).toBe(true);
    expect(stranger.reply.data?.content).toBe(t('en', 'operator.refusal.notOperator'));

    // Even the operator, in another server (a forged or stale command), is refused.
    const elsewhere = await operator([{ name: 'status', type: 1, options: [] }], {
      guildId: DEFAULT_IDS.guild,
    });
    expect(elsewhere.reply.data?.content).toMatch(/only works in the bot operator's own server/);
    expect((await setPremiere('2027-01-10', '10:20', 'x')).reply.data?.content).toMatch(/^Saved/);
  });

  it('is not registered at all without OPERATOR_GUILD_ID', async () => {
    await harness.start({ now });
    expect(harness.fake.commands(operatorGuild.id)).toEqual([]);
    expect(harness.fake.commands().map((command: { name: string }) => command.name)).not.toContain(
      'operator',
    );
  });

  it('keeps the old facts in force during a store outage, and tells the operator so', async () => {
    const bot = await harness.start({ now, env });
    expect((await setPremiere('2027-02-14', '20:00', 'Netflix')).reply.data?.content).toMatch(/^Saved/);
    // The store stops taking writes under the running bot (as when Redis goes away).
    const set = bot.store.set.bind(bot.store);
    bot.store.set = () => Promise.reject(new StoreUnavailableError('the store failed: connection lost'));
    const { reply } = await setPremiere('2027-03-01', '20:00', 'Netflix again');
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(
      /store is unavailable, so nothing changed.*facts in force before \(revision 1\)/,
    );
    bot.store.set = set;
    const countdown = await harness.fake.chatInput({ name: 'countdown', guildId: secondGuild.id });
    expect(JSON.stringify(countdown.reply.data?.embeds)).toContain(
      `<t:${Date.UTC(2027, 1, 14, 20, 0) / 1000}:F>`,
    );
    expect(bot.release.current().revision).toBe(1);
  });

  it('refuses bad input like /config, and changes nothing', async () => {
    const bot = await harness.start({ now, env });
    const { reply } = await setPremiere('2026-02-30', '20:00', 'Netflix');
    expect(reply.data?.content).toMatch(/must be a date written YYYY-MM-DD/);
    const mention = await setPremiere('2027-02-14', '20:00', 'ping @everyone');
    expect(mention.reply.data?.content).toMatch(/cannot contain mentions/);
    expect(bot.release.current().revision).toBe(0);
  });
});

describe('a date set a few minutes ahead', () => {
  it("is announced once in every configured server, moves the event keeping a moderator's own name, survives a restart and comes out at its minute", async () => {
    const bot = await harness.start({ now, env });
    await turnOnCountdowns(bot);
    expect(await bot.countdown.status(DEFAULT_IDS.guild)).toMatchObject({ state: 'idle' });

    expect((await setPremiere('2027-01-10', '10:20', 'Netflix (first post)')).reply.data?.content).toMatch(
      /^Saved/,
    );
    const event = await harness.fake.chatInput({
      name: 'config',
      options: [{ name: 'countdown-event', type: 1, options: [] }],
      user: defaultUsers.moderator,
    });
    expect(event.reply.data?.content).toMatch(/^Created the event/);
    // A moderator renames it in Discord for the server's watch party.
    const [created] = harness.fake.guildScheduledEvents(DEFAULT_IDS.guild);
    harness.fake.editScheduledEvent(DEFAULT_IDS.guild, created?.id ?? '', { name: WATCH_PARTY });
    // The second server's event was deleted in Discord since it was made.
    await bot.releasePosts.rememberEvent(secondGuild.id, {
      id: '900000000000000001',
      start: new Date('2027-01-10T10:20:00Z'),
      own: false,
      words: { name: 'Purple Hearts 2 premiere', description: 'x', location: 'Netflix' },
    });
    await advanceTo(bot, '2027-01-10T10:01:00Z');

    // A correction a minute later: one announcement, about it; the event follows, with the moderator's name.
    await setPremiere('2027-01-10', '10:15', 'Netflix Tudum');
    await advanceTo(bot, '2027-01-10T10:01:30Z');
    const [moved] = harness.fake.guildScheduledEvents(DEFAULT_IDS.guild);
    expect(moved).toMatchObject({
      name: WATCH_PARTY,
      description: created?.description,
      entity_metadata: { location: created?.entity_metadata?.location },
      scheduled_start_time: '2027-01-10T10:15:00.000Z',
      scheduled_end_time: '2027-01-10T13:15:00.000Z',
    });
    // The deleted one is forgotten, and that server's announcement still comes (below).
    const second = await bot.store.get<ReleasePostsRecord>(releasePostsKey(secondGuild.id));
    expect(second?.event).toBeUndefined();
    expect(await bot.countdown.status(DEFAULT_IDS.guild)).toMatchObject({ state: 'planned' });

    await advanceTo(bot, '2027-01-10T10:03:59Z');
    for (const guildId of fanGuilds) expect(posts(guildId)).toHaveLength(0);
    await advanceTo(bot, '2027-01-10T10:04:00Z');
    for (const guildId of fanGuilds) {
      expect(posts(guildId)).toHaveLength(1);
      expect(JSON.stringify(posts(guildId)[0])).toMatch(/Netflix Tudum/);
      expect(JSON.stringify(posts(guildId)[0])).toContain(
        `<t:${Date.parse('2027-01-10T10:15:00Z') / 1000}:F>`,
      );
      expect(customIdsOf(posts(guildId)[0])).toEqual([REMIND_ME_ID]);
    }
    // A member asks for reminders of the date straight from the announcement, privately.
    const menu = await harness.fake.button({
      customId: REMIND_ME_ID,
      message: posts(DEFAULT_IDS.guild)[0]!,
      user: defaultUsers.fan,
    });
    expect(isEphemeral(menu.reply.data)).toBe(true);
    expect(customIdsOf(menu.reply.data)).toEqual([CHOOSE_ID]);

    await bot.stop();
    const restarted = await harness.start({ now, env });
    await advanceTo(restarted, '2027-01-10T10:06:00Z');
    for (const guildId of fanGuilds) expect(posts(guildId)).toHaveLength(1);

    const countdown = await harness.fake.chatInput({ name: 'countdown', guildId: secondGuild.id });
    expect(JSON.stringify(countdown.reply.data?.embeds)).toMatch(
      /Where this comes from.*Source: Netflix Tudum\. Last updated <t:\d+:R> by the bot's operator/,
    );

    await advanceTo(restarted, '2027-01-10T10:14:59Z');
    for (const guildId of fanGuilds) expect(posts(guildId)).toHaveLength(1);
    await advanceTo(restarted, '2027-01-10T10:15:00Z');
    for (const guildId of fanGuilds) {
      expect(posts(guildId)).toHaveLength(2);
      expect(posts(guildId)[1]?.content).toMatch(/Out now/);
      expect(customIdsOf(posts(guildId)[1])).toEqual([]);
    }
    await advanceTo(restarted, '2027-01-11T09:00:00Z');
    for (const guildId of fanGuilds) expect(posts(guildId)).toHaveLength(2);
    // The operator's server has no countdown posts set up: nothing was posted there.
    expect(harness.fake.channelMessages(operatorGuild.channels[0]?.id ?? '')).toHaveLength(0);

    const check = await harness.fake.chatInput({
      name: 'config',
      options: [{ name: 'check', type: 1, options: [] }],
      user: defaultUsers.moderator,
    });
    expect(JSON.stringify(check.reply.data?.embeds)).toMatch(
      /is out since <t:\d+:F>: the daily countdown posts have stopped/,
    );

    const history = await operator([{ name: 'history', type: 1, options: [] }]);
    const lines = String(history.reply.data?.embeds?.[0]?.description).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /premiere <t:\d+:F> \(entered as 10 January 2027, 10:20 Etc\/UTC\) → premiere <t:\d+:F> \(entered as 10 January 2027, 10:15 Etc\/UTC\) · source: Netflix Tudum/,
    );
    const status = await operator([{ name: 'status', type: 1, options: [] }]);
    expect(JSON.stringify(status.reply.data?.embeds)).toMatch(/Shard 0: read revision 2 <t:\d+:R>/);
  });

  it("credits a new window to the operator's news in /countdown, not to the article, with its source once", async () => {
    await harness.start({ now, env });
    expect(
      (await setWindow('February 2027', '2027-02-01', '2027-02-28', 'Netflix Tudum')).reply.data?.content,
    ).toMatch(/^Saved/);
    const countdown = await harness.fake.chatInput({ name: 'countdown', guildId: secondGuild.id });
    const embed = embedOf(countdown.reply.data);
    expect(embed.description).toMatch(
      /^The latest news the bot was given says \*\*February 2027\*\* for the release\./,
    );
    const shown = JSON.stringify(embed);
    expect(shown).not.toMatch(/article/i);
    expect(shown.split('Netflix Tudum')).toHaveLength(2);
    expect(shown).toMatch(/Where this comes from.*Source: Netflix Tudum\./);

    const check = await harness.fake.chatInput({
      name: 'config',
      options: [{ name: 'check', type: 1, options: [] }],
      user: defaultUsers.moderator,
    });
    const checked = JSON.stringify(check.reply.data?.embeds);
    expect(checked).toContain('The countdown counts down to **February 2027**, no day announced');
    expect(checked).toMatch(/Source: Netflix Tudum\. Last updated <t:\d+:R> by the bot's operator/);
    expect(checked).not.toMatch(/announcement article/);
  });

  it('answers an operator whose Discord is in German in German, the source as typed', async () => {
    const bot = await harness.start({ now, env });
    const german = (options: unknown[]) =>
      harness.fake.chatInput({
        name: 'operator',
        guildId: operatorGuild.id,
        user: defaultUsers.owner,
        locale: 'de',
        options: options as never,
      });
    const saved = await german([
      {
        name: 'release',
        type: 2,
        options: [
          {
            name: 'set',
            type: 1,
            options: [
              str('date', '2027-02-14'),
              str('time', '20:00'),
              str('timezone', 'Etc/UTC'),
              str('source', 'Netflix Tudum'),
            ],
          },
        ],
      },
    ]);
    expect(isEphemeral(saved.reply.data)).toBe(true);
    expect(saved.reply.data?.content).toMatch(
      /^Gespeichert: Zeitfenster \*\*Spätsommer 2026\*\* \(1\. August 2026 bis 22\. September 2026, eingebaut\) → Premiere <t:\d+:F> \(eingegeben als 14\. Februar 2027, 20:00 Etc\/UTC\)\.\nJeder Shard/,
    );
    await bot.release.poll(); // as the 15-second timer does
    const status = await german([{ name: 'status', type: 1, options: [] }]);
    expect(isEphemeral(status.reply.data)).toBe(true);
    const embed = embedOf(status.reply.data);
    expect(embed.title).toBe('Was der Bot jetzt für gültig hält (Revision 1)');
    expect(JSON.stringify(embed.fields)).toMatch(/Quelle: Netflix Tudum · gesetzt <t:\d+:R> von <@\d+>/);
    expect(JSON.stringify(embed.fields)).toMatch(/Shard 0: hat Revision 1 gelesen, <t:\d+:R>/);
    const refused = await german([
      {
        name: 'release',
        type: 2,
        options: [
          {
            name: 'window',
            type: 1,
            options: [
              str('label', 'Februar 2027'),
              str('start', '2027-02-28'),
              str('end', '2027-02-01'),
              str('source', 'x'),
            ],
          },
        ],
      },
    ]);
    expect(refused.reply.data?.content).toBe(
      'Das Zeitfenster muss spätestens an seinem letzten Tag beginnen; angegeben war 2027-02-28 bis 2027-02-01.',
    );
    // Someone else in the operator's server is refused in their own language too.
    const stranger = await harness.fake.chatInput({
      name: 'operator',
      guildId: operatorGuild.id,
      user: defaultUsers.fan,
      locale: 'pt-BR',
      options: [{ name: 'status', type: 1, options: [] }] as never,
    });
    expect(stranger.reply.data?.content).toBe(t('pt-BR', 'operator.refusal.notOperator'));
  });

  it('shows cast news in /cast with its source', async () => {
    await harness.start({ now, env });
    const picked = await harness.fake.autocomplete({
      name: 'operator',
      guildId: operatorGuild.id,
      user: defaultUsers.owner,
      options: [
        {
          name: 'cast',
          type: 2,
          options: [
            {
              name: 'status',
              type: 1,
              options: [{ name: 'person', type: 3, value: 'sofia', focused: true }],
            },
          ],
        },
      ],
    });
    const personId = String(picked.reply.data?.choices?.[0]?.value);
    const { reply } = await operator([
      {
        name: 'cast',
        type: 2,
        options: [
          {
            name: 'status',
            type: 1,
            options: [
              str('person', personId),
              str('status', 'not-in-film'),
              str('source', 'Netflix denied it'),
            ],
          },
        ],
      },
    ]);
    expect(reply.data?.content).toMatch(/^Saved/);
    const cast = await harness.fake.chatInput({ name: 'cast', options: [str('person', personId)] });
    expect(JSON.stringify(cast.reply.data?.embeds)).toMatch(/Not in the film: Netflix denied it/);
  });
});

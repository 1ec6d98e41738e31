import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removalIndexKey } from '../../src/settings/retention.js';
import { guildSettingsKey } from '../../src/settings/service.js';
import type { RunningBot } from '../../src/bot.js';
import {
  ChannelTypes,
  type CommandOption,
  customIdsOf,
  DEFAULT_IDS,
  defaultGuild,
  defaultUsers,
  embedOf,
  isEphemeral,
  makeGuild,
  optionsOf,
  PermissionBits,
  snowflake,
  str,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

const guildId = DEFAULT_IDS.guild;
const helpersRole = snowflake();
const managedRole = DEFAULT_IDS.botRole;
const readOnlyChannel = snowflake();

/** The default guild plus a "Helpers" role (no permissions) held by otherFan, and a channel the bot can't post in. */
function testGuild() {
  const guild = defaultGuild();
  guild.roles.push({ id: helpersRole, name: 'Helpers', permissions: '0', position: 1, mentionable: false });
  guild.channels.push({
    id: readOnlyChannel,
    type: ChannelTypes.GuildText,
    name: 'rules',
    guild_id: guildId,
    position: 3,
    permission_overwrites: [
      { id: guildId, type: 0, allow: '0', deny: PermissionBits.SendMessages.toString() },
    ],
  });
  const otherFan = guild.members?.find((member) => member.user.id === defaultUsers.otherFan.id);
  if (otherFan) otherFan.roles = [helpersRole];
  return guild;
}

let harness: Harness;
let bot: RunningBot;
beforeAll(async () => {
  harness = await createHarness({ guilds: [testGuild()] });
  bot = await harness.start();
});
afterAll(() => harness.close());

const config = (sub: string, options: CommandOption[] = [], user = defaultUsers.moderator) =>
  harness.fake.command(`config ${sub}`, options, { user });
const countdown = (options: CommandOption[], user = defaultUsers.moderator) =>
  config('countdown', options, user);
const settingsNow = () => bot.context.settings.get(guildId);

describe('/config', () => {
  it('is registered server-only, hidden by default from members without Manage Server', () => {
    const registered = harness.fake.commands().find((command) => command.name === 'config');
    expect(registered?.contexts).toEqual([0]);
    expect(registered?.default_member_permissions).toBe(PermissionBits.ManageGuild.toString());
    expect(optionsOf(registered).map((option) => option.name)).toEqual(
      expect.arrayContaining([
        'show',
        'reset',
        'history',
        'check',
        'mod-role',
        'countdown',
        'release',
        'countdown-event',
      ]),
    );
    const release = optionsOf(registered).find((option) => option.name === 'release');
    expect(optionsOf(release).map((option) => option.name)).toEqual(['date', 'time', 'timezone', 'label']);
  });

  it('refuses a member without Manage Server or the moderator role, and changes nothing', async () => {
    for (const sub of ['show', 'history', 'check']) {
      const { reply } = await config(sub, [], defaultUsers.fan);
      expect(isEphemeral(reply.data)).toBe(true);
      expect(reply.data?.content).toMatch(/Only members with the Manage Server permission/);
    }
    const { reply } = await countdown([str('time', '18:30')], defaultUsers.fan);
    expect(reply.data?.content).toMatch(/Only members with the Manage Server permission/);
    expect((await settingsNow()).countdownTime).toBe('09:00');
  });

  it('sets the countdown and confirms what changed, without pinging', async () => {
    const { reply } = await countdown([
      { name: 'channel', type: 7, value: DEFAULT_IDS.generalChannel },
      str('time', '9:05'),
      str('timezone', 'europe/london'),
      { name: 'enabled', type: 5, value: true },
    ]);
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
    expect(reply.data?.content).toMatch(/Saved\./);
    expect(reply.data?.content).toMatch(/Countdown time\*\*: `09:00` → `09:05`/);
    expect(await settingsNow()).toMatchObject({
      countdownChannel: DEFAULT_IDS.generalChannel,
      countdownTime: '09:05',
      countdownTimezone: 'Europe/London',
      countdownEnabled: true,
    });
  });

  it('lets a member with the moderator role in once Manage Server has set it', async () => {
    const before = await countdown([str('time', '10:00')], defaultUsers.otherFan);
    expect(before.reply.data?.content).toMatch(/Only members with the Manage Server permission/);

    const refused = await config(
      'mod-role',
      [{ name: 'role', type: 8, value: helpersRole }],
      defaultUsers.otherFan,
    );
    expect(refused.reply.data?.content).toMatch(/Only members/);
    const set = await config('mod-role', [{ name: 'role', type: 8, value: helpersRole }]);
    expect(set.reply.data?.content).toMatch(/Moderator role\*\*: not set → <@&\d+>/);

    const after = await countdown([str('time', '10:00')], defaultUsers.otherFan);
    expect(after.reply.data?.content).toMatch(/Saved\./);
    const stillNotManageServer = await config('reset', [str('setting', 'modRole')], defaultUsers.otherFan);
    expect(stillNotManageServer.reply.data?.content).toMatch(
      /Only members with the Manage Server permission can do that/,
    );
  });

  it('refuses a voice channel, naming the setting and the accepted form', async () => {
    const { reply } = await countdown([{ name: 'channel', type: 7, value: DEFAULT_IDS.voiceChannel }]);
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(/Countdown channel must be a text or announcement channel/);
    expect((await settingsNow()).countdownChannel).toBe(DEFAULT_IDS.generalChannel);
  });

  it('refuses a channel where the bot cannot send, naming the missing permission', async () => {
    const { reply } = await countdown([{ name: 'channel', type: 7, value: readOnlyChannel }]);
    expect(reply.data?.content).toMatch(/I'm missing Send Messages/);
    expect((await settingsNow()).countdownChannel).toBe(DEFAULT_IDS.generalChannel);
  });

  it('accepts an announcement channel where the bot has its own overwrite', async () => {
    const { reply } = await countdown([{ name: 'channel', type: 7, value: DEFAULT_IDS.announcementChannel }]);
    expect(reply.data?.content).toMatch(/Saved/);
  });

  it('writes nothing when one of several options is invalid', async () => {
    const before = await settingsNow();
    const { reply } = await countdown([str('time', '07:45'), str('timezone', 'Mars/Olympus_Mons')]);
    expect(reply.data?.content).toMatch(/Countdown timezone/);
    expect(await settingsNow()).toEqual(before);
  });

  it('refuses a bad time, @everyone and a managed role', async () => {
    expect((await countdown([str('time', '24:00')])).reply.data?.content).toMatch(/Countdown time must be/);
    expect((await countdown([{ name: 'role', type: 8, value: guildId }])).reply.data?.content).toMatch(
      /not @\u200beveryone/,
    );
    expect((await countdown([{ name: 'role', type: 8, value: managedRole }])).reply.data?.content).toMatch(
      /managed by an integration/,
    );
  });

  it('asks for at least one option', async () => {
    expect((await countdown([])).reply.data?.content).toMatch(/Give at least one option/);
  });

  it('suggests timezone names as you type', async () => {
    const { reply } = await harness.fake.autocomplete({
      name: 'config',
      options: [
        {
          name: 'countdown',
          type: 1,
          options: [{ name: 'timezone', type: 3, value: 'new york', focused: true }],
        },
      ],
      user: defaultUsers.moderator,
    });
    expect(reply.data?.choices?.[0]).toEqual({ name: 'America/New_York', value: 'America/New_York' });
  });

  it('keeps both of two changes saved at the same moment', async () => {
    const [a, b] = await Promise.all([
      countdown([str('time', '21:15')]),
      countdown([{ name: 'milestones', type: 5, value: false }], defaultUsers.owner),
    ]);
    expect(a.reply.data?.content).toMatch(/Saved/);
    expect(b.reply.data?.content).toMatch(/Saved/);
    expect(await settingsNow()).toMatchObject({ countdownTime: '21:15', countdownMilestones: false });
    // And in the store itself, not only in the cache.
    const stored = await bot.store.get<{ settings: Record<string, unknown> }>(guildSettingsKey(guildId));
    expect(stored?.settings).toMatchObject({ countdownTime: '21:15', countdownMilestones: false });
  });

  it('shows every setting with its value, its default and what is wrong with it', async () => {
    await countdown([{ name: 'role', type: 8, value: helpersRole }]);
    const { reply } = await config('show');
    const fields = Object.fromEntries((embedOf(reply.data).fields ?? []).map((f) => [f.name, f.value]));
    expect(Object.keys(fields)).toEqual([
      'Moderator role',
      'Countdown channel',
      'Countdown time',
      'Countdown timezone',
      'Countdown ping role',
      'Countdown posts',
      'Milestone posts',
      'Release announcements',
      'Release date',
      'Release time',
      'Release timezone',
      'Release label',
      'Trivia answer time',
      'Trivia questions',
      'Question of the day channel',
      'Question of the day time',
      'Question of the day timezone',
      'Question of the day',
      'Language',
    ]);
    expect(fields['Countdown time']).toMatch(/^`21:15`\n-# default: `09:00`/);
    expect(fields.Language).toMatch(/^the server's Discord language\n/);
    expect(fields['Countdown ping role']).toMatch(/⚠️ I cannot mention @Helpers/);
    expect(isEphemeral(reply.data)).toBe(true);
  });

  it('checks permissions and the set-up', async () => {
    const { reply } = await config('check');
    const text = reply.data?.embeds?.[0]?.fields?.map((f: { value: string }) => f.value).join('\n');
    expect(text).toMatch(/✅ I have View Channel in <#\d+>/);
    expect(text).toMatch(/✅ I have Send Messages/);
    expect(text).toMatch(/⚠️ I cannot mention @Helpers/);
    expect(text).toMatch(/Times are in Europe\/London/);
    const sections = reply.data?.embeds?.[0]?.fields?.map((f: { name: string }) => f.name);
    expect(sections).toEqual(['Countdown', 'Release', 'Question of the day']);
    expect(text).toMatch(/counts down to .*late summer 2026/);
    expect(text).toMatch(/From the sequel's announcement article/);
    expect(text).toMatch(/✅ No question of the day is planned: /);
  });

  it('checks in the moderator’s own Discord language, permissions named as Discord names them there', async () => {
    const { reply } = await harness.fake.command('config check', [], {
      user: defaultUsers.moderator,
      locale: 'de',
    });
    const text = reply.data?.embeds?.[0]?.fields?.map((f: { value: string }) => f.value).join('\n');
    expect(text).toMatch(/✅ Ich habe „Kanal ansehen“ in <#\d+>\./);
    expect(text).toMatch(
      /⚠️ Ich kann @Helpers nicht erwähnen: .*„@everyone, @here und alle Rollen erwähnen“/,
    );
    expect(text).toMatch(/Die Zeiten gelten in Europe\/London/);
    expect(text).toMatch(/✅ Es ist keine Frage des Tages geplant: Die Frage des Tages ist aus\./);
    expect(text).not.toMatch(/\b(I have|I cannot|Times are|is planned)\b/);
  });

  it('lists the changes newest first, with who and when', async () => {
    const { reply } = await config('history');
    const lines = embedOf(reply.data).description?.split('\n') ?? [];
    expect(lines[0]).toMatch(/^<t:\d+:f> <@\d+> \*\*Countdown ping role\*\*: not set → <@&\d+>$/);
    const times = lines.findIndex((line) => line.includes('`21:15`'));
    const first = lines.findIndex((line) => line.includes('`09:00` → `09:05`'));
    expect(times).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(times);
    expect(lines.length).toBeLessThanOrEqual(25);
  });

  it('resets one setting to its default', async () => {
    const { reply } = await config('reset', [str('setting', 'countdownTime')]);
    expect(reply.data?.content).toMatch(/Countdown time\*\*: `21:15` → `09:00`/);
    expect((await settingsNow()).countdownTime).toBe('09:00');
  });

  it('resets everything only after confirmation, and only for the moderator who asked', async () => {
    const ask = await config('reset', [str('setting', 'all')], defaultUsers.owner);
    expect(ask.reply.data?.content).toMatch(/Reset \*\*all\*\* settings/);
    const message = ask.original()!;
    const [confirmId = '', cancelId = ''] = customIdsOf(message);

    const stranger = await harness.fake.button({
      customId: confirmId,
      message,
      user: defaultUsers.moderator,
    });
    expect(stranger.reply.data?.content).toMatch(/Only the moderator who asked/);
    expect((await settingsNow()).countdownEnabled).toBe(true);

    const cancel = await harness.fake.button({ customId: cancelId, message, user: defaultUsers.owner });
    expect(cancel.reply).toMatchObject({ type: 7, data: { content: 'Nothing was reset.', components: [] } });
    expect((await settingsNow()).countdownEnabled).toBe(true);

    const confirm = await harness.fake.button({ customId: confirmId, message, user: defaultUsers.owner });
    expect(confirm.reply.type).toBe(7);
    expect(confirm.reply.data?.content).toMatch(/All settings are back to their defaults/);
    expect(await settingsNow()).toMatchObject({
      countdownEnabled: false,
      modRole: null,
      countdownChannel: null,
    });
    const history = await config('history');
    expect(history.reply.data?.embeds?.[0]?.description).toBe('No changes yet.');
  });

  it('keeps the data of a server that removed the bot, and forgets the removal when invited back', async () => {
    const extra = makeGuild('Second Fan Server');
    harness.fake.addGuild(extra);
    await expect.poll(() => bot.client.guilds.cache.has(extra.id)).toBe(true);
    harness.fake.removeGuild(extra.id);
    await expect
      .poll(async () => bot.store.get(guildSettingsKey(extra.id)))
      .toMatchObject({ removedAt: expect.any(String) });
    expect(await bot.store.get(removalIndexKey(0))).toEqual({
      marks: { [extra.id]: expect.any(String) },
    });
    harness.fake.addGuild(extra);
    await expect.poll(async () => bot.store.get(removalIndexKey(0))).toBeUndefined();
    expect(await bot.store.get(guildSettingsKey(extra.id))).not.toHaveProperty('removedAt');
  });
});

describe('/config release', () => {
  it("sets the server's own target, with defaults for what is left out", async () => {
    const { reply } = await config('release', [
      str('date', '2027-02-14'),
      str('label', 'Valentine watch party'),
    ]);
    expect(reply.data?.content).toMatch(/Release date\*\*: not set → `2027-02-14`/);
    expect(await settingsNow()).toMatchObject({
      releaseDate: '2027-02-14',
      releaseTime: '00:00',
      releaseTimezone: 'Etc/UTC',
      releaseLabel: 'Valentine watch party',
    });
  });

  it('refuses an impossible date or a label with a mention, and writes nothing', async () => {
    const before = await settingsNow();
    const badDate = await config('release', [str('date', '2027-02-30')]);
    expect(badDate.reply.data?.content).toMatch(/Release date must be a date written YYYY-MM-DD/);
    const badLabel = await config('release', [str('date', '2027-03-01'), str('label', 'party @everyone')]);
    expect(badLabel.reply.data?.content).toMatch(/Release label cannot contain mentions/);
    expect(await settingsNow()).toEqual(before);
  });

  it('is removed as a whole by reset setting:release', async () => {
    await config('release', [
      str('date', '2027-02-14'),
      str('time', '20:00'),
      str('timezone', 'America/Chicago'),
    ]);
    const { reply } = await config('reset', [str('setting', 'release')]);
    expect(reply.data?.content).toMatch(/Release date\*\*: `2027-02-14` → not set/);
    expect(reply.data?.content).toMatch(/Release timezone\*\*: `America\/Chicago` → `Etc\/UTC`/);
    expect(await settingsNow()).toMatchObject({
      releaseDate: null,
      releaseTime: '00:00',
      releaseLabel: null,
    });
  });
});

import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { t } from '../../src/i18n/index.js';
import { CHOOSE_ID, PAUSED_NOTICE, REMIND_ME_ID } from '../../src/reminders/render.js';
import { DEFAULT_ANNOUNCE_DELAY_MS } from '../../src/release/timeline.js';
import {
  type CommandOption,
  customIdsOf,
  DEFAULT_IDS,
  embedOf,
  defaultUsers,
  type FakeUser,
  isEphemeral,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

/** The operator sets the premiere a few minutes ahead of the injected clock. */
const start = new Date('2026-12-01T10:00:00Z');
const premiere = new Date('2026-12-01T10:10:00Z');

let harness: Harness;
let clock = start;
const now = () => clock;

beforeAll(async () => {
  harness = await createHarness();
});
afterAll(() => harness.close());

const startBot = () =>
  harness.start({
    now,
    env: { OPERATOR_GUILD_ID: DEFAULT_IDS.guild, OPERATOR_USER_IDS: defaultUsers.owner.id },
  });
const reminders = (sub: string, user: FakeUser, options: CommandOption[] = []) =>
  harness.fake.chatInput({ name: 'reminders', options: [{ name: sub, type: 1, options }], user });

/** Moves the clock on and lets the minute tick run, as node-cron would. */
async function advanceTo(bot: RunningBot, at: Date): Promise<void> {
  clock = at;
  bot.reminders.tick();
  await bot.reminders.delivery?.idle();
}

describe('reminders by direct message', () => {
  let bot: RunningBot;

  it('registers /reminders for server and user installs, usable anywhere', async () => {
    bot = await startBot();
    const command = harness.fake.commands().find((c) => c.name === 'reminders');
    expect(command?.integration_types).toEqual([0, 1]);
    expect(command?.contexts).toEqual([0, 1, 2]);
  });

  it('lets a member opt in with the Remind me button under /countdown and pick what they want', async () => {
    const countdown = await harness.fake.chatInput({ name: 'countdown', user: defaultUsers.fan });
    expect(customIdsOf(countdown.original())).toEqual([REMIND_ME_ID]);
    const menu = await harness.fake.button({
      customId: REMIND_ME_ID,
      message: countdown.original()!,
      user: defaultUsers.fan,
    });
    expect(isEphemeral(menu.reply.data)).toBe(true);
    expect(customIdsOf(menu.reply.data)).toEqual([CHOOSE_ID]);
    const chosen = await harness.fake.selectMenu({
      customId: CHOOSE_ID,
      message: menu.original()!,
      values: ['announced', 'premiere'],
      user: defaultUsers.fan,
    });
    expect(chosen.reply.type).toBe(7);
    expect(chosen.original()?.content).toMatch(
      /Saved\. I'll remind you by DM of: The date is announced or moved; The premiere itself\./,
    );
  });

  it('shows a member their reminders and timezone privately, and that none is planned without a date', async () => {
    await reminders('set', defaultUsers.fan, [{ name: 'timezone', type: 3, value: 'europe/paris' }]);
    const { reply } = await reminders('show', defaultUsers.fan);
    expect(isEphemeral(reply.data)).toBe(true);
    const embed = embedOf(reply.data);
    expect(embed.description).toContain('✅ The premiere itself');
    expect(embed.description).toContain('⬜ 7 days before the premiere');
    expect(JSON.stringify(embed.fields)).toContain('Europe/Paris');
    expect(JSON.stringify(embed.fields)).toContain('None planned yet: the bot knows no premiere date');
  });

  it('refuses a timezone that is not one, and a set with no option, in words', async () => {
    const bad = await reminders('set', defaultUsers.fan, [{ name: 'timezone', type: 3, value: 'EST' }]);
    expect(bad.reply.data?.content).toMatch(/^Your timezone must be a timezone name/);
    const inPortuguese = await harness.fake.chatInput({
      name: 'reminders',
      options: [{ name: 'set', type: 1, options: [{ name: 'timezone', type: 3, value: 'EST' }] }],
      user: defaultUsers.fan,
      locale: 'pt-BR',
    });
    expect(inPortuguese.reply.data?.content).toMatch(
      /^Seu fuso horário precisa ser o nome de um fuso horário/,
    );
    const empty = await reminders('set', defaultUsers.fan);
    expect(empty.reply.data?.content).toMatch(/Give at least one option/);
  });

  it('takes choices from a member who installed the bot to their account, in a group DM', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'reminders',
      options: [{ name: 'set', type: 1, options: [{ name: 'premiere', type: 5, value: true }] }],
      user: defaultUsers.owner,
      userInstall: true,
      groupDm: true,
    });
    expect(reply.data?.content).toMatch(/^Saved/);
  });

  it('sends one DM when the operator announces a date, one at the premiere, none to a member who stopped', async () => {
    await reminders('set', defaultUsers.otherFan, [{ name: 'premiere', type: 5, value: true }]);
    const stopped = await reminders('stop', defaultUsers.otherFan);
    expect(stopped.reply.data?.content).toMatch(/^Stopped\./);
    await reminders('set', defaultUsers.moderator, [{ name: 'premiere', type: 5, value: true }]);
    harness.fake.setDmsClosed(defaultUsers.moderator.id);

    const set = await harness.fake.chatInput({
      name: 'operator',
      user: defaultUsers.owner,
      options: [
        {
          name: 'release',
          type: 2,
          options: [
            {
              name: 'set',
              type: 1,
              options: [
                { name: 'date', type: 3, value: '2026-12-01' },
                { name: 'time', type: 3, value: '10:10' },
                { name: 'timezone', type: 3, value: 'Etc/UTC' },
                { name: 'source', type: 3, value: "Netflix's own announcement" },
              ],
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(set.reply.data)).not.toMatch(/refused|not allowed|Something went wrong/i);

    // The announcement goes out with the servers' announcements, after the timeline's short debounce.
    await advanceTo(bot, new Date(start.getTime() + DEFAULT_ANNOUNCE_DELAY_MS - 60_000));
    expect(harness.fake.directMessages(defaultUsers.fan.id)).toEqual([]);
    await advanceTo(bot, new Date(start.getTime() + DEFAULT_ANNOUNCE_DELAY_MS));
    const announced = harness.fake.directMessages(defaultUsers.fan.id);
    expect(announced).toHaveLength(1);
    expect(announced[0]?.content).toMatch(/has a premiere date/);
    expect(JSON.stringify(announced[0]?.embeds)).toContain(`<t:${premiere.getTime() / 1000}:F>`);
    expect(JSON.stringify(announced[0]?.embeds)).toContain("Netflix's own announcement");
    expect(JSON.stringify(announced[0]?.embeds)).toContain('the release date being announced or moved');
    const show = await reminders('show', defaultUsers.fan);
    expect(JSON.stringify(show.reply.data?.embeds?.[0]?.fields)).toContain(
      `<t:${premiere.getTime() / 1000}:F>`,
    );

    // A restart in between changes nothing.
    await bot.stop();
    bot = await startBot();
    await advanceTo(bot, new Date(premiere.getTime() - 60_000));
    expect(harness.fake.directMessages(defaultUsers.fan.id)).toHaveLength(1);

    await advanceTo(bot, premiere);
    const dms = harness.fake.directMessages(defaultUsers.fan.id);
    expect(dms).toHaveLength(2);
    expect(dms[1]?.content).toMatch(/out now/);
    expect(JSON.stringify(dms[1]?.embeds)).toContain('/reminders stop');
    expect(harness.fake.directMessages(defaultUsers.owner.id)).toHaveLength(1);
    expect(harness.fake.directMessages(defaultUsers.otherFan.id)).toEqual([]);
    expect(harness.fake.directMessages(defaultUsers.moderator.id)).toEqual([]);
  });

  it('changes nothing after a restart: no reminder twice, no retry for the paused member', async () => {
    await bot.stop();
    const before = harness.fake.requests.length;
    bot = await startBot();
    await advanceTo(bot, new Date(premiere.getTime() + 2 * 60_000));
    expect(harness.fake.directMessages(defaultUsers.fan.id)).toHaveLength(2);
    const retries = harness.fake.requests
      .slice(before)
      .filter(
        (r) => r.method === 'POST' && (r.path.endsWith('/messages') || r.path === '/users/@me/channels'),
      );
    expect(retries).toEqual([]);
  });

  it('tells the paused member privately the next time they use the bot, once', async () => {
    const first = await harness.fake.chatInput({ name: 'cast', user: defaultUsers.moderator });
    const notice = await first.waitForFollowUp();
    expect(notice.content).toBe(PAUSED_NOTICE);
    expect(notice.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const second = await harness.fake.chatInput({ name: 'cast', user: defaultUsers.moderator });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second.followUps()).toEqual([]);
  });
});

describe("reminders in the member's language", () => {
  it("answer in the member's Discord language, English where a language lacks the words", async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'reminders',
      options: [{ name: 'show', type: 1, options: [] }],
      user: defaultUsers.otherFan,
      locale: 'de',
    });
    expect(reply.data?.embeds?.[0]?.title).toBe(t('de', 'reminders.show.title'));
    expect(reply.data?.embeds?.[0]?.description).toBe(t('de', 'reminders.show.empty'));
  });
});

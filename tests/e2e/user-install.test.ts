import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { SERVER_ONLY_MESSAGE } from '../../src/interactions/router.js';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { embedOf, fixedSnowflake, isEphemeral } from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

/** A server the bot is not in, where a member uses the commands they installed to their own account. */
const elsewhere = fixedSnowflake('2022-04-04T04:04:00Z', 0);
const clock = new Date('2026-11-25T10:00:00Z');

let harness: Harness;
let bot: RunningBot;
beforeAll(async () => {
  harness = await createHarness();
  bot = await harness.start({ now: () => clock });
});
afterAll(() => harness.close());

const registered = (name: string): APIApplicationCommand | undefined =>
  harness.fake.commands().find((command) => command.name === name);

describe('the bot as a user-installable app', () => {
  it('registers /cast and /countdown for server and user installs, usable in servers, its DM and group DMs', () => {
    for (const name of ['cast', 'countdown']) {
      expect(registered(name)?.integration_types).toEqual([0, 1]);
      expect(registered(name)?.contexts).toEqual([0, 1, 2]);
    }
  });

  it('keeps /trivia and /config to servers that installed the bot', () => {
    for (const name of ['trivia', 'config']) {
      expect(registered(name)?.integration_types).toEqual([0]);
      expect(registered(name)?.contexts).toEqual([0]);
    }
  });

  it("answers /countdown in a server the bot is not in with the built-in target, never that server's settings", async () => {
    // Leftover settings under that id (the bot was there once) must not be used: the bot has no say there now.
    await bot.context.settings.update(elsewhere, '1', {
      releaseDate: '2027-02-14',
      releaseLabel: 'Old party',
    });
    const { reply, payload } = await harness.fake.chatInput({
      name: 'countdown',
      userInstall: true,
      foreignGuildId: elsewhere,
    });
    expect(payload.guild_id).toBe(elsewhere);
    expect(reply.type).toBe(4);
    const embed = embedOf(reply.data);
    // The same answer as in the bot's DM, where only the built-in target exists.
    const inDm = await harness.fake.chatInput({ name: 'countdown', guildId: null });
    expect(embed).toEqual(inDm.reply.data?.embeds?.[0]);
    expect(JSON.stringify(embed)).not.toContain('Old party');
    expect(embed.footer?.text).toContain('Days are counted in Etc/UTC.');
  });

  it('answers /cast in a group DM the bot is not in', async () => {
    const { reply, payload } = await harness.fake.chatInput({
      name: 'cast',
      userInstall: true,
      groupDm: true,
    });
    expect(payload.context).toBe(2);
    expect(reply.type).toBe(4);
    expect(reply.data?.embeds?.[0]?.title).toMatch(/Purple Hearts 2/);
  });

  it('suggests cast members as you type in a server the bot is not in', async () => {
    const { reply } = await harness.fake.autocomplete({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'sofia', focused: true }],
      userInstall: true,
      foreignGuildId: elsewhere,
    });
    expect(reply.type).toBe(8);
    expect(reply.data?.choices?.map((choice: { value: string | number }) => choice.value)).toContain(
      'sofia-carson',
    );
  });

  it('answers a server-only command sent from a server the bot is not in privately, in words', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'trivia',
      options: [{ name: 'leaderboard', type: 1, options: [] }],
      userInstall: true,
      foreignGuildId: elsewhere,
    });
    expect(reply.data?.content).toBe(SERVER_ONLY_MESSAGE);
    expect(isEphemeral(reply.data)).toBe(true);
  });
});

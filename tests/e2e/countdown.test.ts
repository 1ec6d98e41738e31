import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { DEFAULT_IDS, embedOf } from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

/** TODAY in the issue: the late-summer-2026 window is over and no date has been announced. */
const clock = new Date('2026-11-25T10:00:00Z');
const watchParty = {
  releaseDate: '2027-02-14',
  releaseTime: '20:00',
  releaseTimezone: 'America/New_York',
  releaseLabel: 'Watch party',
} as const;
/** 20:00 in New York on 14 February 2027 is 01:00 UTC on the 15th. */
const watchPartyUnix = Date.UTC(2027, 1, 15, 1, 0) / 1000;

let harness: Harness;
let bot: RunningBot;
beforeAll(async () => {
  harness = await createHarness();
  bot = await harness.start({ now: () => clock });
});
afterAll(() => harness.close());

const setServerDate = (changes: Parameters<RunningBot['context']['settings']['update']>[2]) =>
  bot.context.settings.update(DEFAULT_IDS.guild, DEFAULT_IDS.moderator, changes);

describe('/countdown', () => {
  it('says today, in a server without its own date, that the window has passed and it knows of no announced date', async () => {
    await setServerDate({ releaseDate: null });
    const { reply } = await harness.fake.chatInput({ name: 'countdown' });
    expect(reply.type).toBe(4);
    expect(reply.data?.flags ?? 0).toBe(0);
    const embed = embedOf(reply.data);
    expect(embed.title).toBe('Purple Hearts 2: no date known');
    expect(embed.description).toContain(
      'The announcement article gave late summer 2026 for the release. That window has passed, ' +
        'and the bot knows of no announced date.',
    );
    expect(embed.footer?.text).toContain("the bot's own reading");
  });

  it("counts down to the server's own date, in its countdown timezone, with timestamps for every reader", async () => {
    await setServerDate({ ...watchParty, countdownTimezone: 'America/New_York' });
    const { reply } = await harness.fake.chatInput({ name: 'countdown' });
    const embed = embedOf(reply.data);
    expect(embed.title).toBe('81 days to go: Watch party');
    expect(embed.description).toContain(`<t:${watchPartyUnix}:F>`);
    expect(embed.description).toContain(`<t:${watchPartyUnix}:R>`);
    expect(embed.description).toContain('**81 days and 15 hours** from now');
    expect(embed.footer?.text).toBe(
      'Times show in your own time zone. Days are counted in America/New_York.',
    );
    expect(reply.data?.flags ?? 0).toBe(0);
  });

  it("uses the built-in target and UTC days in a direct message, whatever a server's date is", async () => {
    await setServerDate(watchParty);
    const { reply } = await harness.fake.chatInput({ name: 'countdown', guildId: null });
    expect(reply.type).toBe(4);
    const embed = embedOf(reply.data);
    expect(embed.title).toBe('Purple Hearts 2: no date known');
    expect(JSON.stringify(embed)).not.toContain('Watch party');
    expect(embed.footer?.text).toContain('Days are counted in Etc/UTC.');
  });

  it('is registered for servers, direct messages with the bot and group DMs', () => {
    const command = harness.fake.commands().find((c: { name: string }) => c.name === 'countdown');
    expect(command?.contexts).toEqual([0, 1, 2]);
  });
});

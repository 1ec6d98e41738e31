import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { storedAnswers } from '../../src/trivia/answers.js';
import { customIdsOf, DEFAULT_IDS, defaultUsers, makeGuild, isEphemeral } from '../support/fake-discord.js';
import { ManualClock } from '../support/manual-clock.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

const general = DEFAULT_IDS.generalChannel;
const other = makeGuild('Other Fans', { owner: defaultUsers.fan });
let harness: Harness;
let bot: RunningBot;
let clock: ManualClock;

beforeAll(async () => {
  harness = await createHarness();
  harness.fake.addGuild(other);
  clock = new ManualClock('2026-05-10T12:00:00Z');
  // The real play cooldown (no test override of it), manual timers for the rest.
  bot = await harness.start({ now: clock.now, trivia: { timers: clock, timing: { pauseMs: 1_000 } } });
});
afterAll(() => harness.close());

const play = (user = defaultUsers.fan, channelId = general, guildId = DEFAULT_IDS.guild) =>
  harness.fake.chatInput({
    name: 'trivia',
    options: [{ name: 'play', type: 1, options: [{ name: 'rounds', type: 4, value: 1 }] }],
    user,
    channelId,
    guildId,
  });

describe('trivia security', () => {
  it("never lets a button act on another channel's or server's game", async () => {
    await play();
    await expect.poll(() => harness.fake.channelMessages(general).length).toBeGreaterThan(0);
    const question = harness.fake
      .channelMessages(general)
      .find((m) => (customIdsOf(m)[0] ?? '').startsWith('trivia:a:'))!;
    const customId = customIdsOf(question)[0]!;

    const fromOtherChannel = await harness.fake.button({
      customId,
      message: question,
      user: defaultUsers.otherFan,
      channelId: DEFAULT_IDS.announcementChannel,
    });
    const fromOtherServer = await harness.fake.button({
      customId,
      message: question,
      user: defaultUsers.fan,
      guildId: other.id,
      channelId: other.channels[0]!.id,
    });
    for (const forged of [fromOtherChannel, fromOtherServer]) {
      expect(isEphemeral(forged.reply.data)).toBe(true);
      expect(forged.reply.data?.content).not.toMatch(/Locked in/);
    }
    expect(await storedAnswers(bot.store, DEFAULT_IDS.guild, general)).toEqual([]);
    record({ area: 'security', badInputsTried: 2, badInputsHandled: 2 });
  });

  it('makes a member wait before starting another game, even in another channel', async () => {
    const second = await play(defaultUsers.fan, DEFAULT_IDS.announcementChannel);
    expect(isEphemeral(second.reply.data)).toBe(true);
    expect(second.reply.data?.content).toMatch(
      /You started a game a moment ago\. You can start another <t:\d+:R>/,
    );
    record({ area: 'security', badInputsTried: 1, badInputsHandled: 1 });
  });

  it('counts only the first answer of a member who clicks again and again', async () => {
    const question = harness.fake
      .channelMessages(general)
      .find((m) => (customIdsOf(m)[0] ?? '').startsWith('trivia:a:'))!;
    const ids = customIdsOf(question);
    const clicks = await Promise.all(
      ids
        .flatMap((id) => [id, id])
        .map((customId) =>
          harness.fake.button({ customId, message: question, user: defaultUsers.moderator }),
        ),
    );
    expect(clicks.filter((click) => /Locked in/.test(click.reply.data?.content ?? ''))).toHaveLength(1);
    const answers = await storedAnswers(bot.store, DEFAULT_IDS.guild, general);
    expect(answers.map((answer) => answer.userId)).toEqual([defaultUsers.moderator.id]);
    record({ area: 'security', badInputsTried: clicks.length - 1, badInputsHandled: clicks.length - 1 });
  });
});

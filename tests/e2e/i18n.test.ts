/**
 * Every member's language, end to end through the real client and the fake Discord: a member's private replies
 * and command picker in their Discord language, a server's posts in the server's language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { controlsOf, DEFAULT_IDS, defaultGuild, defaultUsers, isEphemeral } from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

const general = DEFAULT_IDS.generalChannel;
let harness: Harness;
let clock: Date;
const now = () => clock;
afterEach(() => harness.close());

type Option = { name: string; type: number; value: string | boolean };
const str = (name: string, value: string): Option => ({ name, type: 3, value });
const config = (sub: string, options: Option[]) =>
  harness.fake.chatInput({
    name: 'config',
    options: [{ name: sub, type: 1, options }],
    user: defaultUsers.moderator,
  });

/** A countdown to 14 February 2027 posted daily at 10:01 UTC; the clock stands at 2026-11-25 10:00 UTC. */
async function setUpCountdown(): Promise<void> {
  await config('release', [
    str('date', '2027-02-14'),
    str('time', '20:00'),
    str('timezone', 'America/New_York'),
  ]);
  await config('countdown', [
    { name: 'channel', type: 7, value: general },
    str('time', '10:01'),
    { name: 'enabled', type: 5, value: true },
  ]);
}

async function postAt(bot: RunningBot, iso: string): Promise<void> {
  await bot.countdown.idle();
  clock = new Date(iso);
  bot.countdown.tick();
  await bot.countdown.idle();
}

describe('a member whose Discord is in Portuguese', () => {
  it('sees Portuguese command descriptions in the picker and gets private replies in Portuguese', async () => {
    harness = await createHarness();
    await harness.start();
    const cast = harness.fake.commands().find((command) => command.name === 'cast');
    expect(cast?.name).toBe('cast');
    expect(cast?.description_localizations?.['pt-BR']).toMatch(/^Quem está em Purple Hearts 2/);

    const { reply } = await harness.fake.chatInput({
      name: 'cast',
      options: [str('person', 'Zzyzx Qqqq')],
      locale: 'pt-BR',
    });
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(
      /^Ninguém do elenco ou da equipe corresponde a "Zzyzx Qqqq"\. Nomes mais próximos: /,
    );

    const english = await harness.fake.chatInput({
      name: 'cast',
      options: [str('person', 'Zzyzx Qqqq')],
      locale: 'en-GB',
    });
    expect(english.reply.data?.content).toMatch(/^Nobody in the cast or crew matches/);
  });
});

describe('a server in German', () => {
  it('gets its countdown posts in German when a moderator sets /config language', async () => {
    harness = await createHarness();
    clock = new Date('2026-11-25T10:00:00Z');
    const bot = await harness.start({ now });
    await setUpCountdown();
    const { reply } = await config('language', [str('language', 'de')]);
    expect(reply.data?.content).toMatch(/Language.*Deutsch/);

    await postAt(bot, '2026-11-25T10:01:00Z');
    const [post] = harness.fake.channelMessages(general);
    expect(post?.content).toBe('**Noch 82 Tage** bis Purple Hearts 2 (Datum dieses Servers).');
    expect(post?.embeds[0]?.fields?.[0]?.name).toBe('Schon gewusst?');
    expect(post?.embeds[0]?.footer?.text).toMatch(/^Zeiten erscheinen in deiner eigenen Zeitzone\./);
  });

  it("speaks the server's own Discord language when no language is set, and the language a moderator sets over it", async () => {
    const guild = defaultGuild();
    guild.preferred_locale = 'de';
    harness = await createHarness({ guilds: [guild] });
    clock = new Date('2026-11-25T10:00:00Z');
    const bot = await harness.start({ now });
    await setUpCountdown();

    await postAt(bot, '2026-11-25T10:01:00Z');
    expect(harness.fake.channelMessages(general)[0]?.content).toMatch(/^\*\*Noch 82 Tage\*\*/);

    await config('language', [str('language', 'en')]);
    await postAt(bot, '2026-11-26T10:01:00Z');
    expect(harness.fake.channelMessages(general)[1]?.content).toBe(
      "**81 days** to go: Purple Hearts 2 (this server's date).",
    );
  });
});

describe('trivia in a server in German', () => {
  it('asks its questions in German in the channel', async () => {
    const guild = defaultGuild();
    guild.preferred_locale = 'de';
    harness = await createHarness({ guilds: [guild] });
    await harness.start();
    const { reply } = await harness.fake.chatInput({
      name: 'trivia',
      options: [{ name: 'play', type: 1, options: [{ name: 'rounds', type: 4, value: 1 }] }],
      locale: 'en-US',
    });
    expect(reply.data?.embeds?.[0]?.title).toBeDefined();
    await expect
      .poll(() => harness.fake.channelMessages(general).filter((m) => controlsOf(m).length > 0).length)
      .toBe(1);
    const [question] = harness.fake.channelMessages(general).filter((m) => controlsOf(m).length > 0);
    expect(question?.embeds[0]?.title).toBe('Quiz · Frage 1 von 1');
    expect(question?.embeds[0]?.description).toMatch(/⏳ Die Antwortzeit endet <t:\d+:R>\./);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { localizedText } from '../../src/i18n/index.js';
import { DEFAULT_IDS, defaultGuild, defaultUsers, makeGuild } from '../support/fake-discord.js';
import type { FakeGuild } from '../support/fake-discord.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

let harness: Harness;
let clock: Date;
const now = () => clock;

const guilds: FakeGuild[] = [defaultGuild(), makeGuild('Second'), makeGuild('Third')];
const channelOf = (guild: FakeGuild) => guild.channels[0]!.id;

beforeEach(async () => {
  harness = await createHarness({ guilds: guilds.map((g) => structuredClone(g)) });
  clock = new Date('2026-11-25T10:00:00Z');
});
afterEach(() => harness.close());

const isCallback = (path: string) => /^\/interactions\/\d+\/[^/]+\/callback$/.test(path);

async function setUpCountdowns(bot: RunningBot): Promise<void> {
  for (const guild of guilds) {
    await bot.context.settings.update(guild.id, defaultUsers.owner.id, {
      releaseDate: '2027-02-14',
      countdownChannel: channelOf(guild),
      countdownTime: '10:01',
      countdownEnabled: true,
    });
  }
  await bot.countdown.idle();
}

async function tickAt(bot: RunningBot, iso: string): Promise<void> {
  await bot.countdown.idle();
  clock = new Date(iso);
  bot.countdown.tick();
  await bot.countdown.idle();
}

describe('REST faults', () => {
  it.each([
    [500, {}],
    [502, {}],
    [429, { 'Retry-After': '0.2', 'X-RateLimit-Scope': 'user' }],
  ])(
    'answers every interaction exactly once through a burst of %i on the callback route',
    async (status, headers) => {
      await harness.start();
      harness.fake.failNext(
        (r) => r.method === 'POST' && isCallback(r.path),
        { status, headers, body: { message: 'burst', code: 0 } },
        2,
      );
      const handles = await Promise.all(
        [1, 2, 3].map(() => harness.fake.chatInput({ name: 'cast', timeoutMs: 10_000 })),
      );
      const callbacksOf = (id: string) =>
        harness.fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`));
      for (const handle of handles) {
        expect(handle.reply.data?.embeds?.[0]?.title).toMatch(/cast and crew/);
        // The status is recorded once the fake has answered; the handle resolves as soon as it accepted.
        await expect.poll(() => callbacksOf(handle.id).filter((r) => r.status === 204)).toHaveLength(1);
      }
      // The two injected failures were retried; no interaction got a second, duplicate answer.
      const all = handles.flatMap((handle) => callbacksOf(handle.id));
      expect(all.filter((r) => r.status === status)).toHaveLength(2);
      expect(all.filter((r) => r.status === 204)).toHaveLength(3);
      record({ area: 'rest', faultsInjected: 2, faultsSurvived: 2 });
    },
  );

  it.each([
    [500, {}],
    [502, {}],
    [429, { 'Retry-After': '0.2', 'X-RateLimit-Scope': 'shared' }],
  ])(
    'delivers each scheduled post exactly once through a burst of %i on the message route',
    async (status, headers) => {
      const bot = await harness.start({ now });
      await setUpCountdowns(bot);
      harness.fake.failNext(
        (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path),
        { status, headers, body: { message: 'burst', code: 0 } },
        2,
      );
      await tickAt(bot, '2026-11-25T10:01:00Z');
      // A failure that outlasts discord.js's own retries is retried by the scheduler a minute later.
      await tickAt(bot, '2026-11-25T10:02:00Z');
      for (const guild of guilds) expect(harness.fake.channelMessages(channelOf(guild))).toHaveLength(1);
      record({ area: 'rest', faultsInjected: 2, faultsSurvived: 2 });
    },
  );

  it.each([
    [403, { code: 50001, message: 'Missing Access' }],
    [403, { code: 50013, message: 'Missing Permissions' }],
    [404, { code: 10003, message: 'Unknown Channel' }],
  ])('disables a schedule on %i %o, reports it, and never retries', async (status, body) => {
    const bot = await harness.start({ now });
    await setUpCountdowns(bot);
    const broken = channelOf(guilds[0]!);
    harness.fake.failNext(
      (r) => r.method === 'POST' && r.path === `/channels/${broken}/messages`,
      { status, body },
      1,
    );
    for (const iso of ['2026-11-25T10:01:00Z', '2026-11-26T10:01:00Z', '2026-11-27T10:01:00Z'])
      await tickAt(bot, iso);
    const attempts = harness.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${broken}/messages`,
    );
    expect(attempts).toHaveLength(1);
    // Stopped, and /config check says why in Discord's own words for the refusal.
    const schedule = await bot.countdown.status(DEFAULT_IDS.guild);
    expect(schedule.state === 'disabled' ? localizedText('en', schedule.reason) : schedule.state).toContain(
      body.message,
    );
    // The other servers go on posting.
    for (const guild of guilds.slice(1))
      expect(harness.fake.channelMessages(channelOf(guild))).toHaveLength(3);
    record({ area: 'rest', faultsInjected: 1, faultsSurvived: 1 });
  });
});

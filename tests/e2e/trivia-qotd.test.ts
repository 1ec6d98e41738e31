import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import {
  type CommandOption,
  DEFAULT_IDS,
  defaultUsers,
  type StoredMessage,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

const general = DEFAULT_IDS.generalChannel;
let harness: Harness;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  harness = await createHarness();
  clock = new Date('2026-05-10T10:00:00Z');
});
afterEach(() => harness.close());

const qotd = (options: CommandOption[], user = defaultUsers.moderator) =>
  harness.fake.command('config qotd', options, { user });

/** Moves the injected clock on and runs the scheduler's minute tick, as node-cron would. */
async function advanceTo(bot: RunningBot, iso: string): Promise<void> {
  const schedule = bot.qotd;
  await schedule.idle();
  clock = new Date(iso);
  schedule.tick();
  await schedule.idle();
}

const posts = (): StoredMessage[] =>
  harness.fake
    .channelMessages(general)
    .filter((m) => String(m.embeds[0]?.title).startsWith('Question of the day'));

async function setUp(): Promise<void> {
  const { reply } = await qotd([
    { name: 'channel', type: 7, value: general },
    { name: 'time', type: 3, value: '12:00' },
    { name: 'timezone', type: 3, value: 'Europe/London' },
    { name: 'enabled', type: 5, value: true },
  ]);
  expect(reply.data?.content).toMatch(/Saved\./);
  // 12:00 in London in May is 11:00 UTC.
  const due = Date.parse('2026-05-10T11:00:00Z') / 1000;
  expect(reply.data?.content).toContain(`Next question of the day: <t:${due}:F>`);
}

describe('the question of the day', () => {
  it('is for moderators, and says what is missing', async () => {
    await harness.start({ now });
    expect(
      (await qotd([{ name: 'enabled', type: 5, value: true }], defaultUsers.fan)).reply.data?.content,
    ).toMatch(/Only members with the Manage Server permission/);
    const { reply } = await qotd([{ name: 'enabled', type: 5, value: true }]);
    expect(reply.data?.content).toMatch(
      /No question of the day is planned: No question of the day channel is set\./,
    );
    expect((await qotd([])).reply.data?.content).toMatch(/Give at least one option/);
  });

  it('posts once at the local time, exactly once across a restart, and a new question the next day', async () => {
    let bot = await harness.start({ now });
    await setUp();
    await advanceTo(bot, '2026-05-10T10:59:30Z');
    expect(posts()).toHaveLength(0);
    await advanceTo(bot, '2026-05-10T11:00:00Z');
    expect(posts()).toHaveLength(1);
    const [first] = posts();
    expect(first?.embeds[0]?.title).toBe('Question of the day · 2026-05-10');
    expect(first?.embeds[0]?.description).toMatch(/\nAnswer: \|\|.+\|\|/);
    const request = harness.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${general}/messages`,
    );
    expect(request?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });

    await advanceTo(bot, '2026-05-10T11:01:00Z');
    await bot.stop();
    bot = await harness.start({ now });
    await advanceTo(bot, '2026-05-10T11:05:00Z');
    expect(posts()).toHaveLength(1);

    await advanceTo(bot, '2026-05-11T11:00:00Z');
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.embeds[0]?.title).toBe('Question of the day · 2026-05-11');
    expect(posts()[1]?.embeds[0]?.description).not.toBe(first?.embeds[0]?.description);
  });

  it('keeps to the local time when the clocks change', async () => {
    clock = new Date('2026-10-24T10:00:00Z');
    const bot = await harness.start({ now });
    await qotd([
      { name: 'channel', type: 7, value: general },
      { name: 'time', type: 3, value: '12:00' },
      { name: 'timezone', type: 3, value: 'Europe/London' },
      { name: 'enabled', type: 5, value: true },
    ]);
    await advanceTo(bot, '2026-10-24T11:00:00Z');
    expect(posts()).toHaveLength(1);
    // London leaves summer time on 25 October: 12:00 is 12:00 UTC from then on.
    await advanceTo(bot, '2026-10-25T11:00:00Z');
    expect(posts()).toHaveLength(1);
    await advanceTo(bot, '2026-10-25T12:00:00Z');
    expect(posts()).toHaveLength(2);
  });
});

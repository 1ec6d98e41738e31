import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { plainText } from '../../src/settings/validate.js';
import {
  buttonsOf,
  customIdsOf,
  DEFAULT_IDS,
  defaultUsers,
  type FakeUser,
  type StoredMessage,
} from '../support/fake-discord.js';
import { ManualClock } from '../support/manual-clock.js';
import { createHarness, type Harness } from './harness.js';

const general = DEFAULT_IDS.generalChannel;
const ANSWER_MS = 20_000;

let harness: Harness;
let clock: ManualClock;

beforeEach(async () => {
  harness = await createHarness();
  clock = new ManualClock('2026-05-10T12:00:00Z');
});
afterEach(() => harness.close());

/** A bot on the harness's fake Discord and store, its time and trivia timers on the test's clock. */
const startBot = () => harness.start({ now: clock.now, trivia: { timers: clock } });

const questionMessages = (): StoredMessage[] =>
  harness.fake.channelMessages(general).filter((m) => (customIdsOf(m)[0] ?? '').startsWith('trivia:a:'));

async function play(rounds: number): Promise<StoredMessage> {
  await harness.fake.chatInput({
    name: 'trivia',
    options: [{ name: 'play', type: 1, options: [{ name: 'rounds', type: 4, value: rounds }] }],
    user: defaultUsers.fan,
  });
  await expect.poll(() => questionMessages().length).toBe(1);
  return questionMessages()[0]!;
}

function rightButton(bot: RunningBot, message: StoredMessage): string {
  const description = message.embeds[0]?.description ?? '';
  const answer = bot.context.content.trivia.find((q) =>
    description.includes(plainText(q.question, 300)),
  )?.answer;
  const button = buttonsOf(message).find((b) => b.label === answer);
  if (button === undefined) throw new Error('no right button');
  return button.custom_id;
}

const press = (message: StoredMessage, customId: string, user: FakeUser) =>
  harness.fake.button({ customId, message, user });

describe('a trivia question across a restart', () => {
  it('keeps its buttons working and still reveals it after the bot is stopped and started again', async () => {
    const first = await startBot();
    const open = await play(1);
    const right = rightButton(first, open);
    expect((await press(open, right, defaultUsers.fan)).reply.data?.content).toMatch(/Locked in/);
    await clock.advance(5_000);
    await first.stop();

    const second = await startBot();
    const after = await press(open, right, defaultUsers.otherFan);
    expect(after.reply.data?.content).toMatch(/Locked in/);
    const again = await press(open, right, defaultUsers.fan);
    expect(again.reply.data?.content).toMatch(/already locked in/);

    await clock.advance(ANSWER_MS - 5_000);
    const revealed = harness.fake.message(open.id)!;
    expect(revealed.embeds[0]?.fields?.[0]?.name).toBe('Right (2)');
    expect(revealed.embeds[0]?.footer?.text).not.toMatch(/late/);
    expect(harness.fake.channelMessages(general).at(-1)?.embeds[0]?.title).toBe('Trivia over');
    expect(await second.context.trivia.games.read(DEFAULT_IDS.guild, general)).toBeUndefined();
  });

  it('reveals late, on start-up, a question whose deadline passed while the bot was down', async () => {
    const first = await startBot();
    const open = await play(2);
    await press(open, rightButton(first, open), defaultUsers.fan);
    await first.stop();
    clock.jump(ANSWER_MS + 60_000);

    const second = await startBot();
    await clock.advance(0);
    const revealed = harness.fake.message(open.id)!;
    expect(revealed.embeds[0]?.fields?.[0]).toMatchObject({ name: 'Right (1)' });
    expect(revealed.embeds[0]?.footer?.text).toMatch(/Revealed late: the bot was restarting/);
    const stats = await second.context.trivia.scores.member(
      DEFAULT_IDS.guild,
      'all-time',
      defaultUsers.fan.id,
    );
    expect(stats?.totals.correct).toBe(1);

    // The game carries on with its second round after the pause.
    await clock.advance(10_000);
    await expect.poll(() => questionMessages().length).toBe(2);
  });
});

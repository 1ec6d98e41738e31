import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGuild, defaultUsers, makeGuild, type FakeGuild } from '../support/fake-discord.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

const guilds: FakeGuild[] = [defaultGuild(), makeGuild('Second'), makeGuild('Third'), makeGuild('Fourth')];
const channelOf = (guild: FakeGuild) => guild.channels[0]!.id;
let harness: Harness;

beforeAll(async () => {
  harness = await createHarness({ guilds });
});
afterAll(() => harness.close());

describe('restarts around a scheduled minute', () => {
  it('ten restarts between 10:00:10 and 10:03:30 give exactly one post per server', async () => {
    let clock = new Date('2026-11-25T09:59:00Z');
    const now = () => clock;
    const first = await harness.start({ now });
    for (const guild of guilds) {
      await first.context.settings.update(guild.id, defaultUsers.owner.id, {
        releaseDate: '2027-02-14',
        countdownChannel: channelOf(guild),
        countdownTime: '10:01',
        countdownEnabled: true,
      });
    }
    await first.countdown.idle();
    await first.stop();

    // Each restart lands 20 seconds later; the minute tick runs in each life before it is stopped.
    for (let restart = 0; restart < 10; restart++) {
      clock = new Date(Date.parse('2026-11-25T10:00:10Z') + restart * 20_000);
      const bot = await harness.start({ now });
      bot.countdown.tick();
      await bot.countdown.idle();
      await bot.stop();
    }
    for (const guild of guilds) expect(harness.fake.channelMessages(channelOf(guild))).toHaveLength(1);
    record({ area: 'restarts', faultsInjected: 10, faultsSurvived: 10 });
  });
});

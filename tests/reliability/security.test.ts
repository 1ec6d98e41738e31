import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { DEFAULT_SETTINGS } from '../../src/settings/definitions.js';
import {
  type CommandOption,
  customIdsOf,
  DEFAULT_IDS,
  defaultUsers,
  makeGuild,
  str,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

const home = DEFAULT_IDS.guild;
// The owner of the default guild also owns this one, so they have Manage Server in both.
const other = makeGuild('Other Fans', { owner: defaultUsers.owner });
const otherChannel = other.channels[0]!.id;

let harness: Harness;
let bot: RunningBot;
beforeAll(async () => {
  harness = await createHarness();
  harness.fake.addGuild(other);
  bot = await harness.start();
});
afterAll(() => harness.close());

const config = (sub: string, options: CommandOption[], user = defaultUsers.moderator, guildId = home) =>
  harness.fake.command(`config ${sub}`, options, { user, guildId });

describe('security', () => {
  it('lets a member without permission change nothing, whatever they try', async () => {
    const attempts: [string, CommandOption[]][] = [
      ['countdown', [{ name: 'channel', type: 7, value: DEFAULT_IDS.generalChannel }, str('time', '12:00')]],
      ['release', [str('date', '2027-01-01')]],
      ['mod-role', [{ name: 'role', type: 8, value: DEFAULT_IDS.moderatorRole }]],
      ['reset', [str('setting', 'all')]],
      ['reset', [str('setting', 'countdownTime')]],
      ['countdown-event', []],
      ['show', []],
      ['history', []],
      ['check', []],
    ];
    for (const [sub, options] of attempts) {
      const { reply } = await config(sub, options, defaultUsers.fan);
      expect(reply.data?.content).toMatch(/Only members with the Manage Server permission/);
    }
    expect(await bot.context.settings.get(home)).toEqual(DEFAULT_SETTINGS);
    expect(await bot.context.settings.history(home)).toEqual([]);
    expect(harness.fake.guildScheduledEvents(home)).toEqual([]);
    record({ area: 'security', badInputsTried: attempts.length, badInputsHandled: attempts.length });
  });

  it("never shows one server's settings in another", async () => {
    await config('release', [str('date', '2027-03-03'), str('label', 'Home party')]);
    const { reply } = await config('show', [], defaultUsers.owner, other.id);
    const shown = JSON.stringify(reply.data?.embeds);
    expect(shown).not.toContain('2027-03-03');
    expect(shown).not.toContain('Home party');
    const history = await config('history', [], defaultUsers.owner, other.id);
    expect(history.reply.data?.embeds?.[0]?.description).toBe('No changes yet.');
    record({ area: 'security', badInputsTried: 1, badInputsHandled: 1 });
  });

  it("refuses a reset button forged to act on another server's settings", async () => {
    await config('countdown', [str('time', '18:45')], defaultUsers.owner, other.id);
    const ask = await config('reset', [str('setting', 'all')], defaultUsers.owner, home);
    const message = ask.original()!;
    const confirmId = customIdsOf(message)[0]!;
    // The same owner clicks the home server's button, but the interaction is made to come from the other server.
    const forged = await harness.fake.button({
      customId: confirmId,
      message,
      user: defaultUsers.owner,
      guildId: other.id,
      channelId: otherChannel,
    });
    expect(forged.reply.data?.content).toMatch(/no longer available/);
    expect((await bot.context.settings.get(other.id)).countdownTime).toBe('18:45');
    expect((await bot.context.settings.get(home)).releaseDate).toBe('2027-03-03');
    record({ area: 'security', badInputsTried: 1, badInputsHandled: 1 });
  });

  it('never shows the token in logs or replies, and keeps .env out of git', async () => {
    await harness.fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: harness.fake.token }],
    });
    expect(harness.rawLogs()).not.toContain(harness.fake.token);
    const sent = harness.fake.requests.filter((r) => r.body !== undefined).map((r) => JSON.stringify(r.body));
    // The token may only ever travel in the Authorization header, never in a body.
    expect(sent.filter((body) => body.includes(harness.fake.token))).toEqual([]);
    expect(() => execFileSync('git', ['check-ignore', '-q', '.env'], { cwd: PROJECT_ROOT })).not.toThrow();
    record({ area: 'security', badInputsTried: 1, badInputsHandled: 1 });
  });
});

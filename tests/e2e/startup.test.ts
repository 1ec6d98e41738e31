import { GatewayIntentBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await createHarness();
});
afterEach(() => harness.close());

describe('start-up', () => {
  it('logs in with the Guilds intent only and registers every command once, globally', async () => {
    const bot = await harness.start();
    expect(bot.registration).toBe('registered');
    expect(harness.fake.identifies.map((identify) => identify.intents)).toEqual([GatewayIntentBits.Guilds]);
    const writes = harness.fake.commandWrites();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.method).toBe('PUT');
    expect(writes[0]?.path).toBe(`/applications/${harness.fake.applicationId}/commands`);
    expect(harness.fake.commands().map((command) => command.name)).toEqual(commands.map((c) => c.data.name));
  });

  it('runs cast, countdown, release, trivia, the question of the day and reminders as features, each answering its commands', async () => {
    const bot = await harness.start();
    expect(bot.features.map((feature) => [feature.name, feature.commands ?? []])).toEqual([
      ['cast', ['cast']],
      ['countdown', ['countdown']],
      ['release', []],
      ['trivia', ['trivia']],
      ['qotd', []],
      ['reminders', ['reminders']],
    ]);
  });

  it("refuses to start when a feature's command is missing from the command list, and says which", async () => {
    const withoutTrivia = commands.filter((command) => command.data.name !== 'trivia');
    await expect(harness.start({ commands: withoutTrivia })).rejects.toThrow(
      /not in the command list: trivia\./,
    );
    expect(harness.fake.identifies).toHaveLength(0);
  });

  it('registers nothing on a restart with the same commands', async () => {
    await (await harness.start()).stop();
    const again = await harness.start();
    expect(again.registration).toBe('unchanged');
    expect(harness.fake.commandWrites()).toHaveLength(1);
  });

  it('registers again when the command set changed since the last start', async () => {
    await (await harness.start()).stop();
    const changed = commands.map((command) => ({
      ...command,
      data: { ...command.data, description: `${command.data.description} (new)` },
    }));
    const again = await harness.start({ commands: changed });
    expect(again.registration).toBe('registered');
    expect(harness.fake.commandWrites()).toHaveLength(2);
    expect(harness.fake.commands()[0]?.description).toMatch(/\(new\)$/);
  });

  it("registers to DEV_GUILD_ID's server instead when it is set", async () => {
    const guildId = [...harness.fake.guilds.keys()][0]!;
    await harness.start({ env: { DEV_GUILD_ID: guildId } });
    expect(harness.fake.commandWrites()[0]?.path).toBe(
      `/applications/${harness.fake.applicationId}/guilds/${guildId}/commands`,
    );
    expect(harness.fake.commands(guildId).map((command) => command.name)).toContain('cast');
    expect(harness.fake.commands()).toEqual([]);
  });

  it('stops cleanly: the gateway is closed and the store can be opened again', async () => {
    const bot = await harness.start();
    await bot.stop();
    expect(bot.client.isReady()).toBe(false);
    expect(harness.logs.some((line) => line.msg === 'stopped')).toBe(true);
    const again = await harness.start();
    expect(again.registration).toBe('unchanged');
  });

  it('never writes the token to the logs', async () => {
    const bot = await harness.start();
    await harness.fake.chatInput({ name: 'cast' });
    await bot.stop();
    expect(harness.logs.length).toBeGreaterThan(3);
    expect(harness.rawLogs()).not.toContain(harness.fake.token);
  });
});

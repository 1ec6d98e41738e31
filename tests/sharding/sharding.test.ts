/**
 * `npm run start:sharded` as a person runs it: src/shard.ts as a child process, whose ShardingManager starts one
 * process per shard (each running src/index.ts) against a fake Discord that recommends two shards and has one
 * server on each.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/bot-process.js';
import { FakeDiscord, fixedSnowflake, makeGuild } from '../support/fake-discord.js';

/** A guild id that Discord routes to `shard` of `count`: (id >> 22) % count === shard. */
function guildIdOnShard(shard: number, count: number): string {
  for (let ms = 0; ; ms++) {
    const id = fixedSnowflake(new Date(Date.UTC(2024, 0, 1) + ms).toISOString());
    if ((BigInt(id) >> 22n) % BigInt(count) === BigInt(shard)) return id;
  }
}

const GUILD_0 = guildIdOnShard(0, 2);
const GUILD_1 = guildIdOnShard(1, 2);

/** Runs src/shard.ts in an empty folder (so no developer's .env is read) with only the given environment. */
const startSharded = (env: Record<string, string>, cwd: string) => startBotProcess('src/shard.ts', env, cwd);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setUp(): Promise<{ fake: FakeDiscord; env: Record<string, string>; folder: string }> {
  const fake = await FakeDiscord.start({
    guilds: [makeGuild('Shard Zero Fans', { id: GUILD_0 }), makeGuild('Shard One Fans', { id: GUILD_1 })],
    recommendedShards: 2,
  });
  cleanups.push(() => fake.close());
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-sharding-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
  };
  return { fake, env, folder };
}

function run(env: Record<string, string>, folder: string) {
  const started = startSharded(env, folder);
  // Whatever happens, no process of this test outlives it: the manager's shards stop when it goes away.
  cleanups.push(async () => {
    started.child.kill('SIGKILL');
    await started.exited;
  });
  return started;
}

const commandsLogged = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => line.msg === 'commands');

describe('npm run start:sharded', () => {
  it('runs each shard in its own process, registers commands once, answers in every server and stops on SIGTERM', async () => {
    const { fake, env, folder } = await setUp();
    const sharded = run({ ...env, SHARD_COUNT: '2' }, folder);

    await expect.poll(() => commandsLogged(sharded.lines()).length, { timeout: 45_000 }).toBe(2);
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(
      commandsLogged(sharded.lines())
        .map((line) => line.registration)
        .sort(),
    ).toEqual(['registered', 'skipped']);
    expect(fake.commandWrites()).toHaveLength(1);

    for (const guildId of [GUILD_0, GUILD_1]) {
      const cast = await fake.chatInput({ name: 'cast', guildId });
      expect(cast.reply.data?.embeds?.[0]?.fields).toHaveLength(5);
    }

    sharded.child.kill('SIGTERM');
    expect(await sharded.exited).toBe(0);
    // Both bots stopped cleanly (each logs "stopped"), then the manager.
    expect(sharded.lines().filter((line) => line.msg === 'stopped')).toHaveLength(3);
    expect(fake.connectedSessions()).toBe(0);
    expect(sharded.stderr()).toBe('');
    expect(sharded.stdout()).not.toContain(fake.token);
  }, 90_000);

  it('with SHARD_IDS=1 and SHARD_COUNT=2 starts only shard 1, which leaves the commands to shard 0', async () => {
    const { fake, env, folder } = await setUp();
    const sharded = run({ ...env, SHARD_IDS: '1', SHARD_COUNT: '2' }, folder);

    await expect.poll(() => commandsLogged(sharded.lines()).length, { timeout: 45_000 }).toBe(1);
    expect(fake.identifies.map((identify) => identify.shard)).toEqual([[1, 2]]);
    expect(commandsLogged(sharded.lines())[0]?.registration).toBe('skipped');
    expect(fake.commandWrites()).toEqual([]);
    const cast = await fake.chatInput({ name: 'cast', guildId: GUILD_1 });
    expect(cast.reply.data?.embeds?.[0]?.fields).toHaveLength(5);

    sharded.child.kill('SIGTERM');
    expect(await sharded.exited).toBe(0);
    expect(fake.connectedSessions()).toBe(0);
  }, 90_000);

  it('takes its shards down with it when the manager is killed', async () => {
    const { fake, env, folder } = await setUp();
    const sharded = run({ ...env, SHARD_COUNT: '2' }, folder);
    await expect.poll(() => commandsLogged(sharded.lines()).length, { timeout: 45_000 }).toBe(2);
    expect(fake.connectedSessions()).toBe(2);

    sharded.child.kill('SIGKILL');
    await sharded.exited;
    await expect.poll(() => fake.connectedSessions(), { timeout: 20_000 }).toBe(0);
  }, 90_000);

  it('explains a missing token, or SHARD_IDS without SHARD_COUNT, in one line and exits 1', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'phb-sharding-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{}, /^purple-hearts-bot: DISCORD_TOKEN is not set: /],
      [{ DISCORD_TOKEN: 'a.b.c', SHARD_IDS: '0,1' }, /^purple-hearts-bot: SHARD_IDS needs SHARD_COUNT /],
      [{ DISCORD_TOKEN: 'a.b.c', SHARD_COUNT: 'lots' }, /^purple-hearts-bot: SHARD_COUNT must be auto /],
    ];
    for (const [env, message] of cases) {
      const sharded = run(env, folder);
      expect(await sharded.exited).toBe(1);
      const lines = sharded.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(sharded.stdout()).toBe('');
    }
  }, 60_000);
});

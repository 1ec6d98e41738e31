/**
 * The release timeline across shard processes: `npm run start:sharded` with two shards on one SQLite store, the
 * operator's server on shard 0 and a fan server on shard 1. A change made through shard 0 reaches shard 1's
 * server within a minute, with no restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotProcess } from '../support/bot-process.js';
import { defaultUsers, FakeDiscord, fixedSnowflake, makeGuild } from '../support/fake-discord.js';

/** A guild id that Discord routes to `shard` of `count`: (id >> 22) % count === shard. */
function guildIdOnShard(shard: number, count: number): string {
  for (let ms = 0; ; ms++) {
    const id = fixedSnowflake(new Date(Date.UTC(2024, 0, 1) + ms).toISOString());
    if ((BigInt(id) >> 22n) % BigInt(count) === BigInt(shard)) return id;
  }
}

const OPERATOR_GUILD = guildIdOnShard(0, 2);
const FAN_GUILD = guildIdOnShard(1, 2);

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('the release timeline on two shard processes', () => {
  it('follows a change made through one shard in the servers of the other within a minute', async () => {
    const fake = await FakeDiscord.start({
      guilds: [makeGuild('Bot HQ', { id: OPERATOR_GUILD }), makeGuild('Shard One Fans', { id: FAN_GUILD })],
      recommendedShards: 2,
    });
    cleanups.push(() => fake.close());
    const folder = await mkdtemp(path.join(tmpdir(), 'phb-release-shards-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const sharded = startBotProcess(
      'src/shard.ts',
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
        SHARD_COUNT: '2',
        OPERATOR_GUILD_ID: OPERATOR_GUILD,
      },
      folder,
    );
    cleanups.push(async () => {
      sharded.child.kill('SIGKILL');
      await sharded.exited;
    });
    await expect
      .poll(() => sharded.lines().filter((line) => line.msg === 'commands').length, { timeout: 45_000 })
      .toBe(2);
    expect(fake.commands(OPERATOR_GUILD).map((command: { name: string }) => command.name)).toEqual([
      'operator',
    ]);

    const str = (name: string, value: string) => ({ name, type: 3, value });
    const set = await fake.chatInput({
      name: 'operator',
      guildId: OPERATOR_GUILD,
      user: defaultUsers.owner,
      options: [
        {
          name: 'release',
          type: 2,
          options: [
            {
              name: 'set',
              type: 1,
              options: [
                str('date', '2031-05-02'),
                str('time', '09:00'),
                str('timezone', 'Etc/UTC'),
                str('source', 'Netflix, on the shard test'),
              ],
            },
          ],
        },
      ],
    });
    expect(set.reply.data.content).toMatch(/^Saved/);

    const premiere = `<t:${Date.UTC(2031, 4, 2, 9, 0) / 1000}:F>`;
    await expect
      .poll(
        async () =>
          JSON.stringify((await fake.chatInput({ name: 'countdown', guildId: FAN_GUILD })).reply.data),
        { timeout: 60_000, interval: 2_000 },
      )
      .toContain(premiere);

    // Both shards report reading the new revision.
    await expect
      .poll(
        async () =>
          JSON.stringify(
            (
              await fake.chatInput({
                name: 'operator',
                guildId: OPERATOR_GUILD,
                user: defaultUsers.owner,
                options: [{ name: 'status', type: 1, options: [] }],
              })
            ).reply.data.embeds,
          ),
        { timeout: 30_000, interval: 2_000 },
      )
      .toMatch(/Shard 0: read revision 1 .*Shard 1: read revision 1 /);

    sharded.child.kill('SIGTERM');
    expect(await sharded.exited).toBe(0);
  }, 150_000);
});

/**
 * The release timeline across shard processes: `npm run start:sharded` with two shards on one SQLite store, the
 * operator's server on shard 0 and fan servers on both shards. A change made through shard 0 reaches shard 1's
 * servers within a minute, with no restart; once the announcement's debounce has passed, every server with
 * countdown posts on, on either shard, gets one announcement, and a restart of both shards sends none again.
 *
 * Real time (see tests/support/sharded-bot.ts): the shards run with ANNOUNCE_DELAY_SECONDS=20, so the
 * announcement waits 20 seconds after the change (still longer than a shard's poll of the facts) and goes out on
 * the next minutely tick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  bool,
  channelOption,
  defaultUsers,
  makeGuild,
  str,
  type FakeGuild,
} from '../support/fake-discord.js';
import {
  announcedWithin,
  guildIdsOnShard,
  SHARD_TEST_PREMIERE,
  startOperatorShards,
} from '../support/sharded-bot.js';

const [OPERATOR_GUILD = '', ZERO_FANS = '', ZERO_MORE_FANS = ''] = guildIdsOnShard(0, 2, 3);
const [FAN_GUILD = '', MORE_FANS = ''] = guildIdsOnShard(1, 2, 2);
const SOURCE = 'Netflix, on the shard test';

/** The servers whose moderators turn countdown posts on: two on each shard. */
const fanServers: FakeGuild[] = [
  makeGuild('Shard Zero Fans', { id: ZERO_FANS }),
  makeGuild('Shard Zero More Fans', { id: ZERO_MORE_FANS }),
  makeGuild('Shard One Fans', { id: FAN_GUILD }),
  makeGuild('Shard One More Fans', { id: MORE_FANS }),
];
const channelOf = (guild: FakeGuild): string => guild.channels[0]?.id ?? '';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A daily post time twelve hours from now (UTC), so that no daily post falls due during the test. */
function farFromNow(): string {
  return new Date(Date.now() + 12 * 60 * 60_000).toISOString().slice(11, 16);
}

describe('the release timeline on two shard processes', () => {
  it('follows a change made through one shard in the servers of the other within a minute, announces it once in every configured server of both shards, and not again after a restart', async () => {
    const operatorGuild = makeGuild('Bot HQ', { id: OPERATOR_GUILD });
    const shards = await startOperatorShards([operatorGuild, ...fanServers], OPERATOR_GUILD, cleanups);
    const { fake, restart, stopCleanly } = shards;
    expect(fake.commands(OPERATOR_GUILD).map((command: { name: string }) => command.name)).toEqual([
      'operator',
    ]);

    // Each server's moderators turn its countdown posts on, through the process of its own shard.
    for (const guild of fanServers) {
      const { reply } = await fake.command(
        'config countdown',
        [
          channelOption('channel', channelOf(guild)),
          str('time', farFromNow()),
          str('timezone', 'Etc/UTC'),
          bool('enabled', true),
        ],
        { guildId: guild.id, user: defaultUsers.owner },
      );
      expect(String(reply.data?.content), guild.name).toMatch(/Saved/);
    }

    const setAt = await shards.setPremiere(SOURCE);

    await expect
      .poll(
        async () =>
          JSON.stringify((await fake.chatInput({ name: 'countdown', guildId: FAN_GUILD })).reply.data),
        { timeout: 60_000, interval: 2_000 },
      )
      .toContain(SHARD_TEST_PREMIERE);

    // Both shards report reading the new revision.
    await expect
      .poll(
        async () =>
          JSON.stringify(
            (
              await fake.command('operator status', [], {
                guildId: OPERATOR_GUILD,
                user: defaultUsers.owner,
              })
            ).reply.data?.embeds,
          ),
        { timeout: 30_000, interval: 2_000 },
      )
      .toMatch(/Shard 0: read revision 1 .*Shard 1: read revision 1 /);

    // After the debounce, each configured server of either shard gets its announcement from its own shard.
    const announcements = () => fanServers.map((guild) => fake.channelMessages(channelOf(guild)).length);
    await expect
      .poll(announcements, {
        timeout: announcedWithin(setAt),
        interval: 2_000,
      })
      .toEqual(fanServers.map(() => 1));

    // Stopped and started again, both shards recover (catching up on what they think is due) and tick: nothing
    // is posted twice.
    await restart();

    for (const guild of fanServers) {
      const posts = fake.channelMessages(channelOf(guild));
      expect(posts, guild.name).toHaveLength(1);
      expect(JSON.stringify(posts[0]), guild.name).toContain(SHARD_TEST_PREMIERE);
      expect(JSON.stringify(posts[0]), guild.name).toContain(SOURCE);
      // Not even a second attempt that Discord's nonce check would have turned away.
      const attempts = fake.requests.filter(
        (request) => request.method === 'POST' && request.path === `/channels/${channelOf(guild)}/messages`,
      );
      expect(attempts, guild.name).toHaveLength(1);
    }
    // The operator's server has no countdown posts set up: no announcement there.
    expect(fake.channelMessages(channelOf(operatorGuild))).toEqual([]);

    await stopCleanly();
  }, 900_000);
});

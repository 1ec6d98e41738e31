/**
 * Reminders across shard processes: `npm run start:sharded` with two shards on one SQLite store. Members choose
 * their reminders in servers of either shard, so each choice is handled, and listed, by that shard's process;
 * only the process running shard 0 delivers (src/reminders/feature.ts), and it must find the members listed by
 * the other (src/reminders/service.ts). The operator's server is on shard 1, so the deliverer also learns of the
 * change by reading the store. Each member gets exactly one DM per reminder, and a restart sends none again.
 *
 * Real time (see tests/support/sharded-bot.ts): the shards run with ANNOUNCE_DELAY_SECONDS=20, so the
 * date-announced reminder waits 20 seconds after the change and goes out on the next minutely tick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHOOSE_ID, REMIND_ME_ID } from '../../src/reminders/render.js';
import {
  bool,
  defaultUsers,
  type FakeDiscord,
  makeGuild,
  makeUser,
  type CommandOption,
  type FakeUser,
} from '../support/fake-discord.js';
import {
  announcedWithin,
  guildIdsOnShard,
  SHARD_TEST_PREMIERE,
  startOperatorShards,
} from '../support/sharded-bot.js';

const [SHARD_ZERO_FANS = ''] = guildIdsOnShard(0, 2, 1);
const [SHARD_ONE_FANS = '', OPERATOR_GUILD = ''] = guildIdsOnShard(1, 2, 2);
const SOURCE = 'Netflix, on the reminders shard test';

/** Members who ask for the date-announced reminder, and where (the shard whose process lists them). */
const byButtonOnShardOne = defaultUsers.fan;
const bySetOnShardOne = defaultUsers.otherFan;
const bySetOnShardZero = defaultUsers.moderator;
/** Asks for the premiere only (years away): nothing now. */
const premiereOnly = makeUser('Premiere Only');
/** Asks through shard 1, stops through shard 0: shard 1's list still names them, and they get nothing. */
const stopped = makeUser('Changed Their Mind');

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** `/reminders <sub>` as `user` types it in a server. */
const reminders = (
  fake: FakeDiscord,
  guildId: string,
  user: FakeUser,
  sub: 'set' | 'stop',
  options: CommandOption[] = [],
) => fake.command(`reminders ${sub}`, options, { guildId, user });

/** The attempts to DM a member: DM channels opened for them, and messages posted in their DM channel. */
function dmAttempts(fake: FakeDiscord, user: FakeUser): { opened: number; posted: number } {
  const channel = fake.directMessages(user.id)[0]?.channel_id ?? 'none';
  return {
    opened: fake.requests.filter(
      (request) =>
        request.method === 'POST' &&
        request.path === '/users/@me/channels' &&
        (request.body as { recipient_id?: string } | undefined)?.recipient_id === user.id,
    ).length,
    posted: fake.requests.filter(
      (request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`,
    ).length,
  };
}

describe('reminders on two shard processes', () => {
  it('sends every member who opted in through either shard exactly one DM when the date is announced, and none again after a restart', async () => {
    const members = [byButtonOnShardOne, bySetOnShardOne, bySetOnShardZero, premiereOnly, stopped];
    const guilds = [
      makeGuild('Shard Zero Fans', { id: SHARD_ZERO_FANS }),
      makeGuild('Shard One Fans', { id: SHARD_ONE_FANS }),
      makeGuild('Bot HQ', { id: OPERATOR_GUILD }),
    ];
    for (const guild of guilds) guild.members?.push(...members.map((user) => ({ user, roles: [] })));
    const shards = await startOperatorShards(guilds, OPERATOR_GUILD, cleanups);
    const { fake, restart, stopCleanly } = shards;

    // The Remind me button under /countdown, in a server of shard 1.
    const countdown = await fake.chatInput({
      name: 'countdown',
      guildId: SHARD_ONE_FANS,
      user: byButtonOnShardOne,
    });
    const menu = await fake.button({
      customId: REMIND_ME_ID,
      message: countdown.original()!,
      guildId: SHARD_ONE_FANS,
      user: byButtonOnShardOne,
    });
    const chosen = await fake.selectMenu({
      customId: CHOOSE_ID,
      message: menu.original()!,
      values: ['announced'],
      guildId: SHARD_ONE_FANS,
      user: byButtonOnShardOne,
    });
    expect(chosen.original()?.content).toMatch(/^Saved\. I'll remind you by DM of: The date is announced/);
    // /reminders set, in servers of both shards.
    for (const [guildId, user, options] of [
      [SHARD_ONE_FANS, bySetOnShardOne, [bool('announced', true)]],
      [SHARD_ZERO_FANS, bySetOnShardZero, [bool('announced', true)]],
      [SHARD_ONE_FANS, premiereOnly, [bool('premiere', true)]],
      [SHARD_ONE_FANS, stopped, [bool('announced', true)]],
    ] as const) {
      const { reply } = await reminders(fake, guildId, user, 'set', [...options]);
      expect(String(reply.data?.content), user.username).toMatch(/^Saved/);
    }
    const stop = await reminders(fake, SHARD_ZERO_FANS, stopped, 'stop');
    expect(String(stop.reply.data?.content)).toMatch(/^Stopped\./);

    const setAt = await shards.setPremiere(SOURCE);

    const told = [byButtonOnShardOne, bySetOnShardOne, bySetOnShardZero];
    await expect
      .poll(() => told.map((user) => fake.directMessages(user.id).length), {
        timeout: announcedWithin(setAt),
        interval: 2_000,
      })
      .toEqual(told.map(() => 1));

    // Stopped and started again, both shards recover (the deliverer looks for reminders missed while it was
    // down) and tick: nobody is reminded twice.
    await restart();

    for (const user of told) {
      const dms = fake.directMessages(user.id);
      expect(dms, user.username).toHaveLength(1);
      expect(String(dms[0]?.content), user.username).toMatch(/has a premiere date/);
      expect(JSON.stringify(dms[0]?.embeds), user.username).toContain(SHARD_TEST_PREMIERE);
      expect(JSON.stringify(dms[0]?.embeds), user.username).toContain(SOURCE);
      // Not even a second attempt that Discord's nonce check would have turned away.
      expect(dmAttempts(fake, user), user.username).toEqual({ opened: 1, posted: 1 });
    }
    for (const user of [premiereOnly, stopped]) {
      expect(fake.directMessages(user.id), user.username).toEqual([]);
      expect(dmAttempts(fake, user).opened, user.username).toBe(0);
    }

    await stopCleanly();
  }, 900_000);
});

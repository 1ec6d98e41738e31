/**
 * `npm run start:sharded` (src/shard.ts) as a child process for tests: discord.js's ShardingManager starts one
 * process per shard, all on one store, against a fake Discord. With the helpers the multi-process tests share:
 * guild ids that land on a given shard, waiting for the shards, and knowing when a restarted shard has recovered.
 *
 * Real time: the shard processes read the real clock (BotOptions.now exists in-process only) and node-cron ticks
 * at second 0 of each minute.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { startBotProcess, type BotProcess } from './bot-process.js';
import {
  defaultUsers,
  FakeDiscord,
  fixedSnowflake,
  str,
  type FakeGuild,
  type FakeUser,
} from './fake-discord.js';

const MINUTE = 60_000;
/**
 * The announcement delay (ANNOUNCE_DELAY_SECONDS) the operator's shards run with: short, so a test waits seconds
 * rather than the default three minutes, and still longer than the shards' 15 s poll of the release facts.
 */
export const TEST_ANNOUNCE_DELAY_SECONDS = 20;

/** `n` guild ids that Discord routes to `shard` of `count`: (id >> 22) % count === shard. */
export function guildIdsOnShard(shard: number, count: number, n: number): string[] {
  const ids: string[] = [];
  for (let ms = 0; ids.length < n; ms++) {
    const id = fixedSnowflake(new Date(Date.UTC(2024, 0, 1) + ms).toISOString());
    if ((BigInt(id) >> 22n) % BigInt(count) === BigInt(shard)) ids.push(id);
  }
  return ids;
}

/**
 * Starts src/shard.ts in `folder` (empty, so no developer's .env is read) with only `env`; `cleanups` gets a
 * SIGKILL of it, so that no process outlives the test (its shards stop when it goes away).
 */
export function startShardedBot(
  env: Record<string, string>,
  folder: string,
  cleanups: Array<() => Promise<unknown>>,
): BotProcess {
  const manager = startBotProcess('src/shard.ts', env, folder);
  cleanups.push(async () => {
    manager.child.kill('SIGKILL');
    await manager.exited;
  });
  return manager;
}

/**
 * Waits until `count` shard processes have logged in and registered (or skipped) the commands; returns the time
 * it saw them (every read of the store a shard makes at start-up came before it).
 */
export async function shardsReady(manager: BotProcess, count: number): Promise<number> {
  await expect
    .poll(() => manager.lines().filter((line) => line.msg === 'commands').length, { timeout: 90_000 })
    .toBeGreaterThanOrEqual(count);
  return Date.now();
}

/** Stops the manager as Ctrl+C or a deploy would (SIGTERM): it and its shards must stop cleanly. */
export async function stopShardedBot(manager: BotProcess): Promise<void> {
  manager.child.kill('SIGTERM');
  expect(await manager.exited).toBe(0);
}

/** When each shard last read the release facts (whole seconds), as `/operator status` in `guildId` says. */
export async function lastReads(fake: FakeDiscord, guildId: string, operator: FakeUser): Promise<number[]> {
  const { reply } = await fake.chatInput({
    name: 'operator',
    guildId,
    user: operator,
    options: [{ name: 'status', type: 1, options: [] }],
  });
  const text = JSON.stringify(reply.data?.embeds ?? []);
  return [...text.matchAll(/Shard (\d+): read revision \d+ <t:(\d+):R>/g)].map((match) => Number(match[2]));
}

/**
 * Waits until every one of `shards` shards has recovered since `readyAt` (from {@link shardsReady}), then until a
 * minutely tick has run after that and had time to send.
 *
 * Recovery (which sends what is due at once) ends by starting each shard's poll of the release facts, whose first
 * read comes 15 s later: a read newer than `readyAt` shows the shard has recovered. What follows can only be
 * waited for, as it is the absence of a post: the next minute's tick, with time to send.
 */
export async function recoveredAndTicked(
  fake: FakeDiscord,
  operatorGuildId: string,
  operator: FakeUser,
  shards: number,
  readyAt: number,
): Promise<void> {
  const after = Math.ceil(readyAt / 1000);
  await expect
    .poll(
      async () =>
        (await lastReads(fake, operatorGuildId, operator)).filter((at) => at >= after).length === shards,
      { timeout: 90_000, interval: 2_000 },
    )
    .toBe(true);
  const tick = Math.ceil(Date.now() / MINUTE) * MINUTE;
  await sleep(tick - Date.now() + 10_000);
}

/** Two shard processes on one SQLite store, with the operator's server, and the fake Discord they run against. */
export interface OperatorShards {
  fake: FakeDiscord;
  /** Every `start:sharded` process started, the running one last. */
  processes: BotProcess[];
  /** Stops both shards, starts them again on the same store, and waits until both recovered and ticked. */
  restart: () => Promise<void>;
  /** Stops the running process; every process started must have logged no error and written no stderr. */
  stopCleanly: () => Promise<void>;
  /**
   * Sets the premiere to {@link SHARD_TEST_PREMIERE} with `/operator release set` in the operator's server, with
   * `source`; resolves with when it was saved (for {@link announcedWithin}).
   */
  setPremiere: (source: string) => Promise<number>;
}

/** The premiere the sharded tests' operator sets: 2 May 2031, 09:00 UTC, as Discord shows it in a post. */
export const SHARD_TEST_PREMIERE = `<t:${Date.UTC(2031, 4, 2, 9, 0) / 1000}:F>`;

/**
 * Starts a fake Discord with `guilds` (the operator's server among them) and `npm run start:sharded` with two
 * shards on a fresh SQLite store, `OPERATOR_GUILD_ID` and {@link TEST_ANNOUNCE_DELAY_SECONDS}; resolves once
 * both shards are ready.
 */
export async function startOperatorShards(
  guilds: FakeGuild[],
  operatorGuildId: string,
  cleanups: Array<() => Promise<unknown>>,
): Promise<OperatorShards> {
  const fake = await FakeDiscord.start({
    guilds,
    recommendedShards: 2,
    // A shard process fresh from start-up on a busy machine may take longer than Discord's 3 s to reply.
    callbackTimeoutMs: 15_000,
  });
  cleanups.push(() => fake.close());
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-operator-shards-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
    SHARD_COUNT: '2',
    OPERATOR_GUILD_ID: operatorGuildId,
    ANNOUNCE_DELAY_SECONDS: String(TEST_ANNOUNCE_DELAY_SECONDS),
  };
  const processes = [startShardedBot(env, folder, cleanups)];
  const running = (): BotProcess => processes[processes.length - 1] as BotProcess;
  await shardsReady(running(), 2);
  return {
    fake,
    processes,
    async restart() {
      await stopShardedBot(running());
      processes.push(startShardedBot(env, folder, cleanups));
      const readyAt = await shardsReady(running(), 2);
      await recoveredAndTicked(fake, operatorGuildId, defaultUsers.owner, 2, readyAt);
    },
    async stopCleanly() {
      await stopShardedBot(running());
      for (const manager of processes) {
        expect(manager.stderr()).toBe('');
        expect(manager.lines().filter((line) => line.level >= 50)).toEqual([]);
      }
    },
    async setPremiere(source) {
      const set = await fake.command(
        'operator release set',
        [str('date', '2031-05-02'), str('time', '09:00'), str('timezone', 'Etc/UTC'), str('source', source)],
        { guildId: operatorGuildId, user: defaultUsers.owner },
      );
      expect(set.reply.data?.content).toMatch(/^Saved/);
      return Date.now();
    },
  };
}

/**
 * How long to poll for what follows a release change made at `changedAt` on {@link startOperatorShards}' shards:
 * the announcement delay, then the next minutely tick, with room for a busy machine.
 */
export const announcedWithin = (changedAt: number): number =>
  changedAt + TEST_ANNOUNCE_DELAY_SECONDS * 1000 + 150_000 - Date.now();

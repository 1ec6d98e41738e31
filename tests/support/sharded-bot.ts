/**
 * `npm run start:sharded` (src/shard.ts) as a child process for tests: discord.js's ShardingManager starts one
 * process per shard, all on one store, against a fake Discord. With the helpers the multi-process tests share:
 * guild ids that land on a given shard, waiting for the shards, and knowing when a restarted shard has recovered.
 *
 * Real time: the shard processes read the real clock (BotOptions.now exists in-process only) and node-cron ticks
 * at second 0 of each minute.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { startBotProcess, type BotProcess } from './bot-process.js';
import { fixedSnowflake, type FakeDiscord, type FakeUser } from './fake-discord.js';

const MINUTE = 60_000;

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

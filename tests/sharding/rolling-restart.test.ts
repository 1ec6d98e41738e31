/**
 * Rolling restarts of a sharded bot: two shards, each in its own process (`npm run start:sharded`, src/shard.ts)
 * with one SQLite file between them, against a fake Discord. Every server has a countdown post and a question of
 * the day configured for minutes at which one shard is down or starting, and must get each exactly once: from its
 * own shard, caught up after a restart, never twice, even when a shard is killed in the middle of sending. A
 * trivia question open when its shard stops is revealed by that shard once back, and by no other.
 *
 * Real time. The shard processes read the real clock, which has no test override (BotOptions.now exists in-process
 * only), node-cron ticks at second 0 of each minute, and posts are due at whole minutes. A rolling restart needs
 * two due minutes (one while each shard is away, with the other running), so the first test waits for the next
 * minute boundary at least 8 s ahead, then one more minute: 75 to 135 s. The crash test needs one (10 to 70 s) and
 * runs alongside.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, type ExpectStatic, type TestContext } from 'vitest';
import type { ScheduleRecord } from '../../src/schedule/daily-scheduler.js';
import { openStore } from '../../src/store.js';
import {
  ChannelTypes,
  bool,
  channelOption,
  customIdsOf,
  defaultUsers,
  FakeDiscord,
  fixedSnowflake,
  makeGuild,
  snowflake,
  str,
  type CommandOption,
  messageBody,
  type FakeGuild,
  type RecordedRequest,
  type StoredMessage,
} from '../support/fake-discord.js';
import { startBotProcess, type BotProcess, type LogLine } from '../support/bot-process.js';

const SHARD_COUNT = 2;
const MINUTE = 60_000;

/** `n` guild ids that Discord routes to `shard`: (id >> 22) % SHARD_COUNT === shard. */
function guildIdsOnShard(shard: number, n: number): string[] {
  const ids: string[] = [];
  for (let ms = 0; ids.length < n; ms++) {
    const id = fixedSnowflake(new Date(Date.UTC(2024, 0, 1) + ms).toISOString());
    if ((BigInt(id) >> 22n) % BigInt(SHARD_COUNT) === BigInt(shard)) ids.push(id);
  }
  return ids;
}

/** A server of the test: its guild, the channel its posts go to, one for trivia, its timezone and shard. */
interface Server {
  guild: FakeGuild;
  channelId: string;
  triviaChannelId: string;
  timeZone: string;
  shard: number;
}

/** Three servers per shard, in timezones whose offsets differ by hours and half hours. */
function makeServers(): Server[] {
  const zones = ['Etc/UTC', 'Asia/Kolkata', 'America/New_York'];
  return [0, 1].flatMap((shard) =>
    guildIdsOnShard(shard, zones.length).map((id, index) => {
      const guild = makeGuild(`Shard ${shard} Fans ${index}`, { id });
      const channelId = guild.channels[0]?.id;
      if (channelId === undefined) throw new Error('makeGuild made no channel');
      const triviaChannelId = snowflake();
      guild.channels.push({
        id: triviaChannelId,
        type: ChannelTypes.GuildText,
        name: 'trivia',
        guild_id: id,
        position: 1,
      });
      guild.members?.push({ user: defaultUsers.fan, roles: [] });
      return { guild, channelId, triviaChannelId, timeZone: zones[index] ?? 'Etc/UTC', shard };
    }),
  );
}

/** `instant` as the 24-hour `HH:MM` and the `YYYY-MM-DD` day it is in `timeZone`. */
function localTime(instant: number, timeZone: string): { time: string; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return { time: `${parts.hour}:${parts.minute}`, date: `${parts.year}-${parts.month}-${parts.day}` };
}

/** The first whole minute at or after `ms`. */
const minuteAtOrAfter = (ms: number): number => Math.ceil(ms / MINUTE) * MINUTE;

async function sleepUntil(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) await sleep(wait);
}

/** One run of `npm run start:sharded` (src/shard.ts) in its own process, with the shard processes it starts. */
type Manager = BotProcess;

/** Runs src/shard.ts in an empty folder (so no developer's .env is read) with only the given environment. */
function startManager(
  env: Record<string, string>,
  folder: string,
  cleanups: Array<() => Promise<unknown>>,
): Manager {
  const manager = startBotProcess('src/shard.ts', env, folder);
  // Whatever happens, no process of this test outlives it: the manager's shards stop when it goes away.
  cleanups.push(async () => {
    manager.child.kill('SIGKILL');
    await manager.exited;
  });
  return manager;
}

/** Waits until `count` shard processes of `manager` have logged in and registered (or skipped) the commands. */
async function shardsReady(expect: ExpectStatic, manager: Manager, count: number): Promise<void> {
  await expect
    .poll(() => manager.lines().filter((line) => line.msg === 'commands').length, { timeout: 45_000 })
    .toBeGreaterThanOrEqual(count);
}

/** Stops a manager as Ctrl+C or a deploy would (SIGTERM); it and its shards must stop cleanly. */
async function stopManager(expect: ExpectStatic, manager: Manager): Promise<void> {
  manager.child.kill('SIGTERM');
  expect(await manager.exited).toBe(0);
}

const sentLines = (manager: Manager): LogLine[] =>
  manager.lines().filter((line) => line.msg === 'scheduled post sent');

/**
 * A fake Discord with the servers, an empty folder for the store, and `start` to run a manager there. Everything
 * is cleaned up when the test finishes (the two tests run at the same time, so per test, not after each).
 */
async function setUp(servers: Server[], onTestFinished: TestContext['onTestFinished']) {
  const cleanups: Array<() => Promise<unknown>> = [];
  onTestFinished(async () => {
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  });
  const fake = await FakeDiscord.start({
    guilds: servers.map((server) => server.guild),
    recommendedShards: SHARD_COUNT,
    // What is tested here is posts and games across restarts, not reply time: a shard process fresh from start-up
    // on a machine busy with the rest of the suite may take longer than Discord's 3 s over its first /config.
    callbackTimeoutMs: 15_000,
  });
  cleanups.push(() => fake.close());
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-rolling-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  const storeUrl = `sqlite://${path.join(folder, 'store.sqlite')}`;
  const env = { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: storeUrl };
  const start = (extra: Record<string, string>): Manager =>
    startManager({ ...env, ...extra }, folder, cleanups);
  return { fake, storeUrl, start };
}

/**
 * A moderator (the owner) runs `/config <sub>` in the server; it must be saved, or already hold those values (the
 * game's answer time is computed from the clock and may land on the default).
 */
async function configure(
  expect: ExpectStatic,
  fake: FakeDiscord,
  server: Server,
  sub: string,
  options: CommandOption[],
): Promise<void> {
  const { reply } = await fake.command(`config ${sub}`, options, {
    guildId: server.guild.id,
    channelId: server.channelId,
    user: defaultUsers.owner,
  });
  expect(String(reply.data?.content), `/config ${sub} in ${server.guild.name}`).toMatch(
    /Saved|Nothing changed/,
  );
}

/** A release date comfortably in the future, so the countdown has a target and posts. */
function releaseDate(): string {
  return new Date(Date.now() + 200 * 24 * 60 * MINUTE).toISOString().slice(0, 10);
}

/** Turns on the countdown post and/or the question of the day at the local times of the given instants. */
async function schedulePosts(
  expect: ExpectStatic,
  fake: FakeDiscord,
  server: Server,
  due: { countdown?: number; qotd?: number },
): Promise<void> {
  const channel = channelOption('channel', server.channelId);
  const enabled = bool('enabled', true);
  const zone = str('timezone', server.timeZone);
  if (due.countdown !== undefined) {
    await configure(expect, fake, server, 'release', [str('date', releaseDate())]);
    await configure(expect, fake, server, 'countdown', [
      channel,
      str('time', localTime(due.countdown, server.timeZone).time),
      zone,
      enabled,
    ]);
  }
  if (due.qotd !== undefined) {
    await configure(expect, fake, server, 'qotd', [
      channel,
      str('time', localTime(due.qotd, server.timeZone).time),
      zone,
      enabled,
    ]);
  }
}

const isQuestionOfTheDay = (message: StoredMessage): boolean =>
  (message.embeds[0]?.title ?? '').startsWith('Question of the day');

/** The posts in a server's channel, by kind. */
function postsIn(fake: FakeDiscord, server: Server): { countdown: StoredMessage[]; qotd: StoredMessage[] } {
  const messages = fake.channelMessages(server.channelId);
  return {
    countdown: messages.filter((message) => !isQuestionOfTheDay(message)),
    qotd: messages.filter(isQuestionOfTheDay),
  };
}

const postRequestsTo = (fake: FakeDiscord, server: Server): RecordedRequest[] =>
  fake.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${server.channelId}/messages`,
  );

/**
 * Starts a one-question trivia game in the server, answer time set so that it closes at `closesAt` (whole seconds,
 * 5 to 120), and locks in the fan's answer. Returns the question's message.
 */
async function startGame(
  expect: ExpectStatic,
  fake: FakeDiscord,
  server: Server,
  closesAt: number,
): Promise<StoredMessage> {
  const seconds = Math.min(120, Math.max(5, Math.round((closesAt - Date.now()) / 1000)));
  await configure(expect, fake, server, 'trivia', [{ name: 'answer-time', type: 4, value: seconds }]);
  const where = { guildId: server.guild.id, channelId: server.triviaChannelId, user: defaultUsers.fan };
  await fake.chatInput({
    ...where,
    name: 'trivia',
    options: [{ name: 'play', type: 1, options: [{ name: 'rounds', type: 4, value: 1 }] }],
  });
  await expect.poll(() => openQuestion(fake, server), { timeout: 10_000 }).toBeDefined();
  const question = openQuestion(fake, server)!;
  const { reply } = await fake.button({
    ...where,
    message: question,
    customId: customIdsOf(question)[0] ?? '',
  });
  expect(String(reply.data?.content)).toMatch(/Locked in/);
  return question;
}

const isQuestion = (message: StoredMessage): boolean =>
  (customIdsOf(message)[0] ?? '').startsWith('trivia:a:');

const openQuestion = (fake: FakeDiscord, server: Server): StoredMessage | undefined =>
  fake.channelMessages(server.triviaChannelId).find(isQuestion);

/** Whether a question's message shows its results, with the fan's answer among them. */
function revealedWithFan(fake: FakeDiscord, question: StoredMessage): boolean {
  const embed = fake.message(question.id)?.embeds[0];
  return (
    String(embed?.title).endsWith("Time's up") &&
    JSON.stringify(embed?.fields ?? []).includes(`<@${defaultUsers.fan.id}>`)
  );
}

/** What the store says was handled for a server's job: exactly `date`, with no send left half-done. */
async function expectRecords(
  expect: ExpectStatic,
  storeUrl: string,
  expected: Array<{ server: Server; job: 'countdown' | 'qotd'; date: string }>,
): Promise<void> {
  const store = await openStore(storeUrl);
  try {
    for (const { server, job, date } of expected) {
      const record = await store.get<ScheduleRecord>(`schedule:${job}:${server.guild.id}`);
      expect(record?.lastDate, `${job} of ${server.guild.name}`).toBe(date);
      expect(record?.sending, `${job} of ${server.guild.name}`).toBeUndefined();
    }
  } finally {
    await store.close();
  }
}

// Concurrent: both tests spend most of their time waiting for the minute, and can wait for the same one.
describe.concurrent('a sharded bot restarted one shard at a time', () => {
  it('posts every server its countdown and question of the day exactly once and finishes its games, catching up what fell due while its shard was down', async ({
    onTestFinished,
    expect,
  }) => {
    const servers = makeServers();
    const { fake, storeUrl, start } = await setUp(servers, onTestFinished);
    const shardEnv = (id: number) => ({ SHARD_COUNT: String(SHARD_COUNT), SHARD_IDS: String(id) });
    // One manager per shard, as on two machines, so that each can be stopped and started on its own.
    let shard0 = start(shardEnv(0));
    let shard1 = start(shardEnv(1));
    const managers = [shard0, shard1];
    await Promise.all([shardsReady(expect, shard0, 1), shardsReady(expect, shard1, 1)]);

    // Shard 0 is down at `first`, shard 1 starts up across `second`. Each server has one post due while its
    // shard is away (caught up after) and one while it runs (sent on the minute), alternating the kinds. Setting
    // up and stopping shard 0 take well under a second; the rest of the lead is the game's shortest answer time.
    const first = minuteAtOrAfter(Date.now() + 8_000);
    const second = first + MINUTE;
    const awayAt = (server: Server) => (server.shard === 0 ? first : second);
    const runningAt = (server: Server) => (server.shard === 0 ? second : first);
    const plans = servers.map((server, index) =>
      index % 2 === 0
        ? { server, countdown: awayAt(server), qotd: runningAt(server) }
        : { server, countdown: runningAt(server), qotd: awayAt(server) },
    );
    for (const { server, countdown, qotd } of plans)
      await schedulePosts(expect, fake, server, { countdown, qotd });
    const onShard = (shard: number) => servers.filter((server) => server.shard === shard);
    // A game in a server of shard 0 whose question closes while shard 0 is down, with an answer locked in.
    const game0 = await startGame(expect, fake, onShard(0)[0]!, first);

    await stopManager(expect, shard0);
    expect(Date.now(), 'shard 0 stopped before its posts fell due').toBeLessThan(first - 1_000);

    // While shard 0 is down, shard 1 posts what falls due in its servers, and nothing of shard 0's.
    await sleepUntil(first);
    await expect
      .poll(() => onShard(1).map((server) => fake.channelMessages(server.channelId).length), {
        timeout: 15_000,
      })
      .toEqual([1, 1, 1]);
    for (const server of onShard(0)) expect(fake.channelMessages(server.channelId)).toEqual([]);
    expect(revealedWithFan(fake, game0), "shard 0's game, left alone by shard 1").toBe(false);

    // Shard 0 comes back, catches up on the posts it missed and reveals its game's question, late.
    shard0 = start(shardEnv(0));
    managers.push(shard0);
    await shardsReady(expect, shard0, 1);
    await expect
      .poll(() => onShard(0).map((server) => fake.channelMessages(server.channelId).length), {
        timeout: 15_000,
      })
      .toEqual([1, 1, 1]);
    await expect.poll(() => revealedWithFan(fake, game0), { timeout: 10_000 }).toBe(true);

    // Shard 1 goes down with a game open, and is starting again when its servers' next posts fall due.
    const game1 = await startGame(expect, fake, onShard(1)[0]!, second - 3_000);
    await stopManager(expect, shard1);
    await sleepUntil(second - 1_000);
    expect(revealedWithFan(fake, game1), "shard 1's game, left alone by shard 0").toBe(false);
    shard1 = start(shardEnv(1));
    managers.push(shard1);
    await shardsReady(expect, shard1, 1);
    expect(Date.now(), 'shard 1 was still starting when its posts fell due').toBeGreaterThan(second);
    await expect
      .poll(() => servers.map((server) => fake.channelMessages(server.channelId).length), {
        timeout: 15_000,
      })
      .toEqual(servers.map(() => 2));
    await expect.poll(() => revealedWithFan(fake, game1), { timeout: 10_000 }).toBe(true);
    // A duplicate would come from a tick or a restart that runs a day twice: give both shards a moment to do so.
    await sleep(2_000);

    for (const server of servers) {
      const posts = postsIn(fake, server);
      expect(posts.countdown, `countdown posts in ${server.guild.name}`).toHaveLength(1);
      expect(posts.qotd, `questions of the day in ${server.guild.name}`).toHaveLength(1);
      // Not even a second attempt that Discord's nonce check would have turned away.
      expect(postRequestsTo(fake, server), `post requests for ${server.guild.name}`).toHaveLength(2);
    }
    // Each post came from the process that runs the server's shard.
    for (const [manager, shard] of [
      [managers[0], 0],
      [managers[1], 1],
      [managers[2], 0],
      [managers[3], 1],
    ] as const) {
      const guilds = new Set(onShard(shard).map((server) => server.guild.id));
      for (const line of sentLines(manager!)) expect(guilds.has(String(line.guild))).toBe(true);
    }
    expect(managers.reduce((sum, manager) => sum + sentLines(manager).length, 0)).toBe(12);

    await Promise.all([stopManager(expect, shard0), stopManager(expect, shard1)]);
    for (const manager of managers) {
      expect(manager.stderr()).toBe('');
      expect(manager.lines().filter((line) => line.level >= 50)).toEqual([]);
    }
    await expectRecords(
      expect,
      storeUrl,
      plans.flatMap(({ server, countdown, qotd }) => [
        { server, job: 'countdown' as const, date: localTime(countdown, server.timeZone).date },
        { server, job: 'qotd' as const, date: localTime(qotd, server.timeZone).date },
      ]),
    );
  }, 200_000);

  it('posts each server once when a shard is killed with SIGKILL while its posts are being sent', async ({
    onTestFinished,
    expect,
  }) => {
    const servers = makeServers();
    const { fake, storeUrl, start } = await setUp(servers, onTestFinished);
    // Both shards under one manager, which starts a crashed shard again.
    const manager = start({ SHARD_COUNT: String(SHARD_COUNT) });
    await shardsReady(expect, manager, 2);

    const due = minuteAtOrAfter(Date.now() + 5_000);
    for (const server of servers) await schedulePosts(expect, fake, server, { countdown: due });
    // Shard 1's posts reach Discord but the shard dies before it hears back: for two servers Discord has made the
    // message, for the third the request is lost on the way.
    const shard1 = servers.filter((server) => server.shard === 1);
    const toChannel = (server: Server) => (request: RecordedRequest) =>
      request.method === 'POST' && request.path === `/channels/${server.channelId}/messages`;
    fake.holdRequests(toChannel(shard1[0]!), { processed: true });
    fake.holdRequests(toChannel(shard1[1]!), { processed: true });
    fake.holdRequests(toChannel(shard1[2]!), { processed: false });

    await sleepUntil(due);
    await expect.poll(() => fake.heldRequests().length, { timeout: 15_000 }).toBe(3);
    const shard1Pid = shardProcess(manager, 1);
    process.kill(shard1Pid, 'SIGKILL');
    await expect
      .poll(() => fake.heldRequests().every((held) => held.connectionClosed), { timeout: 10_000 })
      .toBe(true);
    fake.releaseHeld();
    // Before shard 1 is back: two of its messages exist (their answers never reached it), one was never made.
    expect(shard1.map((server) => fake.channelMessages(server.channelId).length)).toEqual([1, 1, 0]);

    // The manager starts shard 1 again, which sends the interrupted posts again with the same nonces.
    await shardsReady(expect, manager, 3);
    await expect
      .poll(() => servers.map((server) => fake.channelMessages(server.channelId).length), {
        timeout: 15_000,
      })
      .toEqual(servers.map(() => 1));
    await sleep(2_000);
    for (const server of servers) {
      expect(fake.channelMessages(server.channelId), `posts in ${server.guild.name}`).toHaveLength(1);
      // Shard 0 sent once; shard 1 sent before it died and again after, and Discord kept one message.
      expect(postRequestsTo(fake, server), `post requests for ${server.guild.name}`).toHaveLength(
        server.shard === 1 ? 2 : 1,
      );
    }
    const nonces = (server: Server) =>
      new Set(postRequestsTo(fake, server).map((request) => messageBody(request).nonce));
    for (const server of shard1) expect(nonces(server).size).toBe(1);
    expect(
      manager
        .lines()
        .filter((line) => line.msg === 'shard exited')
        .map((line) => line.shard),
    ).toEqual([1]);

    await stopManager(expect, manager);
    await expectRecords(
      expect,
      storeUrl,
      servers.map((server) => ({
        server,
        job: 'countdown' as const,
        date: localTime(due, server.timeZone).date,
      })),
    );
  }, 120_000);
});

/** The pid of the process that runs `shard` under `manager` (discord.js hands it the shard in SHARDS). */
function shardProcess(manager: Manager, shard: number): number {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(manager.child.pid)], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  for (const pid of children) {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    if (environ.includes(`SHARDS=${shard}`)) return pid;
  }
  throw new Error(`no process runs shard ${shard}`);
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../../src/errors.js';
import { defaultUsers } from '../support/fake-discord.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { reportMissingServers, serverProgram } from '../support/servers.js';
import { record } from './summary.js';

/**
 * A Redis server of this test's own (Debian's redis-server, which .ci/services.sh installs), so stopping it
 * disturbs no other test. With an append-only file, what it confirmed survives its restart. Without the program
 * this test is skipped, and said so (tests/support/servers.ts).
 */
const redisServer = serverProgram('Redis stopped under the bot', 'redis-server', 'REDIS_SERVER_BIN');
reportMissingServers('tests/reliability/store-outage.test.ts', [redisServer]);
const redisBinary = redisServer.found ?? 'redis-server';
let folder: string;
let port: number;
let redis: ChildProcess | undefined;
let harness: Harness;
let bot: RunningBot;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function accepts(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

async function startRedis(): Promise<void> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', folder];
  redis = spawn(redisBinary, [...args, '--appendonly', 'yes', '--appendfsync', 'always'], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (!(await accepts())) {
    if (Date.now() > deadline) throw new Error(`${redisBinary} did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopRedis(): Promise<void> {
  const running = redis;
  if (running === undefined || running.exitCode !== null) return;
  await new Promise((resolve) => {
    running.once('exit', resolve);
    running.kill('SIGTERM');
  });
}

const setTime = (time: string) =>
  harness.fake.chatInput({
    name: 'config',
    options: [{ name: 'countdown', type: 1, options: [{ name: 'time', type: 3, value: time }] }],
    user: defaultUsers.moderator,
  });

describe.skipIf(redisServer.found === undefined)('Redis stopped under the bot', () => {
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'phb-redis-outage-'));
    port = await freePort();
    await startRedis();
    harness = await createHarness();
    bot = await harness.start({ env: { STORE_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await harness.close();
    await stopRedis();
    await rm(folder, { recursive: true, force: true });
  });

  it('answers "temporarily unavailable", keeps running, and works again once Redis is back', async () => {
    expect((await setTime('07:15')).reply.data?.content).toMatch(/Saved/);

    await stopRedis();
    // A fresh read must go to the store: drop the cache the way a restart would.
    bot.settings.invalidate(harness.fake.guilds.keys().next().value!);
    const during = await setTime('08:30');
    expect(during.reply.data?.content).toBe(STORE_UNAVAILABLE_MESSAGE);
    // Commands that need no store still work, and the bot is alive.
    const cast = await harness.fake.chatInput({ name: 'cast' });
    expect(cast.reply.data?.embeds?.[0]?.fields).toHaveLength(5);
    expect(bot.client.isReady()).toBe(true);

    await startRedis();
    await expect
      .poll(async () => (await setTime('09:45')).reply.data?.content, { timeout: 20_000, interval: 500 })
      .toMatch(/Saved/);
    const history = await bot.context.settings.history(harness.fake.guilds.keys().next().value!);
    // The change confirmed before the outage is still there; the refused one was never written.
    const values = history.map((change) => change.new);
    expect(values).toContain('07:15');
    expect(values).not.toContain('08:30');
    record({ area: 'store outage', faultsInjected: 1, faultsSurvived: 1 });
  }, 60_000);
});

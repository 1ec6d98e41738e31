/**
 * Runs the bot's own start-up code, with the real discord.js client, against a fake Discord on 127.0.0.1 and a
 * real SQLite store in a temporary folder. Log lines are kept so tests can read them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startBot, type BotOptions, type RunningBot } from '../../src/bot.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeDiscord } from '../support/fake-discord.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Harness {
  fake: FakeDiscord;
  config: Config;
  /** Every log line of every bot started by this harness, parsed. */
  logs: LogLine[];
  /** Raw log text, to check that nothing secret was printed. */
  rawLogs(): string;
  /** Starts a bot on the harness's fake Discord and store (again, for restart tests). */
  start(
    options?: Partial<Omit<BotOptions, 'config' | 'logger'>> & { env?: NodeJS.ProcessEnv },
  ): Promise<RunningBot>;
  /** Stops every bot still running, the fake Discord, and removes the store. */
  close(): Promise<void>;
}

export async function createHarness(fakeOptions?: Parameters<typeof FakeDiscord.start>[0]): Promise<Harness> {
  const fake = await FakeDiscord.start(fakeOptions);
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-e2e-'));
  const baseEnv = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: `sqlite://${path.join(folder, 'store.sqlite')}`,
    LOG_LEVEL: 'debug',
  };
  const config = loadConfig(baseEnv);
  const logs: LogLine[] = [];
  let raw = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString();
      raw += text;
      for (const line of text.split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const running = new Set<RunningBot>();

  return {
    fake,
    config,
    logs,
    rawLogs: () => raw,
    async start(options = {}) {
      const { env, ...botOptions } = options;
      const botConfig = env === undefined ? config : loadConfig({ ...baseEnv, ...env });
      const logger = createLogger({ level: 'debug', secrets: [botConfig.discordToken], destination });
      const bot = await startBot({ ...botOptions, config: botConfig, logger });
      const tracked: RunningBot = {
        ...bot,
        stop: async () => {
          running.delete(tracked);
          await bot.stop();
        },
      };
      running.add(tracked);
      return tracked;
    },
    async close() {
      await Promise.allSettled([...running].map((bot) => bot.stop()));
      await fake.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

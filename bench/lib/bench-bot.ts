/**
 * What the scheduled-sending phases (posts, announce, reminders) set up alike: servers with countdown posts on,
 * seeded through the settings service, and our bot started in the bench process against the fake Discord.
 */
import { pino } from 'pino';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { GuildSettings } from '../../src/settings/definitions.js';
import { GuildSettingsService } from '../../src/settings/service.js';
import { openStore } from '../../src/store.js';
import type { FakeDiscord, FakeGuild } from '../../tests/support/fake-discord.js';
import { generalChannel } from './guilds.js';
import { storeUrlIn } from './proc.js';

/** Turns countdown posts on in #general of every server (with `extra` settings), 100 servers at a time. */
export async function seedCountdownPosts(
  folder: string,
  guilds: readonly FakeGuild[],
  now: () => Date,
  extra: Partial<GuildSettings>,
): Promise<void> {
  const store = await openStore(storeUrlIn(folder));
  const settings = new GuildSettingsService(store, now);
  for (let i = 0; i < guilds.length; i += 100) {
    await Promise.all(
      guilds.slice(i, i + 100).map((guild) =>
        settings.update(guild.id, 'bench', {
          countdownChannel: generalChannel(guild),
          countdownEnabled: true,
          ...extra,
        }),
      ),
    );
  }
  await store.close();
}

/**
 * Our bot, in this process, against `fake` with the store in `folder`; its log goes to /dev/null. `stop` stops it
 * and flushes the log.
 */
export async function startBenchBot(
  fake: FakeDiscord,
  folder: string,
  now: () => Date,
  dataDir?: string,
): Promise<{ bot: RunningBot; stop: () => Promise<void> }> {
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    STORE_URL: storeUrlIn(folder),
    LOG_LEVEL: 'info',
  });
  const destination = pino.destination({ dest: '/dev/null', sync: false });
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken], destination });
  const bot = await startBot({ config, logger, now, ...(dataDir === undefined ? {} : { dataDir }) });
  const stop = async (): Promise<void> => {
    await bot.stop();
    destination.flushSync();
  };
  return { bot, stop };
}

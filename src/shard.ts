/**
 * Entry point of `npm run start:sharded`: runs the bot under discord.js's ShardingManager, one process per shard,
 * each running src/index.ts (discord.js hands each its shard through the SHARDS and SHARD_COUNT variables, which
 * its Client reads). SHARD_COUNT (auto or a number) and SHARD_IDS (this machine's share) say which shards.
 *
 * A shard owns its servers, so their settings, schedules and games need no lock across processes. Commands are
 * registered by the process that holds shard 0 only (src/bot.ts).
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RESTGetAPIGatewayBotResult } from 'discord.js';
import { ConfigError, exitWithStartFailure, loadConfig, loadDotEnv, loadShardConfig } from './config.js';

/** How long a shard may take from its start to its gateway's READY (it also loads content and opens the store). */
const SHARD_READY_TIMEOUT_MS = 60_000;
/** How long a shard may take to stop (it finishes interactions in flight, bounded at 10 s) before it is killed. */
const SHARD_STOP_TIMEOUT_MS = 20_000;
/** Discord lets one shard of each rate-limit bucket identify every 5 s. */
const IDENTIFY_INTERVAL_MS = 5_500;

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env, { shardingManager: true });
  const shards = loadShardConfig(process.env);
  const [{ createLogger }, { openStore }, discord] = await Promise.all([
    import('./logger.js'),
    import('./store.js'),
    import('discord.js'),
  ]);
  const { DiscordAPIError, REST, Routes, ShardingManager } = discord;
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });

  // One look at the store here, so a bad STORE_URL is reported once rather than by every shard.
  await (await openStore(config.storeUrl)).close();

  // ShardingManager's own `totalShards: 'auto'` asks discord.com whatever DISCORD_API_URL says, so ask here.
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      throw new ConfigError(
        'Discord refused DISCORD_TOKEN: reset the token at https://discord.com/developers/applications (Bot > Reset Token) and update .env.',
      );
    }
    throw error;
  }
  const count = shards.count === 'auto' ? gateway.shards : shards.count;
  const ids = shards.ids ?? Array.from({ length: count }, (_, id) => id);
  // Shards identify at the same time only if they are in different buckets (id % max_concurrency).
  const buckets = new Set(ids.map((id) => id % Math.max(1, gateway.session_start_limit.max_concurrency)));
  const delay = buckets.size === ids.length ? 0 : IDENTIFY_INTERVAL_MS;

  // The shards run this folder's index (TypeScript through tsx with `npm run start:sharded`, or the built .js).
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const loader = (name: string) => ['--import', pathToFileURL(path.join(path.dirname(here), name)).href];
  const execArgv = [
    ...(extension === '.ts'
      ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
      : []),
    ...loader(`shard-child${extension}`),
  ];
  const manager = new ShardingManager(path.join(path.dirname(here), `index${extension}`), {
    totalShards: count,
    shardList: ids,
    mode: 'process',
    respawn: true,
    execArgv,
    token: config.discordToken,
  });

  const state = { stopping: false };
  manager.on('shardCreate', (shard) => {
    shard.on('ready', () => logger.info({ shard: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      if (state.stopping) logger.info({ shard: shard.id, code }, 'shard stopped');
      else logger.error({ shard: shard.id, code, respawn: manager.respawn }, 'shard exited');
    });
  });

  const stop = async (): Promise<number> => {
    state.stopping = true;
    manager.respawn = false;
    const codes = await Promise.all(
      manager.shards.map(async (shard) => {
        const child = shard.process;
        if (child === null || child.exitCode !== null || child.signalCode !== null) return 0;
        const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), SHARD_STOP_TIMEOUT_MS);
        const [code] = await exited;
        clearTimeout(timer);
        return code ?? 1;
      }),
    );
    return codes.every((code) => code === 0) ? 0 : 1;
  };
  const shutdown = (signal: NodeJS.Signals): void => {
    if (state.stopping) return;
    logger.info({ signal }, 'stopping shards');
    void stop().then((code) => {
      logger.info({ code }, 'stopped');
      process.exit(code);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  logger.info({ shards: ids, count, recommended: gateway.shards }, 'starting shards');
  try {
    await manager.spawn({ amount: count, delay, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    if (state.stopping) return;
    // A shard that exits at start-up has printed why; respawning it would only repeat that.
    await stop();
    throw new ConfigError(`a shard did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!state.stopping) logger.info({ shards: ids }, 'all shards ready');
}

main().catch((error: unknown) => exitWithStartFailure('purple-hearts-bot', error));

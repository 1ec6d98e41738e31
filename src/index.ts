/** Entry point of `npm start`: reads .env and the environment, starts the bot, stops cleanly on SIGINT/SIGTERM. */
import { exitWithStartFailure, loadConfig, loadDotEnv } from './config.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  // Loaded only after the config is valid, so a missing token is reported before discord.js is even imported.
  const [{ createLogger }, { startBot }] = await Promise.all([import('./logger.js'), import('./bot.js')]);
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken] });
  // Signals are handled from the start: one that arrives while the bot is still starting stops it once started.
  const started = startBot({ config, logger });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    started
      .then((bot) => bot.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await started;
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
}

main().catch((error: unknown) => exitWithStartFailure('purple-hearts-bot', error));

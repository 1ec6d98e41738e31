/**
 * `npm run deploy-commands`: bulk-overwrites the global commands (or DEV_GUILD_ID's) with commands/index.ts,
 * without logging in to the gateway. The bot also does this by itself on start-up when the commands changed.
 */
import { REST, Routes, type APIApplication } from 'discord.js';
import { commands } from '../commands/index.js';
import { exitWithStartFailure, loadConfig, loadDotEnv } from './config.js';
import { syncCommands } from './interactions/registration.js';
import { openStore } from './store.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const store = await openStore(config.storeUrl);
  try {
    await syncCommands({
      rest,
      store,
      target: { applicationId: application.id, guildId: config.devGuildId },
      commands,
      force: true,
    });
  } finally {
    await store.close();
  }
  const where = config.devGuildId === undefined ? 'globally' : `to server ${config.devGuildId}`;
  console.log(
    `Registered ${commands.length} command(s) ${where}: ${commands.map((c) => `/${c.data.name}`).join(' ')}`,
  );
}

main().catch((error: unknown) => exitWithStartFailure('deploy-commands', error));

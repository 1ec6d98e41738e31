/**
 * `npm run deploy-commands`: bulk-overwrites the global commands (or DEV_GUILD_ID's) with commands/index.ts, and
 * OPERATOR_GUILD_ID's with the operator's commands, without logging in to the gateway. The bot also does this by itself on start-up when the commands changed.
 */
import { REST, Routes, type APIApplication } from 'discord.js';
import { commands, operatorCommands } from '../commands/index.js';
import { exitWithStartFailure, loadConfig, loadDotEnv } from './config.js';
import { registrationPlan, syncCommands } from './interactions/registration.js';
import { openStore } from './store.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.discordToken);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const store = await openStore(config.storeUrl);
  const plan = registrationPlan({
    applicationId: application.id,
    devGuildId: config.devGuildId,
    operatorGuildId: config.operatorGuildId,
    commands,
    operatorCommands,
  });
  try {
    for (const part of plan) await syncCommands({ rest, store, ...part, force: true });
  } finally {
    await store.close();
  }
  for (const part of plan) {
    const where = part.target.guildId === undefined ? 'globally' : `to server ${part.target.guildId}`;
    console.log(
      `Registered ${part.commands.length} command(s) ${where}: ${part.commands.map((c) => `/${c.data.name}`).join(' ')}`,
    );
  }
}

main().catch((error: unknown) => exitWithStartFailure('deploy-commands', error));

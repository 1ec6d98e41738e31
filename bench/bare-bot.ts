/**
 * The baseline of the benchmarks: the least a discord.js bot can be. The Guilds intent and default caches; it
 * answers every slash command with a constant, every autocomplete with no choices, and updates every clicked
 * message with a constant. Same environment variables as the real bot (DISCORD_TOKEN, DISCORD_API_URL); prints
 * "ready" once logged in, stops on SIGTERM/SIGINT.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';

const token = process.env.DISCORD_TOKEN;
if (token === undefined) throw new Error('DISCORD_TOKEN is not set');

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_URL ?? 'https://discord.com/api' },
});

client.on(Events.InteractionCreate, (interaction) => {
  const answered = interaction.isChatInputCommand()
    ? interaction.reply({ content: 'Purple Hearts 2 is coming.' })
    : interaction.isAutocomplete()
      ? interaction.respond([])
      : interaction.isButton()
        ? interaction.update({ content: 'Answer received.' })
        : Promise.resolve();
  answered.catch((error: unknown) => {
    console.error('bare bot: could not answer', error);
  });
});
client.once(Events.ClientReady, (ready) => {
  console.log(`ready ${ready.guilds.cache.size}`);
});

const stop = (): void => {
  void client.destroy().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await client.login(token);

/**
 * Where an interaction comes from. Installed to a member's own account, a command also arrives from servers the
 * bot is not in: then Discord sends `guild_id` (so `interaction.guildId` is set) but the bot has no such server,
 * no settings for it and no permissions there, and `interaction.guild` is null.
 */
import { ApplicationIntegrationType, InteractionContextType, type BaseInteraction } from 'discord.js';

/** The server the interaction comes from if the bot is a member of it, else null (a DM, a group DM, or a server
 * where only the member installed the bot). */
export function botServerId(interaction: BaseInteraction): string | null {
  return interaction.inCachedGuild() ? interaction.guildId : null;
}

/** Installable to servers and to members' own accounts: for commands that make sense anywhere. */
export const EVERYWHERE = {
  integrationTypes: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [
    InteractionContextType.Guild,
    InteractionContextType.BotDM,
    InteractionContextType.PrivateChannel,
  ],
} as const;

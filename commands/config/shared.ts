/** What every `/config` subcommand module shares: the request it handles, its shape, and a private reply. */
import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type Guild,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Member } from '../../src/admin/access.js';
import type { ComponentInteraction } from '../../src/command.js';
import type { HandlerContext } from '../../src/context.js';
import { userError, type Locale } from '../../src/i18n/index.js';
import type { GuildSettings } from '../../src/settings/definitions.js';

/** One `/config` use, once `index.ts` has checked that the member may configure the bot. */
export interface ConfigRequest {
  interaction: ChatInputCommandInteraction;
  guild: Guild;
  member: Member;
  /** The server's settings before this change. */
  current: GuildSettings;
  /** Who asked, for the change history. */
  actor: string;
  /** The moderator's language: every `/config` reply is for them alone. */
  locale: Locale;
  context: HandlerContext;
}

/** One `/config` subcommand: its options (`build` is given a builder already named) and its handler. */
export interface ConfigSubcommand {
  name: string;
  build(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder;
  execute(request: ConfigRequest): Promise<void>;
}

/** The server of an interaction, with its channels and roles cached (the checks read them). */
export function cachedGuild(interaction: ChatInputCommandInteraction | ComponentInteraction): Guild {
  if (!interaction.inCachedGuild()) {
    throw userError('configErrors.guildNotCached');
  }
  return interaction.guild;
}

export async function replyPrivately(
  interaction: ChatInputCommandInteraction | ComponentInteraction,
  payload: object,
): Promise<void> {
  await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

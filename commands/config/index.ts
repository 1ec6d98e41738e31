/**
 * `/config`: moderators set the bot up for their server. This module assembles the subcommands (one module per
 * subcommand or coherent group of them) and checks, once for all, that the member may configure the bot.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { memberOf, requireConfigure } from '../../src/admin/access.js';
import type { Command } from '../../src/command.js';
import type { HandlerContext } from '../../src/context.js';
import { resolveLocale, userError } from '../../src/i18n/index.js';
import { searchTimezones } from '../../src/settings/validate.js';
import { countdown, countdownEvent, release } from './countdown.js';
import { language } from './language.js';
import { modRole } from './mod-role.js';
import { check, history, show } from './overview.js';
import { qotd } from './qotd.js';
import {
  isQuestionsComponent,
  QUESTIONS_GROUP,
  questionChoices,
  questionsCommand,
  questionsComponent,
  questionsConfigGroup,
} from './questions.js';
import { reset, resetAllButton } from './reset.js';
import { cachedGuild, type ConfigSubcommand } from './shared.js';
import { trivia } from './trivia.js';

/** In the order Discord lists them. */
const SUBCOMMANDS: readonly ConfigSubcommand[] = [
  show,
  reset,
  history,
  check,
  modRole,
  countdown,
  release,
  countdownEvent,
  language,
  trivia,
  qotd,
];

const builder = new SlashCommandBuilder()
  .setName('config')
  .setDescription("Set up the bot for this server (Manage Server or the bot's moderator role).")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
for (const subcommand of SUBCOMMANDS)
  builder.addSubcommand((sub) => subcommand.build(sub.setName(subcommand.name)));
const data = builder.addSubcommandGroup(questionsConfigGroup).toJSON();

export default {
  data,
  async execute(interaction, context: HandlerContext) {
    const guild = cachedGuild(interaction);
    const member = memberOf(interaction);
    const current = await context.settings.get(guild.id);
    requireConfigure(member, current.modRole);
    if (interaction.options.getSubcommandGroup(false) === QUESTIONS_GROUP) {
      await questionsCommand(interaction, context.trivia);
      return;
    }
    const name = interaction.options.getSubcommand();
    const subcommand = SUBCOMMANDS.find((candidate) => candidate.name === name);
    if (subcommand === undefined) {
      throw userError('configErrors.unknownSubcommand');
    }
    await subcommand.execute({
      interaction,
      guild,
      member,
      current,
      actor: interaction.user.id,
      locale: resolveLocale(interaction.locale),
      context,
    });
  },

  async autocomplete(interaction, { settings, trivia }: HandlerContext) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'id') {
      await interaction.respond(await questionChoices(interaction, settings, trivia, focused.value));
      return;
    }
    const names = focused.name === 'timezone' ? searchTimezones(focused.value) : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },

  async handleComponent(interaction, context: HandlerContext) {
    if (isQuestionsComponent(interaction.customId)) {
      await questionsComponent(interaction, context.settings, context.trivia);
      return;
    }
    await resetAllButton(interaction, context);
  },
} satisfies Command;

import { channelLocale, resolveLocale, t, userError, type MessageKey } from '../src/i18n/index.js';
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { canConfigure, memberOf } from '../src/admin/access.js';
import type { Command, ComponentInteraction } from '../src/command.js';
import { plainText } from '../src/settings/validate.js';
import {
  CATEGORY_LABELS,
  DIFFICULTIES,
  DIFFICULTY_LABELS,
  isCategory,
  isDifficulty,
  TRIVIA_CATEGORIES,
} from '../src/trivia/questions.js';
import { leaderboard, memberStats } from '../src/trivia/queries.js';
import { renderLeaderboard, renderStart, renderStats } from '../src/trivia/render.js';
import { MAX_ROUNDS } from '../src/trivia/service.js';

const DEFAULT_ROUNDS = 5;

const data = new SlashCommandBuilder()
  .setName('trivia')
  .setDescription('Purple Hearts trivia: play in this channel, see the leaderboard and your stats.')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('play')
      .setDescription('Start a game in this channel')
      .addStringOption((option) =>
        option
          .setName('category')
          .setDescription('Which questions (default: any)')
          .addChoices(
            { name: 'Any category', value: 'any' },
            ...TRIVIA_CATEGORIES.map((category) => ({ name: CATEGORY_LABELS[category], value: category })),
          ),
      )
      .addStringOption((option) =>
        option
          .setName('difficulty')
          .setDescription('How hard (default: any)')
          .addChoices(
            { name: 'Any difficulty', value: 'any' },
            ...DIFFICULTIES.map((difficulty) => ({ name: DIFFICULTY_LABELS[difficulty], value: difficulty })),
          ),
      )
      .addIntegerOption((option) =>
        option
          .setName('rounds')
          .setDescription(`How many questions, 1 to ${MAX_ROUNDS} (default ${DEFAULT_ROUNDS})`)
          .setMinValue(1)
          .setMaxValue(MAX_ROUNDS),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('stop')
      .setDescription('Stop the game in this channel (the member who started it, or a moderator)'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('leaderboard')
      .setDescription("This server's best players")
      .addStringOption((option) =>
        option
          .setName('period')
          .setDescription('All time (default) or this month')
          .addChoices({ name: 'All time', value: 'all-time' }, { name: 'This month', value: 'month' }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('stats')
      .setDescription("A member's points, answers and streaks")
      .addUserOption((option) => option.setName('user').setDescription('Whose stats (default: yours)')),
  )
  .toJSON();

/** What the bot needs in a channel to run a game there. */
const PLAYING = [
  [PermissionFlagsBits.ViewChannel, 'permissions.viewChannel'],
  [PermissionFlagsBits.SendMessages, 'permissions.sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'permissions.embedLinks'],
] as const;

function guildIdOf(interaction: ChatInputCommandInteraction | ComponentInteraction): string {
  if (interaction.guildId === null) throw userError('trivia.errors.serverOnly');
  return interaction.guildId;
}

function requirePlayingPermissions(interaction: ChatInputCommandInteraction): void {
  const granted = interaction.appPermissions.bitfield;
  if ((granted & PermissionFlagsBits.Administrator) !== 0n) return;
  const missing: MessageKey[] = PLAYING.filter(([flag]) => (granted & flag) === 0n).map(([, key]) => key);
  if (
    interaction.channel?.isThread() === true &&
    (granted & PermissionFlagsBits.SendMessagesInThreads) === 0n
  ) {
    missing.push('permissions.sendMessagesInThreads');
  }
  if (missing.length > 0) {
    throw userError('trivia.errors.permissions', undefined, undefined, {
      needed: { type: 'conjunction', keys: PLAYING.map(([, key]) => key) },
      missing: { type: 'conjunction', keys: missing },
    });
  }
}

export default {
  data,
  async execute(interaction, { trivia, settings, now }) {
    const guildId = guildIdOf(interaction);
    const options = interaction.options;
    switch (options.getSubcommand()) {
      case 'play': {
        const category = options.getString('category') ?? 'any';
        const difficulty = options.getString('difficulty') ?? 'any';
        if (category !== 'any' && !isCategory(category)) throw userError('trivia.errors.pickCategory');
        if (difficulty !== 'any' && !isDifficulty(difficulty)) {
          throw userError('trivia.errors.pickDifficulty');
        }
        requirePlayingPermissions(interaction);
        // The whole channel plays: in the server's language.
        const locale = channelLocale(interaction, (await settings.get(guildId)).language);
        try {
          await trivia.start({
            locale,
            guildId,
            channelId: interaction.channelId,
            userId: interaction.user.id,
            category,
            difficulty,
            rounds: options.getInteger('rounds') ?? DEFAULT_ROUNDS,
            beforeFirstQuestion: async (game, answerSeconds) => {
              await interaction.reply({
                ...renderStart(game, answerSeconds, locale),
                allowedMentions: { parse: [] },
              });
            },
          });
        } catch (error) {
          // Announced, but the first question could not be posted: say so where the announcement was.
          if (interaction.replied) {
            await interaction
              .editReply({ content: t(locale, 'trivia.errors.couldNotStart'), embeds: [] })
              .catch(() => undefined);
          }
          throw error;
        }
        return;
      }
      case 'stop': {
        const values = await settings.get(guildId);
        const body = await trivia.stop({
          guildId,
          channelId: interaction.channelId,
          userId: interaction.user.id,
          moderator: canConfigure(memberOf(interaction), values.modRole),
        });
        await interaction.reply({ ...body, allowedMentions: { parse: [] } });
        return;
      }
      case 'leaderboard': {
        const period = options.getString('period') === 'month' ? 'month' : 'all-time';
        const locale = channelLocale(interaction, (await settings.get(guildId)).language);
        const { period: shown, board } = await leaderboard(trivia.scores, {
          guildId,
          period,
          page: 0,
          now: now(),
        });
        await interaction.reply(renderLeaderboard(shown, board, locale));
        return;
      }
      case 'stats': {
        // The option's value is the user id, even when Discord sends no resolved user with it.
        const given = options.get('user')?.value;
        const userId = typeof given === 'string' ? given : interaction.user.id;
        // Stats are the member's own business: in their language.
        const stats = await memberStats(trivia.scores, { guildId, userId, now: now() });
        await interaction.reply(
          renderStats(stats.userId, stats.allTime, stats.month, resolveLocale(interaction.locale)),
        );
        return;
      }
      default:
        throw userError('errors.unknownCommand');
    }
  },

  async handleComponent(interaction, { trivia, settings, now }) {
    const [, kind, ...rest] = interaction.customId.split(':');
    if (!interaction.isButton()) throw userError('errors.unknownButton');
    const guildId = guildIdOf(interaction);
    if (kind === 'a') {
      // The game is the one of the channel the click came from; the id only has to agree with it.
      const [gameId, round, choice] = rest;
      if (gameId === undefined || round === undefined || choice === undefined) {
        throw userError('errors.unknownButton');
      }
      const locked = await trivia.answer({
        guildId,
        channelId: interaction.channelId,
        messageId: interaction.message.id,
        userId: interaction.user.id,
        gameId,
        round: Number(round),
        choice: Number(choice),
      });
      await interaction.reply({
        // Only the member sees it: in their language.
        content: t(resolveLocale(interaction.locale), 'trivia.lockedIn', {
          answer: plainText(locked.label, 80),
          when: `<t:${Math.floor(Date.parse(locked.deadline) / 1000)}:R>`,
        }),
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (kind === 'lb') {
      const [period, page] = rest;
      if (period === undefined || !/^(all-time|\d{4}-\d{2})$/.test(period) || !/^\d{1,6}$/.test(page ?? '')) {
        throw userError('errors.unknownButton');
      }
      // The leaderboard message is the channel's: in the server's language.
      const locale = channelLocale(interaction, (await settings.get(guildId)).language);
      const shown = await leaderboard(trivia.scores, { guildId, period, page: Number(page), now: now() });
      await interaction.update(renderLeaderboard(shown.period, shown.board, locale));
      return;
    }
    throw userError('errors.unknownButton');
  },
} satisfies Command;

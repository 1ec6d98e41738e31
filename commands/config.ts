import {
  ButtonStyle,
  ComponentType,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Guild,
} from 'discord.js';
import { memberOf, requireConfigure, requireManageServer } from '../src/admin/access.js';
import {
  COUNTDOWN_WORDS,
  countdownChecks,
  QOTD_WORDS,
  scheduleCheck,
  settingProblems,
  type CheckResult,
} from '../src/admin/diagnose.js';
import { checkChannelOption, viewOfGuild } from '../src/admin/guild-view.js';
import { postChannelOption, timeOption, timezoneOption } from '../src/admin/options.js';
import { describeChanges, renderChecks, renderHistory, renderSettings } from '../src/admin/render.js';
import type { Command, ComponentInteraction } from '../src/command.js';
import type { HandlerContext } from '../src/context.js';
import { UserError } from '../src/errors.js';
import {
  DEFAULT_SETTINGS,
  isSettingKey,
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  type GuildSettings,
  type SettingKey,
} from '../src/settings/definitions.js';
import {
  checkRole,
  parseDate,
  parseText,
  parseTime,
  parseTimezone,
  plainText,
  searchTimezones,
} from '../src/settings/validate.js';
import { planCountdownEvent, requireEventPermission } from '../src/admin/countdown-event.js';
import { resolveTarget } from '../src/countdown/target.js';
import { releaseChecks } from '../src/release/checks.js';
import {
  isQuestionsComponent,
  qotdChanges,
  qotdConfigSubcommand,
  qotdStatus,
  questionChoices,
  questionsCommand,
  questionsComponent,
  questionsConfigGroup,
  triviaChanges,
  triviaConfigSubcommand,
} from '../src/trivia/moderation.js';

const data = new SlashCommandBuilder()
  .setName('config')
  .setDescription("Set up the bot for this server (Manage Server or the bot's moderator role).")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub.setName('show').setDescription('Every setting: its value, its default, what is wrong'),
  )
  .addSubcommand((sub) =>
    sub
      .setName('reset')
      .setDescription('Put a setting (or all of them) back to its default')
      .addStringOption((option) =>
        option
          .setName('setting')
          .setDescription('The setting to reset')
          .setRequired(true)
          .addChoices(...SETTING_KEYS.map((key) => ({ name: SETTING_DEFINITIONS[key].label, value: key })), {
            name: 'All settings (asks first, also clears the history)',
            value: 'all',
          }),
      ),
  )
  .addSubcommand((sub) => sub.setName('history').setDescription('The last 25 setting changes, newest first'))
  .addSubcommand((sub) => sub.setName('check').setDescription("Check the bot's permissions and the set-up"))
  .addSubcommand((sub) =>
    sub
      .setName('mod-role')
      .setDescription('A role whose members may use /config (Manage Server only)')
      .addRoleOption((option) =>
        option.setName('role').setDescription('The moderator role').setRequired(true),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('countdown')
      .setDescription('Daily countdown posts: where, when, who to ping')
      .addChannelOption(postChannelOption)
      .addStringOption(timeOption('e.g. 09:00 or 18:30'))
      .addStringOption(timezoneOption('e.g. Europe/London'))
      .addRoleOption((option) => option.setName('role').setDescription('A role to ping with each post'))
      .addBooleanOption((option) => option.setName('enabled').setDescription('Post the countdown daily'))
      .addBooleanOption((option) =>
        option.setName('milestones').setDescription('Special posts on milestone days'),
      )
      .addBooleanOption((option) =>
        option
          .setName('announcements')
          .setDescription('A post when a new release date or window is announced'),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('release')
      .setDescription("This server's own countdown target: an official date, or a watch party")
      .addStringOption((option) =>
        option
          .setName('date')
          .setDescription('YYYY-MM-DD, e.g. 2030-01-31')
          .setRequired(true)
          .setMaxLength(10),
      )
      .addStringOption(timeOption('e.g. 20:00 (default 00:00)'))
      .addStringOption(timezoneOption('e.g. America/New_York (default Etc/UTC)'))
      .addStringOption((option) =>
        option.setName('label').setDescription('What to call it, e.g. "Watch party"').setMaxLength(100),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('countdown-event')
      .setDescription(
        'Create a Discord event for the countdown target, so members can mark it as interested',
      ),
  )
  .addSubcommand(triviaConfigSubcommand)
  .addSubcommand(qotdConfigSubcommand)
  .addSubcommandGroup(questionsConfigGroup)
  .toJSON();

const RESET_ALL = 'config:reset-all';
/** The settings `/config release` sets together, and `/config reset setting:release` clears together. */
const RELEASE_KEYS: readonly SettingKey[] = ['releaseDate', 'releaseTime', 'releaseTimezone', 'releaseLabel'];

function releaseChanges(interaction: ChatInputCommandInteraction): Partial<GuildSettings> {
  const options = interaction.options;
  const time = options.getString('time');
  const timezone = options.getString('timezone');
  const label = options.getString('label');
  // Options left out go back to their defaults: a new date is a new target, not a patch of the old one.
  return {
    releaseDate: parseDate('releaseDate', options.getString('date', true)),
    releaseTime: time === null ? DEFAULT_SETTINGS.releaseTime : parseTime('releaseTime', time),
    releaseTimezone:
      timezone === null ? DEFAULT_SETTINGS.releaseTimezone : parseTimezone('releaseTimezone', timezone),
    releaseLabel: label === null ? null : parseText('releaseLabel', label),
  };
}

function cachedGuild(interaction: ChatInputCommandInteraction | ComponentInteraction): Guild {
  if (!interaction.inCachedGuild()) {
    throw new UserError("I can't see this server's details yet. Please try again in a minute.");
  }
  return interaction.guild;
}

async function countdownChanges(
  interaction: ChatInputCommandInteraction,
  guild: Guild,
): Promise<Partial<GuildSettings>> {
  const options = interaction.options;
  const changes: Partial<GuildSettings> = {};
  const channel = options.getChannel('channel');
  if (channel !== null) changes.countdownChannel = checkChannelOption('countdownChannel', channel, guild);
  const time = options.getString('time');
  if (time !== null) changes.countdownTime = parseTime('countdownTime', time);
  const timezone = options.getString('timezone');
  if (timezone !== null) changes.countdownTimezone = parseTimezone('countdownTimezone', timezone);
  const role = options.getRole('role');
  if (role !== null) changes.countdownRole = checkRole('countdownRole', role, guild.id);
  const enabled = options.getBoolean('enabled');
  if (enabled !== null) changes.countdownEnabled = enabled;
  const milestones = options.getBoolean('milestones');
  if (milestones !== null) changes.countdownMilestones = milestones;
  const announcements = options.getBoolean('announcements');
  if (announcements !== null) changes.countdownAnnouncements = announcements;
  if (Object.keys(changes).length === 0) {
    throw new UserError(
      'Give at least one option: channel, time, timezone, role, enabled, milestones or announcements.',
    );
  }
  return Promise.resolve(changes);
}

async function replyPrivately(
  interaction: ChatInputCommandInteraction | ComponentInteraction,
  payload: object,
) {
  await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

export default {
  data,
  async execute(interaction, { settings, countdown, now, trivia, release, releasePosts }: HandlerContext) {
    const guild = cachedGuild(interaction);
    const member = memberOf(interaction);
    const current = await settings.get(guild.id);
    requireConfigure(member, current.modRole);
    const actor = interaction.user.id;
    if (interaction.options.getSubcommandGroup(false) === 'questions') {
      await questionsCommand(interaction, trivia);
      return;
    }

    switch (interaction.options.getSubcommand()) {
      case 'show': {
        const { settings: values, problems } = await settings.inspect(guild.id);
        const schedule = await countdown.status(guild.id);
        const embed = renderSettings(values, settingProblems(values, problems, viewOfGuild(guild), schedule));
        await replyPrivately(interaction, { embeds: [embed] });
        return;
      }
      case 'history':
        await replyPrivately(interaction, { embeds: [renderHistory(await settings.history(guild.id, 25))] });
        return;
      case 'check': {
        const sections: Record<string, CheckResult[]> = {
          Countdown: [
            ...countdownChecks(current, viewOfGuild(guild)),
            scheduleCheck(await countdown.status(guild.id), current.countdownEnabled, COUNTDOWN_WORDS),
          ],
          Release: await releaseChecks(release, settings, current, guild.id, now()),
        };
        if (trivia.qotd !== undefined) {
          const status = await trivia.qotd.status(guild.id);
          sections['Question of the day'] = [scheduleCheck(status, current.qotdEnabled, QOTD_WORDS)];
        }
        const embed = renderChecks(sections);
        await replyPrivately(interaction, { embeds: [embed] });
        return;
      }
      case 'mod-role': {
        requireManageServer(member);
        const role = interaction.options.getRole('role', true);
        const changes = await settings.update(guild.id, actor, {
          modRole: checkRole('modRole', role, guild.id),
        });
        await replyPrivately(interaction, { content: describeChanges(changes) });
        return;
      }
      case 'release': {
        const changes = await settings.update(guild.id, actor, releaseChanges(interaction));
        await replyPrivately(interaction, { content: describeChanges(changes) });
        return;
      }
      case 'countdown-event': {
        const target = resolveTarget(release.release(), current);
        const plan = planCountdownEvent(target, release.release(), now());
        requireEventPermission(guild.members.me?.permissions.bitfield ?? 0n);
        const event = await guild.scheduledEvents.create({
          name: plan.name,
          description: plan.description,
          scheduledStartTime: plan.start,
          scheduledEndTime: plan.end,
          privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
          entityType: GuildScheduledEventEntityType.External,
          entityMetadata: { location: plan.location },
        });
        // Remembered, so that a new release date moves it (an event for the server's own date stays theirs).
        await releasePosts.rememberEvent(guild.id, {
          id: event.id,
          start: plan.start,
          own: target.kind === 'server',
        });
        await replyPrivately(interaction, {
          content: `Created the event **${plainText(event.name, 100)}** for <t:${Math.floor(plan.start.getTime() / 1000)}:F>: ${event.url}`,
        });
        return;
      }
      case 'countdown': {
        const changes = await settings.update(guild.id, actor, await countdownChanges(interaction, guild));
        await replyPrivately(interaction, { content: describeChanges(changes) });
        return;
      }
      case 'qotd': {
        const changes = await settings.update(guild.id, actor, qotdChanges(interaction, guild));
        const status = await qotdStatus(trivia, guild.id);
        await replyPrivately(interaction, { content: `${describeChanges(changes)}\n${status}` });
        return;
      }
      case 'trivia': {
        const changes = await settings.update(guild.id, actor, triviaChanges(interaction));
        await replyPrivately(interaction, { content: describeChanges(changes) });
        return;
      }
      case 'reset': {
        const setting = interaction.options.getString('setting', true);
        if (setting === 'all') {
          requireManageServer(member);
          await replyPrivately(interaction, {
            content:
              'Reset **all** settings to their defaults and clear the change history? This cannot be undone.',
            components: [
              {
                type: ComponentType.ActionRow,
                components: [
                  {
                    type: ComponentType.Button,
                    style: ButtonStyle.Danger,
                    label: 'Reset everything',
                    customId: `${RESET_ALL}:confirm:${guild.id}:${actor}`,
                  },
                  {
                    type: ComponentType.Button,
                    style: ButtonStyle.Secondary,
                    label: 'Cancel',
                    customId: `${RESET_ALL}:cancel:${guild.id}:${actor}`,
                  },
                ],
              },
            ],
          });
          return;
        }
        if (setting === 'release') {
          const changes = await settings.reset(guild.id, actor, RELEASE_KEYS);
          await replyPrivately(interaction, { content: describeChanges(changes) });
          return;
        }
        if (!isSettingKey(setting)) throw new UserError('Pick a setting from the list.');
        if (setting === 'modRole') requireManageServer(member);
        await replyPrivately(interaction, {
          content: describeChanges(await settings.reset(guild.id, actor, setting)),
        });
        return;
      }
      default:
        throw new UserError('That subcommand is not one I know. Please pick one from the list.');
    }
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

  async handleComponent(interaction, { settings, trivia }: HandlerContext) {
    if (isQuestionsComponent(interaction.customId)) {
      await questionsComponent(interaction, settings, trivia);
      return;
    }
    const [, action, choice, guildId, requester] = interaction.customId.split(':');
    // The server is in the custom id too, so a button can only ever act on the server it was shown in.
    if (
      !interaction.isButton() ||
      action !== 'reset-all' ||
      requester === undefined ||
      guildId !== interaction.guildId
    ) {
      throw new UserError('That button is no longer available.');
    }
    if (interaction.user.id !== requester) {
      throw new UserError('Only the moderator who asked for the reset can answer this.');
    }
    const guild = cachedGuild(interaction);
    requireManageServer(memberOf(interaction));
    if (choice === 'confirm') {
      const changes = await settings.reset(guild.id, interaction.user.id, 'all');
      await interaction.update({
        content: `All settings are back to their defaults (${changes.length} changed) and the history is cleared.`,
        components: [],
      });
    } else {
      await interaction.update({ content: 'Nothing was reset.', components: [] });
    }
  },
} satisfies Command;

import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { UserError } from '../src/errors.js';
import { localizedText, resolveLocale, t, userError } from '../src/i18n/index.js';
import { EVERYWHERE } from '../src/interactions/where.js';
import { nextReminder, REMINDER_KINDS, type ReminderKind } from '../src/reminders/model.js';
import { momentsOf } from '../src/reminders/release-feed.js';
import {
  CHOOSE_ID,
  choiceMenuRow,
  choiceSaved,
  menuIntro,
  REMIND_ME_ID,
  renderShow,
} from '../src/reminders/render.js';
import { parseTimezone, searchTimezones } from '../src/settings/validate.js';

const KIND_OPTIONS: Record<ReminderKind, string> = {
  announced: 'When the release date is announced or moved',
  week: '7 days before the premiere',
  day: '1 day before the premiere',
  premiere: 'At the premiere itself',
};

const data = new SlashCommandBuilder()
  .setName('reminders')
  .setDescription('Reminders by direct message: only the ones you ask for.')
  .setIntegrationTypes(...EVERYWHERE.integrationTypes)
  .setContexts(...EVERYWHERE.contexts)
  .addSubcommand((sub) =>
    sub.setName('show').setDescription('Your reminders, your timezone and the next one.'),
  )
  .addSubcommand((sub) => {
    sub.setName('set').setDescription('Choose your reminders (give at least one option).');
    for (const kind of REMINDER_KINDS)
      sub.addBooleanOption((option) => option.setName(kind).setDescription(KIND_OPTIONS[kind]));
    return sub.addStringOption((option) =>
      option
        .setName('timezone')
        .setDescription('Your timezone for day reminders, e.g. Europe/London (default Etc/UTC)')
        .setAutocomplete(true)
        .setMaxLength(64),
    );
  })
  .addSubcommand((sub) =>
    sub.setName('stop').setDescription('Stop every reminder and delete everything the bot keeps about you.'),
  )
  .toJSON();

/** A timezone as the member typed it, worded for them rather than for a server setting. */
function memberTimezone(text: string): string | null {
  if (['utc', 'etc/utc', 'none', 'default'].includes(text.trim().toLowerCase())) return null;
  try {
    return parseTimezone('countdownTimezone', text);
  } catch (error) {
    if (error instanceof UserError && error.localized !== undefined) {
      // The same refusal, naming the member's own timezone instead of the server's setting, in their language.
      const localized = {
        ...error.localized,
        keyValues: { ...error.localized.keyValues, label: 'reminders.yourTimezone' },
      };
      throw new UserError(localizedText('en', localized), localized);
    }
    throw error;
  }
}

export default {
  data,
  async execute(interaction, { reminders, now }) {
    const userId = interaction.user.id;
    const locale = resolveLocale(interaction.locale);
    const ephemeral = { flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
    switch (interaction.options.getSubcommand()) {
      case 'show': {
        const view = await reminders.members.get(userId);
        const next = view === undefined ? null : nextReminder(view.member, momentsOf(reminders.feed), now());
        await reminders.members.takePauseNotice(userId);
        await interaction.reply({ ...ephemeral, embeds: [renderShow(locale, view, next)] });
        return;
      }
      case 'set': {
        const kinds: Partial<Record<ReminderKind, boolean>> = {};
        for (const kind of REMINDER_KINDS) {
          const value = interaction.options.getBoolean(kind);
          if (value !== null) kinds[kind] = value;
        }
        const zone = interaction.options.getString('timezone');
        if (Object.keys(kinds).length === 0 && zone === null) throw userError('reminders.needOption');
        const member = await reminders.members.choose(userId, {
          kinds,
          ...(zone === null ? {} : { timeZone: memberTimezone(zone) }),
          locale: interaction.locale,
        });
        await interaction.reply({ ...ephemeral, content: choiceSaved(locale, member) });
        return;
      }
      case 'stop': {
        const had = await reminders.members.stop(userId);
        await interaction.reply({
          ...ephemeral,
          content: t(locale, had ? 'reminders.stopped' : 'reminders.stoppedNothing'),
        });
        return;
      }
      default:
        throw userError('configErrors.unknownSubcommand');
    }
  },

  async autocomplete(interaction) {
    const focused = interaction.options.getFocused(true);
    const names = focused.name === 'timezone' ? searchTimezones(focused.value) : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },

  async handleComponent(interaction, { reminders }) {
    const userId = interaction.user.id;
    const locale = resolveLocale(interaction.locale);
    if (interaction.isButton() && interaction.customId === REMIND_ME_ID) {
      const view = await reminders.members.get(userId);
      const paused = await reminders.members.takePauseNotice(userId);
      await interaction.reply({
        content: (paused ? `${t(locale, 'reminders.paused')}\n\n` : '') + menuIntro(locale, view?.member),
        components: [choiceMenuRow(locale, view?.member)],
        flags: MessageFlags.Ephemeral,
        allowedMentions: { parse: [] },
      });
      return;
    }
    if (interaction.isStringSelectMenu() && interaction.customId === CHOOSE_ID) {
      const chosen = new Set(interaction.values);
      const kinds = Object.fromEntries(REMINDER_KINDS.map((kind) => [kind, chosen.has(kind)]));
      const member = await reminders.members.choose(userId, { kinds, locale: interaction.locale });
      await interaction.update({
        content: choiceSaved(locale, member),
        components: [],
        allowedMentions: { parse: [] },
      });
      return;
    }
    throw userError('errors.unknownButton');
  },
} satisfies Command;

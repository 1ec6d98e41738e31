import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { describePerson, resolvePerson, searchCast } from '../src/cast/cast.js';
import { CAST_STATUSES, type CastStatus } from '../src/content/schemas.js';
import { localDate } from '../src/countdown/zoned-time.js';
import type { Command } from '../src/command.js';
import type { HandlerContext } from '../src/context.js';
import { castIn, releaseIn } from '../src/content/translations.js';
import { StoreUnavailableError } from '../src/errors.js';
import { resolveLocale, t, userError, type Locale } from '../src/i18n/index.js';
import type { ReleaseNews } from '../src/release/facts.js';
import { checkWindow, parseSource, parseWindowLabel } from '../src/release/input.js';
import { ownersOf, requireOperator } from '../src/release/operators.js';
import { describeChange, renderOperatorHistory, renderOperatorStatus } from '../src/release/render.js';
import type { ChangeResult } from '../src/release/timeline.js';
import { parseDate, parseTime, parseTimezone, searchTimezones } from '../src/settings/validate.js';

const source = (option: import('discord.js').SlashCommandStringOption, required = true) =>
  option
    .setName('source')
    .setDescription('Where the news comes from, shown to members (up to 200 characters)')
    .setRequired(required)
    .setMaxLength(200);

const data = new SlashCommandBuilder()
  .setName('operator')
  .setDescription("The bot operator's controls: the release timeline and cast news, for every server.")
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
  .addSubcommandGroup((group) =>
    group
      .setName('release')
      .setDescription('The release date or window every server counts down to')
      .addSubcommand((sub) =>
        sub
          .setName('set')
          .setDescription('The official premiere: date, time and timezone')
          .addStringOption((o) =>
            o.setName('date').setDescription('YYYY-MM-DD').setRequired(true).setMaxLength(10),
          )
          .addStringOption((o) =>
            o.setName('time').setDescription('24-hour HH:MM').setRequired(true).setMaxLength(5),
          )
          .addStringOption((o) =>
            o
              .setName('timezone')
              .setDescription('IANA name, e.g. America/Los_Angeles')
              .setRequired(true)
              .setAutocomplete(true)
              .setMaxLength(64),
          )
          .addStringOption((o) => source(o)),
      )
      .addSubcommand((sub) =>
        sub
          .setName('window')
          .setDescription('A new announced window without a day, e.g. "February 2027"')
          .addStringOption((o) =>
            o
              .setName('label')
              .setDescription('What was announced, e.g. February 2027')
              .setRequired(true)
              .setMaxLength(60),
          )
          .addStringOption((o) =>
            o
              .setName('start')
              .setDescription('First day the bot reads it as, YYYY-MM-DD')
              .setRequired(true)
              .setMaxLength(10),
          )
          .addStringOption((o) =>
            o
              .setName('end')
              .setDescription('Last day the bot reads it as, YYYY-MM-DD')
              .setRequired(true)
              .setMaxLength(10),
          )
          .addStringOption((o) => source(o)),
      )
      .addSubcommand((sub) =>
        sub
          .setName('clear')
          .setDescription('Back to the built-in data/release.json')
          .addStringOption((o) => source(o, false)),
      ),
  )
  .addSubcommandGroup((group) =>
    group
      .setName('cast')
      .setDescription('News about a person of the cast or crew')
      .addSubcommand((sub) =>
        sub
          .setName('status')
          .setDescription('A rumor confirmed, a casting denied...')
          .addStringOption((o) =>
            o
              .setName('person')
              .setDescription('Who')
              .setRequired(true)
              .setAutocomplete(true)
              .setMaxLength(100),
          )
          .addStringOption((o) =>
            o
              .setName('status')
              .setDescription('Their status now')
              .setRequired(true)
              .addChoices(...CAST_STATUSES.map((status) => ({ name: status, value: status }))),
          )
          .addStringOption((o) => source(o)),
      ),
  )
  .addSubcommand((sub) => sub.setName('history').setDescription('Every operator change, newest first'))
  .addSubcommand((sub) =>
    sub.setName('status').setDescription('What the bot believes now, and when each shard last read it'),
  )
  .toJSON();

/** The ids of the bot's operators: OPERATOR_USER_IDS, or the application's owner or team. */
async function operatorIds(
  interaction: ChatInputCommandInteraction,
  context: HandlerContext,
): Promise<readonly string[]> {
  if (context.operator.userIds !== undefined) return context.operator.userIds;
  const application = interaction.client.application;
  if (application.owner === null) await application.fetch();
  return ownersOf(application);
}

/**
 * Makes a change and says what it did, in the operator's language. A store outage leaves the facts in force as
 * they were, and the operator is told so.
 */
async function changing(
  context: HandlerContext,
  locale: Locale,
  change: () => Promise<ChangeResult>,
): Promise<string> {
  let result: ChangeResult;
  try {
    result = await change();
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw userError('operator.reply.storeUnavailable', { revision: context.release.current().revision });
  }
  if (!result.changed) return t(locale, 'operator.reply.unchanged');
  const said = describeChange(
    locale,
    result.change,
    releaseIn(context.content, context.content.release, locale),
  );
  const follows =
    result.change.detail?.kind === 'cast' ? 'operator.reply.castFollows' : 'operator.reply.releaseFollows';
  return `${t(locale, 'operator.reply.saved', { old: said.old, new: said.new })}\n${t(locale, follows)}`;
}

async function releaseCommand(
  interaction: ChatInputCommandInteraction,
  context: HandlerContext,
  locale: Locale,
): Promise<string> {
  const options = interaction.options;
  const by = interaction.user.id;
  const at = context.now().toISOString();
  switch (options.getSubcommand()) {
    case 'set': {
      const news: ReleaseNews = {
        kind: 'premiere',
        date: parseDate('releaseDate', options.getString('date', true)),
        time: parseTime('releaseTime', options.getString('time', true)),
        timeZone: parseTimezone('releaseTimezone', options.getString('timezone', true)),
        source: parseSource(options.getString('source', true)),
        by,
        at,
      };
      return changing(context, locale, () => context.release.setRelease(by, news, news.source));
    }
    case 'window': {
      const start = parseDate('releaseDate', options.getString('start', true));
      const end = parseDate('releaseDate', options.getString('end', true));
      checkWindow(start, end, localDate(context.now(), 'Etc/UTC'));
      const news: ReleaseNews = {
        kind: 'window',
        label: parseWindowLabel(options.getString('label', true)),
        start,
        end,
        source: parseSource(options.getString('source', true)),
        by,
        at,
      };
      return changing(context, locale, () => context.release.setRelease(by, news, news.source));
    }
    case 'clear': {
      const text = options.getString('source');
      const why = text === null ? null : parseSource(text);
      return changing(context, locale, () => context.release.setRelease(by, null, why));
    }
    default:
      throw userError('configErrors.unknownSubcommand');
  }
}

export default {
  data,
  async execute(interaction, context) {
    requireOperator({
      guildId: interaction.guildId,
      userId: interaction.user.id,
      operatorGuildId: context.operator.guildId,
      operatorIds: await operatorIds(interaction, context),
    });
    // Only the operator sees the replies: in their own Discord language.
    const locale = resolveLocale(interaction.locale);
    const reply = (payload: object) => interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
    const group = interaction.options.getSubcommandGroup(false);
    if (group === 'release') {
      await reply({ content: await releaseCommand(interaction, context, locale) });
      return;
    }
    if (group === 'cast') {
      const person = resolvePerson(context.content.cast, interaction.options.getString('person', true));
      const status = interaction.options.getString('status', true);
      if (!(CAST_STATUSES as readonly string[]).includes(status))
        throw userError('operator.refusal.pickStatus');
      const why = parseSource(interaction.options.getString('source', true));
      const by = interaction.user.id;
      const content = await changing(context, locale, () =>
        context.release.setCastStatus(by, person, status as CastStatus, why),
      );
      await reply({ content });
      return;
    }
    const { content } = context;
    switch (interaction.options.getSubcommand()) {
      case 'history': {
        const base = releaseIn(content, content.release, locale);
        await reply({ embeds: [renderOperatorHistory(context.release.current().history, base, locale)] });
        return;
      }
      case 'status': {
        const names = new Map(content.cast.map((person) => [person.id, person.name]));
        const embed = renderOperatorStatus({
          release: releaseIn(content, context.release.release(), locale),
          facts: context.release.current(),
          readers: await context.release.readers(),
          castNames: names,
          locale,
        });
        await reply({ embeds: [embed] });
        return;
      }
      default:
        throw userError('configErrors.unknownSubcommand');
    }
  },
  async autocomplete(interaction, context) {
    // Suggestions only where /operator is registered; the command itself checks who uses it.
    if (interaction.guildId !== context.operator.guildId) {
      await interaction.respond([]);
      return;
    }
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'person') {
      // Suggestions are for the operator typing: in their language.
      const locale = resolveLocale(interaction.locale);
      const cast = castIn(context.content, context.content.cast, locale);
      const choices = searchCast(cast, focused.value).map((person) => ({
        name: describePerson(person, locale).slice(0, 100),
        value: person.id,
      }));
      await interaction.respond(choices);
      return;
    }
    const names = focused.name === 'timezone' ? searchTimezones(focused.value) : [];
    await interaction.respond(names.map((name) => ({ name, value: name })));
  },
} satisfies Command;

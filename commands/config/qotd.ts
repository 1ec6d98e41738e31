/** `/config qotd channel time timezone enabled`: the question of the day, a daily trivia post. */
import { describeSchedule, QOTD_WORDS } from '../../src/admin/diagnose.js';
import { viewOfGuild } from '../../src/admin/guild-view.js';
import {
  addSettingOptions,
  dailyPostOptions,
  readSettingChanges,
  type SettingOption,
} from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import type { ScheduleView } from '../../src/context.js';
import type { Locale } from '../../src/i18n/index.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

const post = dailyPostOptions(
  { channel: 'qotdChannel', time: 'qotdTime', timezone: 'qotdTimezone', enabled: 'qotdEnabled' },
  { timeExample: 'e.g. 12:00 or 18:30', enabled: 'Post a question every day' },
);
const OPTIONS: readonly SettingOption[] = [post.channel, post.time, post.timezone, post.enabled];

export const qotd: ConfigSubcommand = {
  name: 'qotd',
  build: (sub) =>
    addSettingOptions(sub.setDescription('Question of the day: a trivia question posted every day'), OPTIONS),
  async execute({ interaction, locale, guild, actor, context: { settings, qotd: schedule } }) {
    const changes = await settings.update(
      guild.id,
      actor,
      readSettingChanges(interaction.options, OPTIONS, viewOfGuild(guild)),
    );
    const status = await qotdStatus(schedule, guild.id, locale);
    await replyPrivately(interaction, { content: `${describeChanges(changes, locale)}\n${status}` });
  },
};

/**
 * When the next question of the day comes, or why none is planned (after the re-plan a change started), as
 * `/config check` says it.
 */
async function qotdStatus(schedule: ScheduleView, guildId: string, locale: Locale): Promise<string> {
  await schedule.idle();
  return describeSchedule(await schedule.status(guildId), QOTD_WORDS, locale);
}

/** `/config qotd channel time timezone enabled`: the question of the day, a daily trivia post. */
import { viewOfGuild } from '../../src/admin/guild-view.js';
import {
  addSettingOptions,
  dailyPostOptions,
  readSettingChanges,
  type SettingOption,
} from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import type { ScheduleView } from '../../src/context.js';
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
    const status = await qotdStatus(schedule, guild.id);
    await replyPrivately(interaction, { content: `${describeChanges(changes, locale)}\n${status}` });
  },
};

/** When the next question of the day comes, or why none is planned (after the re-plan a change started). */
async function qotdStatus(schedule: ScheduleView, guildId: string): Promise<string> {
  await schedule.idle();
  const status = await schedule.status(guildId);
  if (status.state === 'planned') {
    const unix = Math.floor(status.at.getTime() / 1000);
    return `Next question of the day: <t:${unix}:F> (<t:${unix}:R>).`;
  }
  if (status.state === 'disabled') return `The question of the day is stopped: ${status.reason}.`;
  return `No question of the day is planned: ${status.reason}`;
}

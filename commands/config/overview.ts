/** `/config show`, `/config history` and `/config check`: what is set, what changed, what is wrong. */
import {
  COUNTDOWN_WORDS,
  countdownChecks,
  QOTD_WORDS,
  scheduleCheck,
  settingProblems,
  type CheckResult,
} from '../../src/admin/diagnose.js';
import { viewOfGuild } from '../../src/admin/guild-view.js';
import { renderChecks, renderHistory, renderSettings } from '../../src/admin/render.js';
import { t } from '../../src/i18n/index.js';
import { releaseChecks } from '../../src/release/checks.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

export const show: ConfigSubcommand = {
  name: 'show',
  build: (sub) => sub.setDescription('Every setting: its value, its default, what is wrong'),
  async execute({ interaction, locale, guild, context: { settings, countdown } }) {
    const { settings: values, problems } = await settings.inspect(guild.id);
    const schedule = await countdown.status(guild.id);
    const embed = renderSettings(
      values,
      settingProblems(values, problems, viewOfGuild(guild), schedule, locale),
      locale,
    );
    await replyPrivately(interaction, { embeds: [embed] });
  },
};

export const history: ConfigSubcommand = {
  name: 'history',
  build: (sub) => sub.setDescription('The last 25 setting changes, newest first'),
  async execute({ interaction, locale, guild, context: { settings } }) {
    await replyPrivately(interaction, {
      embeds: [renderHistory(await settings.history(guild.id, 25), locale)],
    });
  },
};

export const check: ConfigSubcommand = {
  name: 'check',
  build: (sub) => sub.setDescription("Check the bot's permissions and the set-up"),
  async execute({
    interaction,
    locale,
    guild,
    current,
    context: { content, countdown, qotd, release, settings, now },
  }) {
    const sections: Record<string, CheckResult[]> = {
      [t(locale, 'config.check.countdown')]: [
        ...countdownChecks(current, viewOfGuild(guild), locale),
        scheduleCheck(await countdown.status(guild.id), current.countdownEnabled, COUNTDOWN_WORDS, locale),
      ],
      [t(locale, 'config.check.release')]: await releaseChecks(
        release,
        settings,
        current,
        guild.id,
        now(),
        locale,
        content,
      ),
      [t(locale, 'config.check.qotd')]: [
        scheduleCheck(await qotd.status(guild.id), current.qotdEnabled, QOTD_WORDS, locale),
      ],
    };
    await replyPrivately(interaction, { embeds: [renderChecks(sections, locale)] });
  },
};

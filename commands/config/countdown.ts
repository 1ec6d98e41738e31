/**
 * The countdown parts of `/config`: `countdown` (the daily post), `release` (this server's own target) and
 * `countdown-event` (the target in the server's Events).
 */
import { createCountdownEvent } from '../../src/admin/countdown-event.js';
import { viewOfGuild } from '../../src/admin/guild-view.js';
import {
  addSettingOptions,
  dailyPostOptions,
  readSettingChanges,
  readSettingValues,
  type SettingOption,
} from '../../src/admin/options.js';
import { describeChanges } from '../../src/admin/render.js';
import { releaseIn } from '../../src/content/translations.js';
import { serverLocale, t } from '../../src/i18n/index.js';
import { resolveTarget } from '../../src/countdown/target.js';
import type { SettingKey } from '../../src/settings/definitions.js';
import { plainText } from '../../src/settings/validate.js';
import { replyPrivately, type ConfigSubcommand } from './shared.js';

const post = dailyPostOptions(
  {
    channel: 'countdownChannel',
    time: 'countdownTime',
    timezone: 'countdownTimezone',
    enabled: 'countdownEnabled',
  },
  { timeExample: 'e.g. 09:00 or 18:30', enabled: 'Post the countdown daily' },
);

const COUNTDOWN_OPTIONS: readonly SettingOption[] = [
  post.channel,
  post.time,
  post.timezone,
  { name: 'role', setting: 'countdownRole', description: 'A role to ping with each post' },
  post.enabled,
  { name: 'milestones', setting: 'countdownMilestones', description: 'Special posts on milestone days' },
  {
    name: 'announcements',
    setting: 'countdownAnnouncements',
    description: 'A post when a new release date or window is announced',
  },
];

export const countdown: ConfigSubcommand = {
  name: 'countdown',
  build: (sub) =>
    addSettingOptions(
      sub.setDescription('Daily countdown posts: where, when, who to ping'),
      COUNTDOWN_OPTIONS,
    ),
  async execute({ interaction, locale, guild, actor, context: { settings } }) {
    const changes = await settings.update(
      guild.id,
      actor,
      readSettingChanges(interaction.options, COUNTDOWN_OPTIONS, viewOfGuild(guild)),
    );
    await replyPrivately(interaction, { content: describeChanges(changes, locale) });
  },
};

const RELEASE_OPTIONS: readonly SettingOption[] = [
  { name: 'date', setting: 'releaseDate', description: 'YYYY-MM-DD, e.g. 2030-01-31', required: true },
  { name: 'time', setting: 'releaseTime', description: '24-hour time, e.g. 20:00 (default 00:00)' },
  {
    name: 'timezone',
    setting: 'releaseTimezone',
    description: 'Timezone name, e.g. America/New_York (default Etc/UTC)',
  },
  { name: 'label', setting: 'releaseLabel', description: 'What to call it, e.g. "Watch party"' },
];

/** The settings `/config release` sets together, and `/config reset setting:release` clears together. */
export const RELEASE_SETTINGS: readonly SettingKey[] = RELEASE_OPTIONS.map((option) => option.setting);

export const release: ConfigSubcommand = {
  name: 'release',
  build: (sub) =>
    addSettingOptions(
      sub.setDescription("This server's own countdown target: an official date, or a watch party"),
      RELEASE_OPTIONS,
    ),
  async execute({ interaction, locale, guild, actor, context: { settings } }) {
    // Options left out go back to their defaults: a new date is a new target, not a patch of the old one.
    const values = readSettingValues(interaction.options, RELEASE_OPTIONS, viewOfGuild(guild));
    const changes = await settings.update(guild.id, actor, values);
    await replyPrivately(interaction, { content: describeChanges(changes, locale) });
  },
};

export const countdownEvent: ConfigSubcommand = {
  name: 'countdown-event',
  build: (sub) =>
    sub.setDescription(
      'Create a Discord event for the countdown target, so members can mark it as interested',
    ),
  async execute({ interaction, locale, guild, current, context: { content, release, releasePosts, now } }) {
    // The whole server sees the event: it is worded in the server's language, the reply in the moderator's.
    const eventLocale = serverLocale(current.language, guild.preferredLocale);
    const releaseThere = releaseIn(content, release.release(), eventLocale);
    const target = resolveTarget(releaseThere, current, eventLocale, release.windowOrigin());
    const event = await createCountdownEvent(guild.scheduledEvents, {
      target,
      release: releaseThere,
      now: now(),
      botPermissions: guild.members.me?.permissions.bitfield ?? 0n,
      locale: eventLocale,
    });
    // Remembered, so that a new release date moves it (an event for the server's own date stays theirs).
    await releasePosts.rememberEvent(guild.id, {
      id: event.id,
      start: event.start,
      own: target.kind === 'server',
      words: event.words,
    });
    await replyPrivately(interaction, {
      content: t(locale, 'config.event.created', {
        name: plainText(event.name, 100),
        when: `<t:${Math.floor(event.start.getTime() / 1000)}:F>`,
        url: event.url,
      }),
    });
  },
};

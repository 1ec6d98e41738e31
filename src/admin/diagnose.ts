/**
 * What is wrong with a server's settings, worked out from a {@link GuildView}: deleted channels and roles,
 * channels the bot can no longer post in, a ping role it cannot mention. Used by `/config show` (problems per
 * setting) and `/config check` (every check, passed or not).
 */
import { PermissionFlagsBits } from 'discord.js';
import { LANGUAGE_NAMES, t, type Locale } from '../i18n/index.js';
import {
  SETTING_DEFINITIONS,
  type GuildSettings,
  type SettingKey,
  type SettingProblems,
} from '../settings/definitions.js';
import { plainText } from '../settings/validate.js';
import type { ScheduleStatus } from '../schedule/daily-scheduler.js';
import type { GuildView } from './guild-view.js';

export interface CheckResult {
  ok: boolean;
  text: string;
}

const has = (granted: bigint, flag: bigint): boolean =>
  (granted & PermissionFlagsBits.Administrator) !== 0n || (granted & flag) === flag;

const POSTING: readonly [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** Every check of the countdown set-up, in the order a moderator would fix them. */
export function countdownChecks(settings: GuildSettings, view: GuildView): CheckResult[] {
  const results: CheckResult[] = [];
  const channelId = settings.countdownChannel;
  const channel = channelId === null ? undefined : view.channel(channelId);
  if (channelId === null) {
    results.push({ ok: !settings.countdownEnabled, text: 'No countdown channel is set.' });
  } else if (channel === undefined) {
    results.push({ ok: false, text: 'The countdown channel no longer exists, or I cannot see it.' });
  } else {
    for (const [flag, words] of POSTING) {
      const ok = has(channel.botPermissions, flag);
      results.push({ ok, text: `${ok ? 'I have' : 'I am missing'} ${words} in <#${channel.id}>.` });
    }
  }
  if (settings.countdownRole !== null) {
    const role = view.role(settings.countdownRole);
    if (role === undefined) {
      results.push({ ok: false, text: 'The countdown ping role no longer exists.' });
    } else if (channel !== undefined) {
      const ok = role.mentionable || has(channel.botPermissions, PermissionFlagsBits.MentionEveryone);
      results.push({
        ok,
        text: ok
          ? `I can mention @${plainText(role.name)} in <#${channel.id}>.`
          : `I cannot mention @${plainText(role.name)}: make the role mentionable, or give me Mention @everyone in <#${channel.id}>.`,
      });
    }
  }
  results.push({ ok: true, text: `Times are in ${settings.countdownTimezone}, a valid timezone.` });
  results.push(
    settings.countdownEnabled
      ? { ok: channel !== undefined, text: `Countdown posts are on, daily at ${settings.countdownTime}.` }
      : { ok: true, text: 'Countdown posts are off (`/config countdown enabled:True` turns them on).' },
  );
  return results;
}

const unix = (date: Date): number => Math.floor(date.getTime() / 1000);

/** How a daily schedule is named in `/config check`. */
export interface ScheduleWords {
  /** "countdown post" */
  one: string;
  /** "Countdown posts" */
  many: string;
  /** How to resume after a stop, e.g. "`/config countdown enabled:True`". */
  resume: string;
}

export const COUNTDOWN_WORDS: ScheduleWords = {
  one: 'countdown post',
  many: 'Countdown posts',
  resume: '`/config countdown enabled:True`',
};
export const QOTD_WORDS: ScheduleWords = {
  one: 'question of the day',
  many: 'Questions of the day',
  resume: '`/config qotd enabled:True`',
};

/** When a daily schedule's next post is due, or why none is. */
export function scheduleCheck(status: ScheduleStatus, enabled: boolean, words: ScheduleWords): CheckResult {
  switch (status.state) {
    case 'planned':
      return { ok: true, text: `Next ${words.one}: <t:${unix(status.at)}:F> (<t:${unix(status.at)}:R>).` };
    case 'disabled':
      return {
        ok: false,
        text:
          `${words.many} stopped <t:${unix(status.since)}:R> because ${status.reason}. ` +
          `Fix that, then change any of its settings (e.g. ${words.resume}) to resume.`,
      };
    case 'idle':
      return { ok: !enabled, text: `No ${words.one} is planned: ${status.reason}` };
  }
}

/** For `/config show`: what is wrong with each setting, including stored values that could not be read. */
export function settingProblems(
  settings: GuildSettings,
  stored: SettingProblems,
  view: GuildView,
  schedule: ScheduleStatus,
): SettingProblems {
  const problems: SettingProblems = { ...stored };
  const add = (key: SettingKey, text: string): void => {
    problems[key] = problems[key] === undefined ? text : `${problems[key]} ${text}`;
  };
  if (schedule.state === 'disabled') add('countdownEnabled', `Posts stopped because ${schedule.reason}.`);
  if (settings.countdownChannel !== null) {
    const channel = view.channel(settings.countdownChannel);
    if (channel === undefined) add('countdownChannel', 'This channel no longer exists, or I cannot see it.');
    else {
      const missing = POSTING.filter(([flag]) => !has(channel.botPermissions, flag)).map(
        ([, words]) => words,
      );
      if (missing.length > 0) add('countdownChannel', `I am missing ${missing.join(', ')} there.`);
    }
  } else if (settings.countdownEnabled) {
    add('countdownEnabled', 'Posts are on but no countdown channel is set.');
  }
  for (const key of ['modRole', 'countdownRole'] as const) {
    const roleId = settings[key];
    if (roleId !== null && view.role(roleId) === undefined) add(key, 'This role no longer exists.');
  }
  const mention = countdownChecks(settings, view).find((check) => check.text.startsWith('I cannot mention'));
  if (mention !== undefined) add('countdownRole', mention.text);
  return problems;
}

/** A setting's value as moderators read it; never a ping (embeds and `parse: []` keep mentions silent). */
export function formatValue(
  key: SettingKey,
  value: GuildSettings[SettingKey],
  locale: Locale = 'en',
): string {
  const kind = SETTING_DEFINITIONS[key].kind;
  if (kind === 'language') {
    return value === null ? t(locale, 'settings.value.serverLanguage') : LANGUAGE_NAMES[value as Locale];
  }
  if (value === null) return t(locale, 'settings.value.notSet');
  switch (kind) {
    case 'channel':
      return `<#${String(value)}>`;
    case 'role':
      return `<@&${String(value)}>`;
    case 'boolean':
      return t(locale, value === true ? 'settings.value.on' : 'settings.value.off');
    case 'text':
      return `“${plainText(String(value), 100)}”`;
    default:
      return `\`${String(value)}\``;
  }
}

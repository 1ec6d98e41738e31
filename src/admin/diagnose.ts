/**
 * What is wrong with a server's settings, worked out from a {@link GuildView}: deleted channels and roles,
 * channels the bot can no longer post in, a ping role it cannot mention. Used by `/config show` (problems per
 * setting) and `/config check` (every check, passed or not).
 */
import { PermissionFlagsBits } from 'discord.js';
import {
  formatList,
  LANGUAGE_NAMES,
  localizedText,
  t,
  type KeyedMessage,
  type Locale,
  type MessageKey,
} from '../i18n/index.js';
import {
  SETTING_DEFINITIONS,
  type GuildSettings,
  type SettingKey,
  type SettingProblems,
  type StoredProblems,
  type TriviaSource,
} from '../settings/definitions.js';
import { plainText } from '../settings/validate.js';
import type { ScheduleStatus } from '../schedule/daily-scheduler.js';
import { sourceLabel } from '../trivia/questions.js';
import type { ChannelInfo, GuildView, RoleInfo } from './guild-view.js';

export interface CheckResult {
  ok: boolean;
  text: string;
}

const has = (granted: bigint, flag: bigint): boolean =>
  (granted & PermissionFlagsBits.Administrator) !== 0n || (granted & flag) === flag;

/** What the bot needs in the countdown channel, each named as Discord names it in the reader's language. */
const POSTING: readonly [bigint, MessageKey][] = [
  [PermissionFlagsBits.ViewChannel, 'permissions.viewChannel'],
  [PermissionFlagsBits.SendMessages, 'permissions.sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'permissions.embedLinks'],
];

/** Every check of the countdown set-up, in the order a moderator would fix them, in the moderator's `locale`. */
export function countdownChecks(settings: GuildSettings, view: GuildView, locale: Locale): CheckResult[] {
  const results: CheckResult[] = [];
  const channelId = settings.countdownChannel;
  const channel = channelId === null ? undefined : view.channel(channelId);
  if (channelId === null) {
    results.push({ ok: !settings.countdownEnabled, text: t(locale, 'diagnose.noChannel') });
  } else if (channel === undefined) {
    results.push({ ok: false, text: t(locale, 'diagnose.channelGone') });
  } else {
    for (const [flag, permission] of POSTING) {
      const ok = has(channel.botPermissions, flag);
      results.push({
        ok,
        text: t(locale, ok ? 'diagnose.hasPermission' : 'diagnose.missingPermission', {
          permission: t(locale, permission),
          channel: `<#${channel.id}>`,
        }),
      });
    }
  }
  if (settings.countdownRole !== null) {
    const role = view.role(settings.countdownRole);
    if (role === undefined) results.push({ ok: false, text: t(locale, 'diagnose.roleGone') });
    else if (channel !== undefined) results.push(mentionCheck(role, channel, locale));
  }
  results.push({
    ok: true,
    text: t(locale, 'diagnose.timezone', { timezone: settings.countdownTimezone }),
  });
  results.push(
    settings.countdownEnabled
      ? {
          ok: channel !== undefined,
          text: t(locale, 'diagnose.postsOn', { time: settings.countdownTime }),
        }
      : { ok: true, text: t(locale, 'diagnose.postsOff') },
  );
  return results;
}

/** Whether the bot can ping the countdown role in the countdown channel. */
function mentionCheck(role: RoleInfo, channel: ChannelInfo, locale: Locale): CheckResult {
  const ok = role.mentionable || has(channel.botPermissions, PermissionFlagsBits.MentionEveryone);
  const values = { role: plainText(role.name), channel: `<#${channel.id}>` };
  return ok
    ? { ok, text: t(locale, 'diagnose.canMention', values) }
    : {
        ok,
        text: t(locale, 'diagnose.cannotMention', {
          ...values,
          permission: t(locale, 'permissions.mentionEveryone'),
        }),
      };
}

const unix = (date: Date): number => Math.floor(date.getTime() / 1000);

/** How a daily schedule's state is said in `/config check`: one message per state, each its own sentence. */
export interface ScheduleWords {
  /** "Next countdown post: {full} ({relative})." */
  next: MessageKey;
  /** "Countdown posts stopped {relative} because {reason}. …(how to resume)" */
  stopped: MessageKey;
  /** "No countdown post is planned: {reason}" */
  idle: MessageKey;
}

export const COUNTDOWN_WORDS: ScheduleWords = {
  next: 'diagnose.countdown.next',
  stopped: 'diagnose.countdown.stopped',
  idle: 'diagnose.countdown.idle',
};
export const QOTD_WORDS: ScheduleWords = {
  next: 'diagnose.qotd.next',
  stopped: 'diagnose.qotd.stopped',
  idle: 'diagnose.qotd.idle',
};

/** When a daily schedule's next post is due, or why none is, in the moderator's `locale`. */
export function scheduleCheck(
  status: ScheduleStatus,
  enabled: boolean,
  words: ScheduleWords,
  locale: Locale,
): CheckResult {
  // Idle is only a problem when posts are meant to be on (no channel yet, the target passed).
  const ok = status.state === 'planned' || (status.state === 'idle' && !enabled);
  return { ok, text: describeSchedule(status, words, locale) };
}

/** A daily schedule's state in one sentence: its next post, why it stopped, or why none is planned. */
export function describeSchedule(status: ScheduleStatus, words: ScheduleWords, locale: Locale): string {
  switch (status.state) {
    case 'planned':
      return t(locale, words.next, {
        full: `<t:${unix(status.at)}:F>`,
        relative: `<t:${unix(status.at)}:R>`,
      });
    case 'disabled':
      return t(locale, words.stopped, {
        relative: `<t:${unix(status.since)}:R>`,
        reason: localizedText(locale, status.reason),
      });
    case 'idle':
      return t(locale, words.idle, { reason: localizedText(locale, status.reason) });
  }
}

/**
 * For `/config show`: what is wrong with each setting, including stored values that could not be read, in the
 * moderator's `locale`.
 */
export function settingProblems(
  settings: GuildSettings,
  stored: StoredProblems,
  view: GuildView,
  schedule: ScheduleStatus,
  locale: Locale,
): SettingProblems {
  const problems: SettingProblems = {};
  for (const [key, problem] of Object.entries(stored) as [SettingKey, KeyedMessage][]) {
    problems[key] = localizedText(locale, problem);
  }
  const add = (key: SettingKey, text: string): void => {
    problems[key] = problems[key] === undefined ? text : `${problems[key]} ${text}`;
  };
  if (schedule.state === 'disabled') {
    add(
      'countdownEnabled',
      t(locale, 'diagnose.problem.postsStopped', { reason: localizedText(locale, schedule.reason) }),
    );
  }
  const channel = settings.countdownChannel === null ? undefined : view.channel(settings.countdownChannel);
  if (settings.countdownChannel !== null) {
    if (channel === undefined) add('countdownChannel', t(locale, 'diagnose.problem.channelGone'));
    else {
      const missing = POSTING.filter(([flag]) => !has(channel.botPermissions, flag)).map(([, permission]) =>
        t(locale, permission),
      );
      if (missing.length > 0) {
        add(
          'countdownChannel',
          t(locale, 'diagnose.problem.missingPermissions', {
            permissions: formatList(locale, missing),
          }),
        );
      }
    }
  } else if (settings.countdownEnabled) {
    add('countdownEnabled', t(locale, 'diagnose.problem.noChannel'));
  }
  for (const key of ['modRole', 'countdownRole'] as const) {
    const roleId = settings[key];
    if (roleId !== null && view.role(roleId) === undefined) add(key, t(locale, 'diagnose.problem.roleGone'));
  }
  const role = settings.countdownRole === null ? undefined : view.role(settings.countdownRole);
  if (role !== undefined && channel !== undefined) {
    const mention = mentionCheck(role, channel, locale);
    if (!mention.ok) add('countdownRole', mention.text);
  }
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
    case 'trivia-source':
      return sourceLabel(value as TriviaSource, locale);
    default:
      return `\`${String(value)}\``;
  }
}

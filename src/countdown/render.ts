/**
 * The countdown as Discord shows it: the /countdown embed and the scheduled daily post.
 *
 * Instants are only ever shown as Discord timestamp markup (`<t:unix:F>` and `<t:unix:R>`), which each reader's
 * app renders in their own time zone; no clock time or zone name is written out. Window dates are calendar
 * dates, written as dates ("1 August 2026"), never as instants, since the window has no time of day.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { clip, EMBED_LIMITS } from '../embed.js';
import type { Release } from '../content/schemas.js';
import type { LocalContent } from '../content/translations.js';
import { formatCalendarDate, t, type Locale, type MessageKey } from '../i18n/index.js';
import { plainText } from '../settings/validate.js';
import { milestoneFor, nextMilestone, type CountdownState, type MilestoneDay } from './state.js';
import type { CountdownTarget } from './target.js';

/** The operator's source is at most 200 characters (src/release/facts.ts), shown whole. */
const MAX_SOURCE_SHOWN = 200;

/** Discord timestamp markup: F is the full date and time, R the live relative time ("in 3 days"). */
export function timestamp(at: Date, style: 'F' | 'R'): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

function when(locale: Locale, at: Date): string {
  return t(locale, 'countdown.when', { full: timestamp(at, 'F'), relative: timestamp(at, 'R') });
}

/** "81 days and 14 hours": a duration, the same for every reader wherever they are. */
function duration(locale: Locale, hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0) {
    return hours === 0
      ? t(locale, 'countdown.duration.lessThanAnHour')
      : t(locale, 'countdown.duration.hours', { hours });
  }
  return rest === 0
    ? t(locale, 'countdown.duration.days', { days })
    : t(locale, 'countdown.duration.daysAndHours', { days, hours: rest });
}

function footerText(locale: Locale, state: CountdownState, target: CountdownTarget): string {
  const countedIn = t(locale, 'countdown.countedIn', { timeZone: state.timeZone });
  if (target.kind !== 'window') return t(locale, 'countdown.footer', { countedIn });
  // The article's window carries its own reading (translated with the content); the operator's is said here.
  return target.from === 'article'
    ? t(locale, 'countdown.windowFooter', { reading: target.reading, countedIn })
    : t(locale, 'countdown.newsWindowFooter', { countedIn });
}

function milestoneField(
  locale: Locale,
  release: Release,
  now: Date,
): { name: string; value: string } | undefined {
  const milestone = nextMilestone(release, now);
  if (milestone === null) return undefined;
  const { label, note } = milestone;
  const value =
    milestone.precision === 'day'
      ? t(locale, 'countdown.milestoneOnDay', {
          label,
          note,
          date: formatCalendarDate(locale, milestone.date),
        })
      : milestone.precision === 'month'
        ? t(locale, 'countdown.milestoneInMonth', {
            label,
            note,
            month: formatCalendarDate(locale, milestone.date, 'month'),
          })
        : t(locale, 'countdown.milestoneUndated', { label, note });
  return { name: t(locale, 'countdown.nextMilestone'), value: clip(value, EMBED_LIMITS.fieldValue) };
}

/** Title and description of the /countdown embed for each state. */
function describe(
  locale: Locale,
  state: CountdownState,
  target: CountdownTarget,
  release: Release,
): { title: string; description: string } {
  const { label } = target;
  const { title, studio } = release;
  // What is known: the announcement article, or the latest news the operator gave, named a window. Whether a
  // date has been announced since is beyond what the bot can know, so it says only that it knows of none. The
  // news's source is not repeated here: /countdown shows it under "Where this comes from".
  const fromNews = target.kind === 'window' && target.from === 'operator';
  const windowWords = (start: string, end: string) =>
    t(locale, fromNews ? 'countdown.newsWindowWords' : 'countdown.windowWords', {
      label,
      start: formatCalendarDate(locale, start),
      end: formatCalendarDate(locale, end),
    });
  switch (state.phase) {
    case 'upcoming':
      return {
        title: t(locale, 'countdown.upcoming.title', { days: state.daysLeft, label }),
        description: t(locale, 'countdown.upcoming.description', {
          label,
          when: when(locale, state.at),
          duration: duration(locale, state.hoursLeft),
        }),
      };
    case 'release-day':
      if (!state.passed) {
        return {
          title: t(locale, 'countdown.releaseDay.title', { label }),
          description: t(locale, 'countdown.releaseDay.description', {
            label,
            when: when(locale, state.at),
            duration: duration(locale, state.hoursLeft),
          }),
        };
      }
      return target.kind === 'premiere'
        ? {
            title: t(locale, 'countdown.premiereToday.title', { title }),
            description: t(locale, 'countdown.premiereToday.description', {
              title,
              studio,
              when: when(locale, state.at),
            }),
          }
        : {
            title: t(locale, 'countdown.serverDateToday.title', { label }),
            description: t(locale, 'countdown.serverDateToday.description', {
              label,
              when: when(locale, state.at),
            }),
          };
    case 'released':
      return target.kind === 'premiere'
        ? {
            title: t(locale, 'countdown.premiereReleased.title', { title }),
            description: t(locale, 'countdown.premiereReleased.description', {
              title,
              studio,
              days: state.daysSince,
              when: when(locale, state.at),
            }),
          }
        : {
            title: t(locale, 'countdown.serverDatePassed.title', { label }),
            description: t(locale, 'countdown.serverDatePassed.description', {
              label,
              days: state.daysSince,
              when: when(locale, state.at),
            }),
          };
    case 'window-upcoming':
      return {
        title: t(locale, 'countdown.windowUpcoming.title', { title, label }),
        description: t(locale, 'countdown.windowUpcoming.description', {
          windowWords: windowWords(state.start, state.end),
          days: state.daysUntilWindow,
        }),
      };
    case 'window-open':
      return {
        title: t(locale, 'countdown.windowOpen.title', { title }),
        description:
          state.daysLeftInWindow === 0
            ? t(locale, 'countdown.windowOpen.lastDay', { windowWords: windowWords(state.start, state.end) })
            : t(locale, 'countdown.windowOpen.daysLeft', {
                windowWords: windowWords(state.start, state.end),
                days: state.daysLeftInWindow,
              }),
      };
    case 'window-passed':
      return {
        title: t(locale, 'countdown.windowPassed.title', { title }),
        description: t(
          locale,
          fromNews ? 'countdown.windowPassed.newsDescription' : 'countdown.windowPassed.description',
          { label },
        ),
      };
  }
}

/**
 * The /countdown embed in `locale`: where the countdown stands, honestly worded for each state, and the next
 * milestone. `release` and `target` come in the same language (`contentIn`, `resolveTarget`).
 */
export function renderCountdown(
  state: CountdownState,
  target: CountdownTarget,
  release: Release,
  now: Date,
  locale: Locale = 'en',
): APIEmbed {
  const { title, description } = describe(locale, state, target, release);
  const milestone = milestoneField(locale, release, now);
  return {
    color: BRAND_COLOUR,
    title: clip(title, EMBED_LIMITS.title),
    description: clip(description, EMBED_LIMITS.description),
    ...(milestone !== undefined ? { fields: [milestone] } : {}),
    footer: { text: clip(footerText(locale, state, target), EMBED_LIMITS.footerText) },
  };
}

/** The key of each milestone post's words, for a target called `label`. */
const MILESTONE_HEADLINES: Record<MilestoneDay, MessageKey> = {
  100: 'countdown.post.milestone100',
  50: 'countdown.post.milestone50',
  30: 'countdown.post.milestone30',
  14: 'countdown.post.milestone14',
  7: 'countdown.post.milestone7',
  3: 'countdown.post.milestone3',
  1: 'countdown.post.milestone1',
  0: 'countdown.post.milestone0',
};

function postHeadline(
  locale: Locale,
  state: CountdownState,
  target: CountdownTarget,
  milestones: boolean,
): string {
  const { label } = target;
  switch (state.phase) {
    case 'upcoming':
    case 'release-day': {
      const milestone = milestones ? milestoneFor(state.daysLeft) : null;
      if (milestone !== null) return t(locale, MILESTONE_HEADLINES[milestone], { label });
      if (state.phase === 'release-day')
        return t(locale, state.passed ? 'countdown.post.wasToday' : 'countdown.post.isToday', { label });
      return t(locale, 'countdown.post.daysToGo', { days: state.daysLeft, label });
    }
    case 'released':
      return t(
        locale,
        target.kind === 'premiere' ? 'countdown.post.premiereReleased' : 'countdown.post.serverDatePassed',
        { label, days: state.daysSince },
      );
    case 'window-upcoming':
      return t(locale, 'countdown.post.windowUpcoming', { days: state.daysUntilWindow, label });
    case 'window-open':
      return t(locale, 'countdown.post.windowOpen', { label });
    case 'window-passed':
      return t(locale, 'countdown.post.windowPassed', { label });
  }
}

export interface CountdownPostInput {
  state: CountdownState;
  target: CountdownTarget;
  /** A fact to go with the post, from {@link pickFact}. */
  fact: string;
  /** The role to ping, or null for no ping at all. */
  roleId: string | null;
  /** Whether milestone days (100, 50, 30, 14, 7, 3, 1, 0 days left) get their own wording. */
  milestones: boolean;
  /** The server's language (`serverLocale`); the target and fact must be in it too. Default English. */
  locale?: Locale;
}

export interface CountdownPost {
  content: string;
  embeds: APIEmbed[];
  /** Nothing may be pinged but the role, and only when one is set. */
  allowedMentions: { parse: []; roles: string[] };
}

/** The daily post's fields: where an operator's window comes from (its source, as typed), then the fact. */
function postFields(locale: Locale, target: CountdownTarget, fact: string): APIEmbedField[] {
  const didYouKnow = {
    name: t(locale, 'countdown.post.didYouKnow'),
    value: clip(fact, EMBED_LIMITS.fieldValue),
  };
  if (target.kind !== 'window' || target.from === 'article') return [didYouKnow];
  const source = {
    name: t(locale, 'countdown.post.source'),
    value: plainText(target.source, MAX_SOURCE_SHOWN),
  };
  return [source, didYouKnow];
}

/**
 * The scheduled daily post: the role ping (if a role is set) and the headline, then an embed with the target in
 * timestamp markup and a fact. On a milestone day (with milestones on) the headline is that milestone's wording
 * instead of the ordinary one. Window targets have no milestones: without a date there is no day to count to.
 */
export function renderCountdownPost(input: CountdownPostInput): CountdownPost {
  const { state, target, fact, roleId, milestones, locale = 'en' } = input;
  const headline = postHeadline(locale, state, target, milestones);
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    ...(target.kind === 'window'
      ? {
          title: clip(t(locale, 'countdown.post.windowTitle', { label: target.label }), EMBED_LIMITS.title),
          description: t(
            locale,
            target.from === 'article'
              ? 'countdown.post.windowDescription'
              : 'countdown.post.newsWindowDescription',
            {
              start: formatCalendarDate(locale, target.start),
              end: formatCalendarDate(locale, target.end),
            },
          ),
        }
      : { title: clip(target.label, EMBED_LIMITS.title), description: when(locale, target.at) }),
    fields: postFields(locale, target, fact),
    footer: { text: clip(footerText(locale, state, target), EMBED_LIMITS.footerText) },
  };
  return {
    content: roleId === null ? headline : `<@&${roleId}> ${headline}`,
    embeds: [embed],
    allowedMentions: { parse: [], roles: roleId === null ? [] : [roleId] },
  };
}

/** Facts a post may carry: non-rumour trivia explanations and what confirmed cast and crew do in the sequel. */
function factPool(content: LocalContent): string[] {
  const trivia = content.trivia
    .filter((question) => !question.rumour)
    .map((question) => question.explanation);
  const cast = content.cast
    .filter((person) => person.status === 'confirmed' && person.films.sequel !== null)
    .map((person) => {
      const who = person.character === null ? person.name : `${person.name} (${person.character})`;
      return `${who}: ${person.films.sequel ?? ''}`;
    });
  return [...trivia, ...cast];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A fact for day number `dayNumber` (e.g. days since 1970 of the post's local date): the same day always gets
 * the same fact, and consecutive days step through the whole pool with a stride, so neighbouring facts (which
 * tend to be about the same thing) do not come on consecutive days. Rumours are never used.
 */
export function pickFact(content: LocalContent, dayNumber: number, locale: Locale = 'en'): string {
  const pool = factPool(content);
  if (pool.length === 0) {
    return t(locale, 'countdown.post.fallbackFact', {
      title: content.release.title,
      studio: content.release.studio,
    });
  }
  let stride = 7;
  while (gcd(stride, pool.length) !== 1) stride++;
  const day = Math.trunc(dayNumber);
  const index = (((day * stride) % pool.length) + pool.length) % pool.length;
  return pool[index] ?? pool[0] ?? '';
}

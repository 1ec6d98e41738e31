/**
 * The countdown as Discord shows it: the /countdown embed and the scheduled daily post.
 *
 * Instants are only ever shown as Discord timestamp markup (`<t:unix:F>` and `<t:unix:R>`), which each reader's
 * app renders in their own time zone; no clock time or zone name is written out. Window dates are calendar
 * dates, written as dates ("1 August 2026"), never as instants, since the window has no time of day.
 */
import type { APIEmbed } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { clip, EMBED_LIMITS } from '../embed.js';
import type { Content } from '../content/load.js';
import type { Release } from '../content/schemas.js';
import { milestoneFor, nextMilestone, type CountdownState, type MilestoneDay } from './state.js';
import type { CountdownTarget } from './target.js';

/** Discord timestamp markup: F is the full date and time, R the live relative time ("in 3 days"). */
export function timestamp(at: Date, style: 'F' | 'R'): string {
  return `<t:${Math.floor(at.getTime() / 1000)}:${style}>`;
}

function count(n: number, unit: string): string {
  return `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;
}

// Made once: building an Intl.DateTimeFormat costs tens of microseconds, formatting with one a few.
const DATE_FORMATS = {
  day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** "2026-08-01" as "1 August 2026": a calendar date, formatted as such (UTC is the neutral calendar here). */
function formatDate(date: string, parts: 'day' | 'month' = 'day'): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return DATE_FORMATS[parts].format(Date.UTC(year, month - 1, day));
}

function when(at: Date): string {
  return `${timestamp(at, 'F')} (${timestamp(at, 'R')})`;
}

/** "81 days and 14 hours": a duration, the same for every reader wherever they are. */
function duration(hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0) return hours === 0 ? 'less than an hour' : count(hours, 'hour');
  return rest === 0 ? count(days, 'day') : `${count(days, 'day')} and ${count(rest, 'hour')}`;
}

function countedIn(state: CountdownState): string {
  return `Days are counted in ${state.timeZone}.`;
}

function footerText(state: CountdownState, target: CountdownTarget): string {
  if (target.kind === 'window') return `${target.reading} ${countedIn(state)}`;
  return `Times show in your own time zone. ${countedIn(state)}`;
}

function milestoneField(release: Release, now: Date): { name: string; value: string } | undefined {
  const milestone = nextMilestone(release, now);
  if (milestone === null) return undefined;
  const date =
    milestone.precision === 'day'
      ? ` on ${formatDate(milestone.date)}`
      : milestone.precision === 'month'
        ? ` in ${formatDate(milestone.date, 'month')}`
        : '';
  const value = `**${milestone.label}**${date}\n${milestone.note}`;
  return { name: 'Next milestone', value: clip(value, EMBED_LIMITS.fieldValue) };
}

/** Title and description of the /countdown embed for each state. */
function describe(
  state: CountdownState,
  target: CountdownTarget,
  release: Release,
): { title: string; description: string } {
  // What is known: the announcement article gave a window. Whether a date has been announced since is beyond
  // what the bot can know, so it says only that it knows of none.
  const windowWords = (label: string, start: string, end: string) =>
    `The announcement article gives **${label}** for the release. The bot knows of no announced date, ` +
    `and it reads the window as ${formatDate(start)} to ${formatDate(end)}.`;
  switch (state.phase) {
    case 'upcoming':
      return {
        title: `${count(state.daysLeft, 'day')} to go: ${target.label}`,
        description:
          `**${target.label}**: ${when(state.at)}.\n` + `That is **${duration(state.hoursLeft)}** from now.`,
      };
    case 'release-day':
      if (!state.passed) {
        return {
          title: `Today's the day: ${target.label}`,
          description: `**${target.label}**: ${when(state.at)}.\nThat is **${duration(state.hoursLeft)}** from now.`,
        };
      }
      return target.kind === 'premiere'
        ? {
            title: `Out now: ${release.title}`,
            description: `${release.title} premiered today on ${release.studio}: ${when(state.at)}.`,
          }
        : {
            title: `Today: ${target.label}`,
            description: `**${target.label}** was today: ${when(state.at)}.`,
          };
    case 'released':
      return target.kind === 'premiere'
        ? {
            title: `Out now: ${release.title}`,
            description:
              `${release.title} is out now on ${release.studio}. ` +
              `It came out ${count(state.daysSince, 'day')} ago: ${when(state.at)}.`,
          }
        : {
            title: target.label,
            description:
              `**${target.label}** was ${count(state.daysSince, 'day')} ago: ${when(state.at)}.\n` +
              'Server moderators can set a new date with `/config release`.',
          };
    case 'window-upcoming':
      return {
        title: `${release.title}: expected ${target.label}`,
        description:
          `${windowWords(target.label, state.start, state.end)}\n` +
          `**${count(state.daysUntilWindow, 'day')}** until that window opens.`,
      };
    case 'window-open':
      return {
        title: `${release.title}: any day now`,
        description:
          `${windowWords(target.label, state.start, state.end)}\n` +
          (state.daysLeftInWindow === 0
            ? 'Today is the last day of that window, so the release could come today.'
            : `Today is inside that window, so the release could come any day. ` +
              `The window has ${count(state.daysLeftInWindow, 'more day')} after today.`),
      };
    case 'window-passed':
      return {
        title: `${release.title}: no date known`,
        description:
          `The announcement article gave ${target.label} for the release. That window has passed, ` +
          'and the bot knows of no announced date.\n' +
          'Once the bot is told of a date, the countdown will show it. ' +
          'Until then, server moderators can set their own date with `/config release`.',
      };
  }
}

/** The /countdown embed: where the countdown stands, honestly worded for each state, and the next milestone. */
export function renderCountdown(
  state: CountdownState,
  target: CountdownTarget,
  release: Release,
  now: Date,
): APIEmbed {
  const { title, description } = describe(state, target, release);
  const milestone = milestoneField(release, now);
  return {
    color: BRAND_COLOUR,
    title: clip(title, EMBED_LIMITS.title),
    description: clip(description, EMBED_LIMITS.description),
    ...(milestone !== undefined ? { fields: [milestone] } : {}),
    footer: { text: clip(footerText(state, target), EMBED_LIMITS.footerText) },
  };
}

/** The words of each milestone post, for a target called `label`. */
const MILESTONE_HEADLINES: Record<MilestoneDay, (label: string) => string> = {
  100: (label) => `💯 **100 days** to go: ${label}! Triple digits for the last time.`,
  50: (label) => `**50 days** to go: ${label}! Halfway through the last hundred.`,
  30: (label) => `📅 **30 days** to go: ${label}! One month left.`,
  14: (label) => `**Two weeks** to go: ${label}!`,
  7: (label) => `**One week** to go: ${label}!`,
  3: (label) => `**Three days** to go: ${label}!`,
  1: (label) => `**Tomorrow!** ${label} is one day away.`,
  0: (label) => `🎉 **Today's the day:** ${label}!`,
};

function postHeadline(state: CountdownState, target: CountdownTarget, milestones: boolean): string {
  const { label } = target;
  switch (state.phase) {
    case 'upcoming':
    case 'release-day': {
      const milestone = milestones ? milestoneFor(state.daysLeft) : null;
      if (milestone !== null) return MILESTONE_HEADLINES[milestone](label);
      if (state.phase === 'release-day')
        return state.passed ? `**${label}** was today.` : `**${label}** is today.`;
      return `**${count(state.daysLeft, 'day')}** to go: ${label}.`;
    }
    case 'released':
      return target.kind === 'premiere'
        ? `**Out now!** ${label}: ${count(state.daysSince, 'day')} ago.`
        : `**${label}** was ${count(state.daysSince, 'day')} ago.`;
    case 'window-upcoming':
      return `**${count(state.daysUntilWindow, 'day')}** until the release window (${label}) opens. The bot knows of no announced date.`;
    case 'window-open':
      return `**Any day now:** today is inside the release window (${label}), and the bot knows of no announced date.`;
    case 'window-passed':
      return `The release window (${label}) has passed, and the bot knows of no announced date.`;
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
}

export interface CountdownPost {
  content: string;
  embeds: APIEmbed[];
  /** Nothing may be pinged but the role, and only when one is set. */
  allowedMentions: { parse: []; roles: string[] };
}

/**
 * The scheduled daily post: the role ping (if a role is set) and the headline, then an embed with the target in
 * timestamp markup and a fact. On a milestone day (with milestones on) the headline is that milestone's wording
 * instead of the ordinary one. Window targets have no milestones: without a date there is no day to count to.
 */
export function renderCountdownPost(input: CountdownPostInput): CountdownPost {
  const { state, target, fact, roleId, milestones } = input;
  const headline = postHeadline(state, target, milestones);
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    ...(target.kind === 'window'
      ? {
          title: clip(`Release window: ${target.label}`, EMBED_LIMITS.title),
          description: `The bot knows of no announced date. It reads the window as ${formatDate(target.start)} to ${formatDate(target.end)}.`,
        }
      : { title: clip(target.label, EMBED_LIMITS.title), description: when(target.at) }),
    fields: [{ name: 'Did you know?', value: clip(fact, EMBED_LIMITS.fieldValue) }],
    footer: { text: clip(footerText(state, target), EMBED_LIMITS.footerText) },
  };
  return {
    content: roleId === null ? headline : `<@&${roleId}> ${headline}`,
    embeds: [embed],
    allowedMentions: { parse: [], roles: roleId === null ? [] : [roleId] },
  };
}

/** Facts a post may carry: non-rumour trivia explanations and what confirmed cast and crew do in the sequel. */
function factPool(content: Content): string[] {
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
export function pickFact(content: Content, dayNumber: number): string {
  const pool = factPool(content);
  if (pool.length === 0) return `${content.release.title} is coming to ${content.release.studio}.`;
  let stride = 7;
  while (gcd(stride, pool.length) !== 1) stride++;
  const day = Math.trunc(dayNumber);
  const index = (((day * stride) % pool.length) + pool.length) % pool.length;
  return pool[index] ?? pool[0] ?? '';
}

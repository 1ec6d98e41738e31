/**
 * What reminders look like: the "Remind me" button, the menu of choices, `/reminders show`, and each DM. Every
 * DM says why it came and how to stop. Instants are Discord timestamp markup, shown in each reader's own zone.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIStringSelectComponent,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import type { Release } from '../content/schemas.js';
import { timestamp } from '../countdown/render.js';
import { plainText } from '../settings/validate.js';
import {
  DAY_REMINDER_TIME,
  DEFAULT_TIME_ZONE,
  isPaused,
  KIND_LABELS,
  REMINDER_KINDS,
  type DeliveryRecord,
  type MemberReminders,
  type Reminder,
  type ReminderKind,
} from './model.js';

/** Custom ids: the button under countdowns, and the menu it opens. Both route to `/reminders`. */
export const REMIND_ME_ID = 'reminders:remind-me';
export const CHOOSE_ID = 'reminders:choose';

/** The "Remind me" button, under `/countdown` replies and the daily countdown posts. */
export function remindMeRow(): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: REMIND_ME_ID,
        label: 'Remind me',
        emoji: { name: '🔔' },
      },
    ],
  };
}

/** The menu of reminders, with the member's current choices ticked. */
export function choiceMenuRow(
  member: MemberReminders | undefined,
): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: CHOOSE_ID,
        placeholder: 'Pick the reminders you want by DM',
        min_values: 0,
        max_values: REMINDER_KINDS.length,
        options: REMINDER_KINDS.map((kind) => ({
          label: KIND_LABELS[kind],
          value: kind,
          default: member?.choices[kind] !== undefined,
        })),
      },
    ],
  };
}

export const STOP_HINT =
  '`/reminders stop` stops them all and deletes everything the bot keeps about you; `/reminders set` changes which you get.';

export const PAUSED_NOTICE =
  "I couldn't send you a reminder by direct message (your DMs are closed to me), so your reminders are paused. " +
  'To get them again, allow direct messages from this app (or from server members) in your Discord privacy ' +
  'settings, then pick your reminders again with `/reminders set` or the Remind me button. ' +
  '`/reminders stop` deletes them instead.';

/** The words shown after the "Remind me" button: what the menu does, and what the member has now. */
export function menuIntro(member: MemberReminders | undefined): string {
  const now = member === undefined ? 'You have no reminders yet.' : `You have: ${chosenList(member)}.`;
  return (
    `Pick what I should remind you of by direct message, and only that. ${now} ` +
    `Day reminders come at ${DAY_REMINDER_TIME} in your timezone (${zoneOf(member)}; change it with ` +
    '`/reminders set timezone:`). ' +
    STOP_HINT
  );
}

function zoneOf(member: MemberReminders | undefined): string {
  return member?.timeZone ?? `${DEFAULT_TIME_ZONE}, the default`;
}

function chosenList(member: MemberReminders): string {
  const kinds = REMINDER_KINDS.filter((kind) => member.choices[kind] !== undefined);
  return kinds.length === 0 ? 'none' : kinds.map((kind) => KIND_LABELS[kind].toLowerCase()).join('; ');
}

/** The answer once a member has chosen: what they will get. */
export function choiceSaved(member: MemberReminders | undefined): string {
  if (member === undefined)
    return 'No reminders, and nothing is kept about you. The Remind me button or `/reminders set` starts again.';
  return `Saved. I'll remind you by DM of: ${chosenList(member)}. Timezone: ${zoneOf(member)}. ${STOP_HINT}`;
}

/** `/reminders show`: the choices, the timezone, the next reminder, and whether they are paused. */
export function renderShow(
  view: { member: MemberReminders; delivery: DeliveryRecord | undefined } | undefined,
  next: Reminder | null,
): APIEmbed {
  if (view === undefined) {
    return {
      color: BRAND_COLOUR,
      title: 'Your reminders',
      description:
        'You have no reminders, and the bot keeps nothing about you. Use the Remind me button under a countdown, ' +
        'or `/reminders set`, to get a DM when the date is announced, a week and a day before, and at the premiere.',
    };
  }
  const { member, delivery } = view;
  const lines = REMINDER_KINDS.map(
    (kind) => `${member.choices[kind] === undefined ? '⬜' : '✅'} ${KIND_LABELS[kind]}`,
  );
  const fields = [
    { name: 'Timezone', value: `${zoneOf(member)} (day reminders come at ${DAY_REMINDER_TIME} there)` },
    {
      name: 'Next',
      value:
        next === null
          ? 'None planned yet: the bot knows no premiere date (a change of the date is told as it comes).'
          : `${KIND_LABELS[next.kind]}: ${timestamp(next.at, 'F')} (${timestamp(next.at, 'R')})`,
    },
  ];
  if (isPaused(member, delivery)) fields.unshift({ name: '⏸️ Paused', value: PAUSED_NOTICE });
  return {
    color: BRAND_COLOUR,
    title: 'Your reminders',
    description: `${lines.join('\n')}\n\n${STOP_HINT}`,
    fields,
  };
}

/** Why a DM came, in its footer. */
const WHY: Record<ReminderKind, string> = {
  announced: 'the release date being announced or moved',
  week: '7 days before the premiere',
  day: '1 day before the premiere',
  premiere: 'the premiere',
};

export interface ReminderContext {
  release: Release;
  /** Where the news of a change comes from, when the operator said. */
  source: string | null;
}

/** The DM of one reminder: what it is about, why it came, how to stop. Nothing in it can ping. */
export function renderReminderDm(
  reminder: Reminder,
  { release, source }: ReminderContext,
): Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds' | 'allowed_mentions'> {
  const title = release.title;
  const premiere = release.premiere === null ? null : new Date(release.premiere);
  const when = (at: Date): string => `${timestamp(at, 'F')} (${timestamp(at, 'R')})`;
  let headline: string;
  let description: string;
  switch (reminder.kind) {
    case 'announced':
      if (premiere !== null) {
        headline = `📣 **${title}** has a premiere date!`;
        description = `It premieres on ${release.studio} ${when(premiere)}.`;
      } else {
        headline = `📣 News about **${title}**'s release.`;
        description = `${release.studio} now says **${plainText(release.window.label, 60)}**, with no day announced yet.`;
      }
      if (source !== null) description += `\nSource: ${plainText(source, 200)}`;
      break;
    case 'week':
    case 'day':
      headline = reminder.kind === 'week' ? `📅 **One week** to go: ${title}!` : `⏰ **Tomorrow:** ${title}!`;
      description = premiere === null ? '' : `It premieres on ${release.studio} ${when(premiere)}.`;
      break;
    case 'premiere':
      headline = `🎬 **${title} is out now** on ${release.studio}!`;
      description = 'Enjoy the film.';
      break;
  }
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    description:
      `${description}\n\nYou get this because you asked me to remind you of ${WHY[reminder.kind]}. ${STOP_HINT}`.trim(),
  };
  return { content: headline, embeds: [embed], allowed_mentions: { parse: [] } };
}

/**
 * What reminders look like: the "Remind me" button, the menu of choices, `/reminders show`, and each DM, in the
 * reader's language (`reminders.*` in src/i18n/locales). Every DM says why it came and how to stop. Instants are
 * Discord timestamp markup, shown in each reader's own zone.
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
import { t, type Locale } from '../i18n/index.js';
import { plainText } from '../settings/validate.js';
import {
  DAY_REMINDER_TIME,
  DEFAULT_TIME_ZONE,
  isPaused,
  REMINDER_KINDS,
  type DeliveryRecord,
  type MemberReminders,
  type Reminder,
  type ReminderKind,
} from './model.js';

/** Custom ids: the button under countdowns, and the menu it opens. Both route to `/reminders`. */
export const REMIND_ME_ID = 'reminders:remind-me';
export const CHOOSE_ID = 'reminders:choose';

/**
 * The "Remind me" button: under `/countdown` replies, the daily countdown posts and the release announcements
 * (src/release/render.ts). Not under "out now" (nothing is left to remind of) nor a server's own "starting now"
 * (reminders follow the bot's release, never a server's own date).
 */
export function remindMeRow(locale: Locale): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: REMIND_ME_ID,
        label: t(locale, 'reminders.button'),
        emoji: { name: '🔔' },
      },
    ],
  };
}

/** A kind of reminder as menus and `/reminders show` name it. */
export function kindLabel(locale: Locale, kind: ReminderKind): string {
  return t(locale, `reminders.kinds.${kind}`);
}

/** The menu of reminders, with the member's current choices ticked. */
export function choiceMenuRow(
  locale: Locale,
  member: MemberReminders | undefined,
): APIActionRowComponent<APIStringSelectComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: CHOOSE_ID,
        placeholder: t(locale, 'reminders.menuPlaceholder'),
        min_values: 0,
        max_values: REMINDER_KINDS.length,
        options: REMINDER_KINDS.map((kind) => ({
          label: kindLabel(locale, kind),
          value: kind,
          default: member?.choices[kind] !== undefined,
        })),
      },
    ],
  };
}

/** In English; members see it in their language (`reminders.paused`). */
export const PAUSED_NOTICE = t('en', 'reminders.paused');

/** The words shown after the "Remind me" button: what the menu does, and what the member has now. */
export function menuIntro(locale: Locale, member: MemberReminders | undefined): string {
  const current =
    member === undefined
      ? t(locale, 'reminders.youHaveNone')
      : t(locale, 'reminders.youHave', { list: chosenList(locale, member) });
  return t(locale, 'reminders.menuIntro', {
    current,
    time: DAY_REMINDER_TIME,
    zone: zoneOf(locale, member),
    stopHint: t(locale, 'reminders.stopHint'),
  });
}

function zoneOf(locale: Locale, member: MemberReminders | undefined): string {
  return member?.timeZone ?? t(locale, 'reminders.defaultZone', { zone: DEFAULT_TIME_ZONE });
}

function chosenList(locale: Locale, member: MemberReminders): string {
  const kinds = REMINDER_KINDS.filter((kind) => member.choices[kind] !== undefined);
  return kinds.length === 0
    ? t(locale, 'reminders.none')
    : kinds.map((kind) => kindLabel(locale, kind)).join('; ');
}

/** The answer once a member has chosen: what they will get. */
export function choiceSaved(locale: Locale, member: MemberReminders | undefined): string {
  if (member === undefined) return t(locale, 'reminders.savedNothing');
  return t(locale, 'reminders.saved', {
    list: chosenList(locale, member),
    zone: zoneOf(locale, member),
    stopHint: t(locale, 'reminders.stopHint'),
  });
}

/** `/reminders show`: the choices, the timezone, the next reminder, and whether they are paused. */
export function renderShow(
  locale: Locale,
  view: { member: MemberReminders; delivery: DeliveryRecord | undefined } | undefined,
  next: Reminder | null,
): APIEmbed {
  const title = t(locale, 'reminders.show.title');
  if (view === undefined) {
    return { color: BRAND_COLOUR, title, description: t(locale, 'reminders.show.empty') };
  }
  const { member, delivery } = view;
  const lines = REMINDER_KINDS.map(
    (kind) => `${member.choices[kind] === undefined ? '⬜' : '✅'} ${kindLabel(locale, kind)}`,
  );
  const fields = [
    {
      name: t(locale, 'reminders.show.timezone'),
      value: t(locale, 'reminders.show.timezoneValue', {
        zone: zoneOf(locale, member),
        time: DAY_REMINDER_TIME,
      }),
    },
    {
      name: t(locale, 'reminders.show.next'),
      value:
        next === null
          ? t(locale, 'reminders.show.nextNone')
          : `${kindLabel(locale, next.kind)}: ${timestamp(next.at, 'F')} (${timestamp(next.at, 'R')})`,
    },
  ];
  if (isPaused(member, delivery))
    fields.unshift({ name: t(locale, 'reminders.show.pausedTitle'), value: t(locale, 'reminders.paused') });
  return {
    color: BRAND_COLOUR,
    title,
    description: `${lines.join('\n')}\n\n${t(locale, 'reminders.stopHint')}`,
    fields,
  };
}

export interface ReminderContext {
  release: Release;
  /** Where the news of a change comes from, when the operator said. */
  source: string | null;
  locale: Locale;
}

/** The DM of one reminder: what it is about, why it came, how to stop. Nothing in it can ping. */
export function renderReminderDm(
  reminder: Reminder,
  { release, source, locale }: ReminderContext,
): Pick<RESTPostAPIChannelMessageJSONBody, 'content' | 'embeds' | 'allowed_mentions'> {
  const { title, studio } = release;
  const premiere = release.premiere === null ? null : new Date(release.premiere);
  const when = (at: Date): string => `${timestamp(at, 'F')} (${timestamp(at, 'R')})`;
  const premieres =
    premiere === null ? '' : t(locale, 'reminders.dm.datedBody', { studio, when: when(premiere) });
  let headline: string;
  let description: string;
  switch (reminder.kind) {
    case 'announced':
      if (premiere !== null) {
        headline = t(locale, 'reminders.dm.dated', { title });
        description = premieres;
      } else {
        headline = t(locale, 'reminders.dm.window', { title });
        // A window with a source is the operator's news (never the studio's words); without one the news was
        // withdrawn, and the window is the announcement article's again.
        description = t(locale, source === null ? 'reminders.dm.windowBackBody' : 'reminders.dm.windowBody', {
          label: plainText(release.window.label, 60),
        });
      }
      if (source !== null)
        description += `\n${t(locale, 'reminders.dm.source', { source: plainText(source, 200) })}`;
      break;
    case 'week':
    case 'day':
      headline = t(locale, `reminders.dm.${reminder.kind}`, { title });
      description = premieres;
      break;
    case 'premiere':
      headline = t(locale, 'reminders.dm.out', { title, studio });
      description = t(locale, 'reminders.dm.enjoy');
      break;
  }
  const why = t(locale, 'reminders.dm.why', {
    what: t(locale, `reminders.why.${reminder.kind}`),
    stopHint: t(locale, 'reminders.stopHint'),
  });
  const embed: APIEmbed = { color: BRAND_COLOUR, description: `${description}\n\n${why}`.trim() };
  return { content: headline, embeds: [embed], allowed_mentions: { parse: [] } };
}

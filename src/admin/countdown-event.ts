/** `/config countdown-event`: a Discord scheduled event for the server's countdown target. */
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  PermissionFlagsBits,
} from 'discord.js';
import type { Release } from '../content/schemas.js';
import type { CountdownTarget } from '../countdown/target.js';
import { t, userError, type Locale } from '../i18n/index.js';

/** How long the event lasts in the server's calendar: a film and a little time to talk about it. */
export const EVENT_LENGTH_MS = 3 * 60 * 60_000;

export interface EventPlan {
  name: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
}

/** The words of an event, which moderators may change in Discord (its time follows the release). */
export type EventWords = Pick<EventPlan, 'name' | 'description' | 'location'>;

/** The name, description and location of a plan (what the bot writes into the event). */
export function wordsOf(plan: EventPlan): EventWords {
  return { name: plan.name, description: plan.description, location: plan.location };
}

/**
 * The event for a target, worded in `locale` (the server's language, like everything the whole server sees;
 * `target` and `release` should be in it too), or a {@link UserError} when there is no exact future date to put
 * in a calendar. A premiere takes place where the content says the film comes out (`release.studio`).
 */
export function planCountdownEvent(
  target: CountdownTarget,
  release: Pick<Release, 'title' | 'studio'>,
  now: Date,
  locale: Locale = 'en',
): EventPlan {
  if (target.kind === 'window') throw userError('config.event.noDate', { label: target.label });
  if (target.at.getTime() <= now.getTime()) throw userError('config.event.passed');
  return {
    // Discord's limits: 100 for the name and the location, 1,000 for the description.
    name: target.label.slice(0, 100),
    description: t(locale, 'countdown.event.description', { title: release.title }).slice(0, 1000),
    location: (target.kind === 'premiere' ? release.studio : t(locale, 'countdown.event.thisServer')).slice(
      0,
      100,
    ),
    start: target.at,
    end: new Date(target.at.getTime() + EVENT_LENGTH_MS),
  };
}

/** Throws a {@link UserError} naming the permission when the bot cannot create events. */
export function requireEventPermission(botPermissions: bigint): void {
  const can =
    (botPermissions & PermissionFlagsBits.Administrator) !== 0n ||
    (botPermissions & PermissionFlagsBits.CreateEvents) !== 0n ||
    (botPermissions & PermissionFlagsBits.ManageEvents) !== 0n;
  if (!can) throw userError('config.event.needPermission');
}

/** The part of discord.js's `guild.scheduledEvents` used to create the event. */
export interface EventCreator {
  create(options: {
    name: string;
    description: string;
    scheduledStartTime: Date;
    scheduledEndTime: Date;
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly;
    entityType: GuildScheduledEventEntityType.External;
    entityMetadata: { location: string };
  }): Promise<{ id: string; name: string; url: string }>;
}

/** The event as created: its id, name and link as Discord returned them, its start, and the words the bot wrote. */
export interface CreatedEvent {
  id: string;
  name: string;
  url: string;
  start: Date;
  words: EventWords;
}

/**
 * Creates the server's calendar event for its countdown target (an external event with a location and an end
 * time), worded in `locale`, the server's language. Throws a {@link UserError} when there is no exact future
 * date or the bot lacks the permission.
 */
export async function createCountdownEvent(
  events: EventCreator,
  request: {
    target: CountdownTarget;
    release: Pick<Release, 'title' | 'studio'>;
    now: Date;
    botPermissions: bigint;
    locale?: Locale;
  },
): Promise<CreatedEvent> {
  const plan = planCountdownEvent(request.target, request.release, request.now, request.locale);
  requireEventPermission(request.botPermissions);
  const event = await events.create({
    name: plan.name,
    description: plan.description,
    scheduledStartTime: plan.start,
    scheduledEndTime: plan.end,
    privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
    entityType: GuildScheduledEventEntityType.External,
    entityMetadata: { location: plan.location },
  });
  return { id: event.id, name: event.name, url: event.url, start: plan.start, words: wordsOf(plan) };
}

/** `/config countdown-event`: a Discord scheduled event for the server's countdown target. */
import {
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  PermissionFlagsBits,
} from 'discord.js';
import type { Release } from '../content/schemas.js';
import type { CountdownTarget } from '../countdown/target.js';
import { UserError } from '../errors.js';

/** How long the event lasts in the server's calendar: a film and a little time to talk about it. */
export const EVENT_LENGTH_MS = 3 * 60 * 60_000;

export interface EventPlan {
  name: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
}

/**
 * The event for a target, or a {@link UserError} when there is no exact future date to put in a calendar. A
 * premiere takes place where the content says the film comes out (`release.studio`).
 */
export function planCountdownEvent(
  target: CountdownTarget,
  release: Pick<Release, 'title' | 'studio'>,
  now: Date,
): EventPlan {
  if (target.kind === 'window') {
    throw new UserError(
      `There is no exact date yet (only "${target.label}"), so there is nothing to put in the calendar. ` +
        'Set one with `/config release`, then try again.',
    );
  }
  if (target.at.getTime() <= now.getTime()) {
    throw new UserError('The countdown target has already passed. Set a new one with `/config release`.');
  }
  return {
    name: target.label.slice(0, 100),
    description: `${release.title}: the countdown ends here. Created by the bot from this server's countdown.`,
    location: target.kind === 'premiere' ? release.studio : 'This server',
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
  if (!can) {
    throw new UserError(
      'I need the **Create Events** permission (or Manage Events) in this server to create the event. ' +
        'Give it to my role in Server Settings > Roles, then try again.',
    );
  }
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

/** The event as created: its id, name and link as Discord returned them, and its start. */
export interface CreatedEvent {
  id: string;
  name: string;
  url: string;
  start: Date;
}

/**
 * Creates the server's calendar event for its countdown target (an external event with a location and an end
 * time). Throws a {@link UserError} when there is no exact future date or the bot lacks the permission.
 */
export async function createCountdownEvent(
  events: EventCreator,
  request: {
    target: CountdownTarget;
    release: Pick<Release, 'title' | 'studio'>;
    now: Date;
    botPermissions: bigint;
  },
): Promise<CreatedEvent> {
  const plan = planCountdownEvent(request.target, request.release, request.now);
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
  return { id: event.id, name: event.name, url: event.url, start: plan.start };
}

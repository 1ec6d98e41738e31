/** Guild scheduled events (the countdown's premiere event): Discord's checks, storage and dispatches. */
import { createHash } from 'node:crypto';
import {
  GatewayDispatchEvents,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  type APIGuildScheduledEvent,
  type RESTPostAPIGuildScheduledEventJSONBody,
} from 'discord-api-types/v10';
import type { Gateway } from './gateway.js';
import { guildOr404, hasBit, permissionsIn } from './guilds.js';
import { ChannelTypes, IntentBits, PermissionBits, apiUser, snowflake, type FakeGuild } from './fixtures.js';
import { bodyOf, error, json, noContent, param, type Reply, type RouteContext, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import { asText, discordErrors, fieldsOf, type DiscordErrorBody, type FormErrorTree } from './validation.js';

/** Scheduled events per guild, and their routes. */
export class ScheduledEvents {
  private readonly byGuild = new Map<string, APIGuildScheduledEvent[]>();

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Gateway,
  ) {}

  /** A guild's events, as created/edited through REST (copies). */
  list(guildId: string): APIGuildScheduledEvent[] {
    return clone(this.byGuild.get(guildId) ?? []);
  }

  /**
   * Changes an event as a moderator does in the Discord app (name, description, location…), and dispatches
   * GUILD_SCHEDULED_EVENT_UPDATE. Throws for an unknown event: a test's mistake.
   */
  edit(guildId: string, eventId: string, changes: Partial<APIGuildScheduledEvent>): APIGuildScheduledEvent {
    const event = this.byGuild.get(guildId)?.find((e) => e.id === eventId);
    if (!event) throw new Error(`No scheduled event ${eventId} in guild ${guildId}`);
    Object.assign(event, clone(changes));
    this.announce(GatewayDispatchEvents.GuildScheduledEventUpdate, event);
    this.state.changed();
    return clone(event);
  }

  /** Deletes an event as a moderator does in the Discord app, and dispatches GUILD_SCHEDULED_EVENT_DELETE. */
  delete(guildId: string, eventId: string): void {
    if (!this.remove(this.eventsOf(guildId), eventId)) {
      throw new Error(`No scheduled event ${eventId} in guild ${guildId}`);
    }
  }

  addRoutes(router: Router): void {
    /** Adds a route under a guild the bot is in (404 Unknown Guild otherwise). */
    const inGuild = (
      method: string,
      template: string,
      handler: (guild: FakeGuild, events: APIGuildScheduledEvent[], ctx: RouteContext) => Reply,
    ) => {
      router.on(method, template, (ctx) => {
        const guild = guildOr404(this.state, ctx);
        return 'status' in guild ? guild : handler(guild, this.eventsOf(guild.id), ctx);
      });
    };
    const one = '/guilds/:guild/scheduled-events/:event';
    inGuild('GET', '/guilds/:guild/scheduled-events', (_guild, events) => json(clone(events)));
    inGuild('POST', '/guilds/:guild/scheduled-events', (guild, events, ctx) => {
      const perms = permissionsIn(this.state, guild, this.state.botUser.id);
      if (!hasBit(perms, PermissionBits.CreateEvents) && !hasBit(perms, PermissionBits.ManageEvents)) {
        return error(403, discordErrors.missingPermissions);
      }
      const invalid = validateEvent(guild, bodyOf(ctx), undefined);
      if (invalid) return error(400, invalid);
      const body = bodyOf(ctx) as RESTPostAPIGuildScheduledEventJSONBody;
      const external = body.entity_type === GuildScheduledEventEntityType.External;
      const event = {
        id: snowflake(),
        guild_id: guild.id,
        channel_id: external ? null : (body.channel_id ?? null),
        creator_id: this.state.botUser.id,
        creator: apiUser(this.state.botUser),
        name: body.name,
        description: body.description ?? null,
        scheduled_start_time: new Date(body.scheduled_start_time).toISOString(),
        scheduled_end_time: body.scheduled_end_time ? new Date(body.scheduled_end_time).toISOString() : null,
        privacy_level: body.privacy_level,
        status: GuildScheduledEventStatus.Scheduled,
        entity_type: body.entity_type,
        entity_id: null,
        entity_metadata: external ? { location: body.entity_metadata?.location } : null,
        user_count: 0,
        image: body.image ? createHash('md5').update(body.image).digest('hex') : null,
        recurrence_rule: body.recurrence_rule ?? null,
        auto_start: false,
      } as APIGuildScheduledEvent;
      events.push(event);
      this.announce(GatewayDispatchEvents.GuildScheduledEventCreate, event);
      this.state.changed();
      return json(clone(event));
    });
    inGuild('GET', one, (_guild, events, ctx) => {
      const event = events.find((e) => e.id === param(ctx, 'event'));
      return event ? json(clone(event)) : error(404, discordErrors.unknownEvent);
    });
    inGuild('PATCH', one, (guild, events, ctx) => {
      const event = events.find((e) => e.id === param(ctx, 'event'));
      if (!event) return error(404, discordErrors.unknownEvent);
      const body = fieldsOf(bodyOf(ctx));
      const invalid = validateEvent(guild, { ...event, ...body }, event);
      if (invalid) return error(400, invalid);
      Object.assign(event, body);
      for (const key of ['scheduled_start_time', 'scheduled_end_time'] as const) {
        const value = event[key];
        if (value) event[key] = new Date(value).toISOString();
      }
      this.announce(GatewayDispatchEvents.GuildScheduledEventUpdate, event);
      this.state.changed();
      return json(clone(event));
    });
    inGuild('DELETE', one, (_guild, events, ctx) =>
      this.remove(events, param(ctx, 'event')) ? noContent : error(404, discordErrors.unknownEvent),
    );
  }

  /** Removes an event and dispatches its deletion; false when there is no such event. */
  private remove(events: APIGuildScheduledEvent[], eventId: string): boolean {
    const index = events.findIndex((e) => e.id === eventId);
    const [removed] = index >= 0 ? events.splice(index, 1) : [];
    if (!removed) return false;
    this.announce(GatewayDispatchEvents.GuildScheduledEventDelete, removed);
    this.state.changed();
    return true;
  }

  private eventsOf(guildId: string): APIGuildScheduledEvent[] {
    let list = this.byGuild.get(guildId);
    if (!list) {
      list = [];
      this.byGuild.set(guildId, list);
    }
    return list;
  }

  private announce(t: GatewayDispatchEvents, event: APIGuildScheduledEvent): void {
    this.gateway.broadcast(t, () => clone(event), {
      guildId: event.guild_id,
      intent: IntentBits.GuildScheduledEvents,
    });
  }
}

/** The entity types Discord knows: stage instance, voice, external. */
const ENTITY_TYPES: unknown[] = [
  GuildScheduledEventEntityType.StageInstance,
  GuildScheduledEventEntityType.Voice,
  GuildScheduledEventEntityType.External,
];

/** The checks Discord makes on scheduled events (the ones a countdown/premiere event would trip over). */
function validateEvent(
  guild: FakeGuild,
  raw: unknown,
  existing: APIGuildScheduledEvent | undefined,
): DiscordErrorBody | null {
  const body = fieldsOf(raw);
  const errors: Record<string, FormErrorTree> = {};
  const add = (field: string, code: string, message: string) => {
    ((errors[field] ??= {})._errors ??= []).push({ code, message });
  };
  if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100) {
    add('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  if (typeof body.description === 'string' && body.description.length > 1000) {
    add('description', 'BASE_TYPE_MAX_LENGTH', 'Must be 1000 or fewer in length.');
  }
  if (body.privacy_level !== 2) add('privacy_level', 'BASE_TYPE_CHOICES', 'Value must be one of {2}.');
  const start = Date.parse(String(body.scheduled_start_time));
  if (Number.isNaN(start)) {
    add('scheduled_start_time', 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (start < Date.now() && existing?.scheduled_start_time !== body.scheduled_start_time) {
    add('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
  }
  const end = body.scheduled_end_time ? Date.parse(asText(body.scheduled_end_time)) : undefined;
  if (end !== undefined && !Number.isNaN(start) && end <= start) {
    add(
      'scheduled_end_time',
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'Cannot schedule event to end before starting.',
    );
  }
  if (!ENTITY_TYPES.includes(body.entity_type)) {
    add('entity_type', 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
  } else if (body.entity_type === GuildScheduledEventEntityType.External) {
    const location = fieldsOf(body.entity_metadata).location;
    if (typeof location !== 'string' || location.length < 1 || location.length > 100) {
      add(
        'entity_metadata',
        'GUILD_SCHEDULED_EVENT_REQUIRES_LOCATION',
        'Location is required for external events.',
      );
    }
    if (end === undefined)
      add(
        'scheduled_end_time',
        'GUILD_SCHEDULED_EVENT_REQUIRES_END_TIME',
        'End time is required for external events.',
      );
  } else {
    const wanted =
      body.entity_type === GuildScheduledEventEntityType.StageInstance
        ? ChannelTypes.GuildStageVoice
        : ChannelTypes.GuildVoice;
    const channel = guild.channels.find((c) => c.id === body.channel_id);
    if (!channel || channel.type !== wanted)
      add('channel_id', 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL', 'Invalid channel.');
  }
  return Object.keys(errors).length === 0 ? null : { code: 50035, message: 'Invalid Form Body', errors };
}

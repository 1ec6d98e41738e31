/**
 * Guilds as the fake serves them: members (the bot's own included), Discord's permission algorithm, and the
 * read-only guild routes.
 */
import {
  ALL_PERMISSIONS,
  PermissionBits,
  apiChannel,
  apiGuild,
  apiMember,
  apiRole,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
} from './fixtures.js';
import { error, json, param, type Reply, type RouteContext, type Router } from './rest.js';
import type { FakeState } from './state.js';
import { discordErrors } from './validation.js';

/** Whether `permissions` grants `bit` (Administrator grants everything). */
export function hasBit(permissions: string, bit: bigint): boolean {
  const value = BigInt(permissions);
  return (value & PermissionBits.Administrator) !== 0n || (value & bit) !== 0n;
}

/** The bot's own member in a guild, with the managed role the guild gives it (if any). */
export function botMember(state: FakeState, guild: FakeGuild): FakeMember {
  const managed = guild.roles.find((r) => r.managed && r.tags?.bot_id === state.botUser.id);
  return { user: state.botUser, roles: managed ? [managed.id] : [], joined_at: '2024-01-15T12:05:00.000Z' };
}

/** A member of the guild by user id (the bot included), or undefined. */
export function memberOf(state: FakeState, guild: FakeGuild, userId: string): FakeMember | undefined {
  if (userId === state.botUser.id) return botMember(state, guild);
  return guild.members?.find((m) => m.user.id === userId);
}

/** Discord's permission algorithm: base (roles) then channel overwrites (@everyone, roles, member). */
export function permissionsIn(
  state: FakeState,
  guild: FakeGuild,
  userId: string,
  channel?: FakeChannel,
): string {
  if (guild.owner_id === userId) return ALL_PERMISSIONS;
  const member = memberOf(state, guild, userId);
  const roleIds = member?.roles ?? [];
  let perms = 0n;
  for (const role of guild.roles) {
    if (role.id === guild.id || roleIds.includes(role.id)) perms |= BigInt(role.permissions);
  }
  if ((perms & PermissionBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  const overwrites = (channel?.permission_overwrites ?? []) as Array<{
    id: string;
    type: number;
    allow: string;
    deny: string;
  }>;
  const apply = (o: { allow: string; deny: string } | undefined) => {
    if (!o) return;
    perms &= ~BigInt(o.deny);
    perms |= BigInt(o.allow);
  };
  apply(overwrites.find((o) => o.id === guild.id));
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && roleIds.includes(o.id)) {
      allow |= BigInt(o.allow);
      deny |= BigInt(o.deny);
    }
  }
  apply({ allow: allow.toString(), deny: deny.toString() });
  apply(overwrites.find((o) => o.type === 1 && o.id === userId));
  return perms.toString();
}

/** The guild named by the `:guild` path parameter, or a 404 Unknown Guild answer. */
export function guildOr404(state: FakeState, ctx: RouteContext): FakeGuild | Reply {
  return state.guilds.get(param(ctx, 'guild')) ?? error(404, discordErrors.unknownGuild);
}

/** GET routes for a guild, its channels, roles and members. */
export function addGuildRoutes(router: Router, state: FakeState): void {
  /** Adds a GET route under a guild that answers 404 Unknown Guild for guilds the bot is not in. */
  const inGuild = (template: string, handler: (guild: FakeGuild, ctx: RouteContext) => Reply) => {
    router.on('GET', template, (ctx) => {
      const guild = guildOr404(state, ctx);
      return 'status' in guild ? guild : handler(guild, ctx);
    });
  };
  inGuild('/guilds/:guild', (guild, ctx) => {
    const withCounts = ctx.req.query.get('with_counts') === 'true';
    const count = (guild.members?.length ?? 0) + 1;
    return json({
      ...apiGuild(guild),
      ...(withCounts ? { approximate_member_count: count, approximate_presence_count: 1 } : {}),
    });
  });
  inGuild('/guilds/:guild/channels', (guild) =>
    json(guild.channels.map((c) => ({ ...apiChannel(c), guild_id: guild.id }))),
  );
  inGuild('/guilds/:guild/roles', (guild) => json(guild.roles.map(apiRole)));
  inGuild('/guilds/:guild/members/:user', (guild, ctx) => {
    const member = memberOf(state, guild, param(ctx, 'user'));
    return member ? json(apiMember(member)) : error(404, discordErrors.unknownMember);
  });
  inGuild('/guilds/:guild/members', (guild, ctx) => {
    const limit = Math.min(1000, Math.max(1, Number(ctx.req.query.get('limit') ?? 1)));
    const after = BigInt(ctx.req.query.get('after') ?? '0');
    const all = [botMember(state, guild), ...(guild.members ?? [])]
      .filter((m) => BigInt(m.user.id) > after)
      .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1));
    return json(all.slice(0, limit).map(apiMember));
  });
}

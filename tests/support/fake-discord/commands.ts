/** Application commands, global and per guild, with Discord's bulk-overwrite and upsert rules. */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  type APIApplicationCommand,
  type EntryPointCommandHandlerType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { snowflake } from './fixtures.js';
import { bodyOf, error, json, noContent, param, type Reply, type RouteContext, type Router } from './rest.js';
import { clone, type FakeState } from './state.js';
import type { RecordedRequest } from './types.js';
import { discordErrors, fieldsOf, validateCommand, validateCommandList } from './validation.js';

/** A registered command as the fake stores it (Discord's shape plus whatever extra fields the bot sent). */
type StoredCommand = APIApplicationCommand;

/** A command body the fake accepted (`validateCommand` passed): the fields of every command type. */
type CommandBody = Omit<RESTPostAPIChatInputApplicationCommandsJSONBody, 'type' | 'description'> & {
  type?: ApplicationCommandType;
  description?: string;
  handler?: EntryPointCommandHandlerType;
};

/** Localized names as the bot sent them (JSON has no undefined values, so the stored map has none either). */
const localizations = (map: CommandBody['name_localizations']) =>
  (map ?? null) as NonNullable<APIApplicationCommand['name_localizations']> | null;

/** The command registry and its routes. */
export class Commands {
  private readonly global: StoredCommand[] = [];
  private readonly perGuild = new Map<string, StoredCommand[]>();
  /** Stable ids for commands that are invoked without having been registered. */
  private readonly unregisteredIds = new Map<string, string>();

  constructor(private readonly state: FakeState) {}

  /** Global commands (no argument) or a guild's commands, as last stored. */
  list(guildId?: string): StoredCommand[] {
    return clone(guildId === undefined ? this.global : (this.perGuild.get(guildId) ?? []));
  }

  /** Requests that changed application commands (PUT/POST/PATCH/DELETE on .../commands). */
  writes(): RecordedRequest[] {
    return this.state.requests.filter(
      (r) => r.method !== 'GET' && /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands(\/|$)/.test(r.path),
    );
  }

  /** The id of the command an interaction names: the registered one (guild first), else a stable made-up one. */
  idFor(name: string, type: ApplicationCommandType, guildId: string | null | undefined): string {
    const gid = guildId === undefined ? this.state.firstGuild()?.id : guildId;
    const pools = [gid ? (this.perGuild.get(gid) ?? []) : [], this.global];
    for (const pool of pools) {
      const found = pool.find((c) => c.name === name && c.type === type);
      if (found) return found.id;
    }
    const key = `${type}:${name}`;
    let id = this.unregisteredIds.get(key);
    if (!id) {
      id = snowflake();
      this.unregisteredIds.set(key, id);
    }
    return id;
  }

  addRoutes(router: Router): void {
    for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      /** Adds a route on the command list the path names; wrong application or guild gets 403. */
      const onStore = (
        method: string,
        template: string,
        handler: (store: StoredCommand[], ctx: RouteContext) => Reply,
      ) => {
        router.on(method, template, (ctx) => {
          const store = this.storeFor(ctx);
          return Array.isArray(store) ? handler(store, ctx) : store;
        });
      };
      onStore('GET', base, (store) => json(clone(store)));
      onStore('PUT', base, (store, ctx) => {
        const invalid = validateCommandList(ctx.req.body);
        if (invalid) return error(400, invalid);
        // Bulk overwrite keeps the id of a command with the same name and type, as Discord does.
        const next = (ctx.req.body as CommandBody[]).map((body) =>
          this.toCommand(
            body,
            ctx.params.guild,
            store.find((c) => sameCommand(c, body)),
          ),
        );
        store.splice(0, store.length, ...next);
        this.state.changed();
        return json(clone(next));
      });
      onStore('POST', base, (store, ctx) => {
        const invalid = validateCommand(ctx.req.body);
        if (invalid) return error(400, invalid);
        const body = ctx.req.body as CommandBody;
        // POST with an existing name is an upsert (201 for new, 200 for an update).
        const index = store.findIndex((c) => sameCommand(c, body));
        const command = this.toCommand(body, ctx.params.guild, index >= 0 ? store[index] : undefined);
        if (index >= 0) store[index] = command;
        else store.push(command);
        this.state.changed();
        return json(clone(command), index >= 0 ? 200 : 201);
      });
      onStore('GET', `${base}/:command`, (store, ctx) => {
        const found = store.find((c) => c.id === param(ctx, 'command'));
        return found ? json(clone(found)) : error(404, discordErrors.unknownCommand);
      });
      onStore('PATCH', `${base}/:command`, (store, ctx) => {
        const index = store.findIndex((c) => c.id === param(ctx, 'command'));
        const current = store[index];
        if (!current) return error(404, discordErrors.unknownCommand);
        const merged: unknown = { ...current, ...fieldsOf(bodyOf(ctx)) };
        const invalid = validateCommand(merged);
        if (invalid) return error(400, invalid);
        const command = this.toCommand(merged as CommandBody, ctx.params.guild, current);
        store[index] = command;
        this.state.changed();
        return json(clone(command));
      });
      onStore('DELETE', `${base}/:command`, (store, ctx) => {
        const index = store.findIndex((c) => c.id === param(ctx, 'command'));
        if (index < 0) return error(404, discordErrors.unknownCommand);
        store.splice(index, 1);
        this.state.changed();
        return noContent;
      });
    }
  }

  private storeFor(ctx: RouteContext): StoredCommand[] | Reply {
    if (param(ctx, 'app') !== this.state.applicationId) return error(403, discordErrors.missingAccess);
    const guildId = ctx.params.guild;
    if (guildId === undefined) return this.global;
    // No applications.commands access to guilds the bot is not in.
    if (!this.state.guilds.has(guildId)) return error(403, discordErrors.missingAccess);
    let list = this.perGuild.get(guildId);
    if (!list) {
      list = [];
      this.perGuild.set(guildId, list);
    }
    return list;
  }

  private toCommand(body: CommandBody, guildId: string | undefined, previous?: StoredCommand): StoredCommand {
    const command: StoredCommand = {
      id: previous?.id ?? snowflake(),
      application_id: this.state.applicationId,
      version: snowflake(),
      default_member_permissions: body.default_member_permissions ?? null,
      type: body.type ?? ApplicationCommandType.ChatInput,
      name: body.name,
      name_localizations: localizations(body.name_localizations),
      description: body.description ?? '',
      description_localizations: localizations(body.description_localizations),
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [ApplicationIntegrationType.GuildInstall],
      nsfw: body.nsfw ?? false,
    };
    // Discord still answers with the deprecated dm_permission on global commands.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (guildId === undefined) command.dm_permission = body.dm_permission ?? true;
    else command.guild_id = guildId;
    if (Array.isArray(body.options) && body.options.length > 0) command.options = body.options;
    if (body.handler !== undefined) command.handler = body.handler;
    return command;
  }
}

/** Discord matches commands by name and type (chat input when the type is left out). */
function sameCommand(stored: StoredCommand, body: CommandBody): boolean {
  return stored.name === body.name && stored.type === (body.type ?? ApplicationCommandType.ChatInput);
}

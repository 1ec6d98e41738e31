/**
 * A fake Discord for tests: REST (node:http) and gateway (`ws`) on one 127.0.0.1 port, spoken to by the REAL
 * discord.js client through `new Client({ rest: { api: fake.apiUrl } })`. Nothing in discord.js is mocked; the
 * fake answers the way Discord does (shapes, error codes, rate-limit headers, interaction acknowledgement rules),
 * and records every request so tests can assert on what the bot actually sent.
 */
import { EventEmitter } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  ALL_PERMISSIONS,
  BOT_PERMISSIONS,
  ChannelTypes,
  IntentBits,
  PermissionBits,
  apiChannel,
  apiGuild,
  apiMember,
  apiRole,
  apiUser,
  bits,
  defaultBotUser,
  defaultGuild,
  defaultUsers,
  guildCreatePayload,
  snowflake,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeUser,
  type Json,
} from './fake-discord-fixtures';
import {
  discordErrors,
  validateAutocomplete,
  validateCommand,
  validateCommandList,
  validateMessageBody,
  validateModal,
  type DiscordErrorBody,
} from './fake-discord-validation';

export * from './fake-discord-fixtures';
export { discordErrors, type DiscordErrorBody } from './fake-discord-validation';

/** A file part of a multipart request. */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
}

/** One REST request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, each segment URL-decoded (so `@original`, not `%40original`). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON, or for multipart the parsed `payload_json`; undefined without a body. */
  body: unknown;
  /** Files of a multipart request (empty otherwise). */
  files: RecordedFile[];
  /** Date.now() when the request arrived. */
  at: number;
  /** The route template that handled it (e.g. `/channels/:channel/messages`), or undefined for unknown routes. */
  route: string | undefined;
  /** The HTTP status the fake answered with; 0 until the answer is sent. */
  status: number;
}

/** A callback body the bot sent for an interaction. */
export interface InteractionReply {
  type: number;
  data?: Json;
}

/** A dispatched interaction and what the bot did with it. Waiters consume edits/follow-ups in order. */
export interface InteractionHandle {
  id: string;
  token: string;
  payload: Json;
  /** The first callback Discord accepted. */
  reply: InteractionReply;
  /** The current original response (after callback 4/5/6/7 and later edits), or undefined (none, or deleted). */
  original(): Json;
  /** The next not-yet-consumed edit of the original (PATCH .../messages/@original or its id), as the edited message. */
  waitForEdit(timeoutMs?: number): Promise<Json>;
  /** Every follow-up message created via POST /webhooks/:app/:token, current state, in order. */
  followUps(): Json[];
  /** The next not-yet-consumed follow-up message. */
  waitForFollowUp(timeoutMs?: number): Promise<Json>;
  /** Callbacks Discord refused (invalid body, wrong type), with the error it answered. */
  rejectedCallbacks(): Array<{ body: unknown; error: DiscordErrorBody }>;
}

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** Guilds the bot is in; default: one {@link defaultGuild}. Copied, so later changes go through the fake. */
  guilds?: FakeGuild[];
  /** The only accepted bot token; default: a random, real-looking one. */
  token?: string;
  botUser?: FakeUser;
  /** Gateway HELLO heartbeat interval in ms (default 41250, as Discord). */
  heartbeatInterval?: number;
  /** `shards` of GET /gateway/bot (default 1). */
  recommendedShards?: number;
  /**
   * `session_start_limit.max_concurrency` (default 16). discord.js identifies shards with the same
   * `id % max_concurrency` 5 s apart, so 1 (Discord's default for small bots) makes multi-shard tests slow.
   */
  maxConcurrency?: number;
  /** Global REST limit in requests per second for authenticated requests (429 beyond); default off. */
  globalRateLimit?: number;
  /** Per-route bucket advertised in X-RateLimit-* headers and enforced (default 50 per 1 s). */
  routeRateLimit?: { limit: number; resetAfterMs: number };
  /** How long the bot has to send the first interaction callback before the token dies (default 3000, as Discord). */
  callbackTimeoutMs?: number;
  /** How long interaction tokens work for webhooks (default 15 min, as Discord). */
  interactionTokenLifetimeMs?: number;
  /** Privileged intents enabled in the "developer portal"; others get close code 4014. Default: all. */
  privilegedIntents?: number;
  /** `member.permissions` default when the guild config does not decide; see {@link MEMBER_PERMISSIONS}. */
  defaultMemberPermissions?: string;
}

/** Common options of the interaction helpers. */
export interface InteractionOptions {
  /** Guild to send from; default the first guild; `null` sends from a DM with the bot. */
  guildId?: string | null;
  /** Default: the guild's first text channel, or the user's DM channel. */
  channelId?: string;
  /** Default: {@link defaultUsers}.fan. */
  user?: FakeUser;
  /** Override the computed `member.permissions` (decimal string). */
  memberPermissions?: string;
  /** Override the computed `app_permissions` (decimal string). */
  appPermissions?: string;
  locale?: string;
  /** How long to wait for the first callback (default: the fake's callbackTimeoutMs). */
  timeoutMs?: number;
  /**
   * Sent through the member's own install of the app (user install): `authorizing_integration_owners` names the
   * user, not a server. Combine with `foreignGuildId` (a server the bot is not in) or `groupDm`; without either
   * it comes from the member's DM with the bot.
   */
  userInstall?: boolean;
  /** A server the bot is not a member of (user install only): the payload carries its id but no guild data. */
  foreignGuildId?: string;
  /** A group DM the bot is not in (context 2, user install only). */
  groupDm?: boolean;
}

/** An injected failure for {@link FakeDiscord.failNext}. */
export interface FailResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A request held by {@link FakeDiscord.holdRequests}. */
export interface HeldRequest {
  request: RecordedRequest;
  /** Whether Discord has acted on it (created the message, say) before holding the answer back. */
  processed: boolean;
  /** Whether the caller hung up (its process died) while the request was held. */
  connectionClosed: boolean;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteContext {
  req: RecordedRequest;
  params: Record<string, string>;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  /** Whether `Authorization: Bot <token>` is required (interaction callbacks and token webhooks do not use it). */
  auth: boolean;
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

interface Session {
  id: string;
  token: string;
  intents: number;
  shard: [number, number] | undefined;
  seq: number;
  socket: WebSocket | null;
  /** Dispatches sent while no socket was attached, replayed on RESUME. */
  missed: Json[];
  identifiedAt: number;
}

interface InteractionRecord {
  id: string;
  token: string;
  payload: Json;
  createdAt: number;
  expired: boolean;
  deadline: NodeJS.Timeout | undefined;
  callbacks: InteractionReply[];
  rejected: Array<{ body: unknown; error: DiscordErrorBody }>;
  originalId: string | undefined;
  originalDeleted: boolean;
  edits: Json[];
  editsTaken: number;
  followUpIds: string[];
  followUpsTaken: number;
}

type MessageOrigin = 'channel' | 'interaction' | 'followup' | 'external';

const API_PREFIX = '/api/v10';
const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;
const MESSAGE_FLAG_CROSSPOSTED = 1 << 0;
/** How long Discord remembers an enforced nonce ("a few minutes"); the bot assumes less. */
const NONCE_WINDOW_MS = 5 * 60_000;
/** Gateway close codes Discord uses for a session that can no longer be resumed. */
const CLIENT_NORMAL_CLOSES = new Set([1000, 1001]);

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function randomToken(botId: string): string {
  // Same three-part shape as real bot tokens: base64(id).timestamp.hmac.
  const id = Buffer.from(botId).toString('base64url');
  return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(96).toString('base64url')}`;
}

function hasBit(permissions: string, bit: bigint): boolean {
  const value = BigInt(permissions);
  return (value & PermissionBits.Administrator) !== 0n || (value & bit) !== 0n;
}

/**
 * The fake Discord. Start with {@link FakeDiscord.start}, point a discord.js Client at {@link apiUrl}, and always
 * {@link close} it.
 */
export class FakeDiscord {
  /** REST base for discord.js's `rest.api` option (the client appends `/v10`). */
  readonly apiUrl: string;
  /** The gateway URL handed out by GET /gateway/bot. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  readonly guilds = new Map<string, FakeGuild>();
  /** Every IDENTIFY received (valid or not). */
  readonly identifies: Array<{ token: string; intents: number; shard?: [number, number] }> = [];
  /** Successful RESUMEs. */
  resumes = 0;
  /** 429 answers sent (global and per-route, not those injected with failNext). */
  rateLimited = 0;

  private readonly options: FakeDiscordOptions;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly events = new EventEmitter();
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly socketSessions = new Map<WebSocket, Session>();
  private readonly sessions = new Map<string, Session>();
  private readyCount = 0;
  private sessionStartsRemaining = 1000;
  private readonly globalCommands: Json[] = [];
  private readonly guildCommands = new Map<string, Json[]>();
  /** Stable ids for commands that are invoked without having been registered. */
  private readonly unregisteredCommandIds = new Map<string, string>();
  private readonly messages = new Map<string, Json>();
  /** Nonces of enforce_nonce message creations: `channel:nonce` → the message made and when. */
  private readonly nonces = new Map<string, { id: string; at: number }>();
  private readonly messageOrigins = new Map<string, MessageOrigin>();
  private readonly dmChannels = new Map<string, Json>();
  /** Users seen in interactions, so POST /users/@me/channels knows members of no shared server. */
  private readonly knownUsers = new Map<string, FakeUser>();
  /** Users whose DMs are closed to the bot: sending to their DM channel fails with 50007. */
  private readonly closedDms = new Set<string>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly modalsShown = new Map<string, Json>();
  private readonly scheduledEvents = new Map<string, Json[]>();
  private readonly failures: Array<{
    pred: (r: RecordedRequest) => boolean;
    response: FailResponse;
    left: number;
  }> = [];
  private readonly buckets = new Map<string, { hash: string; remaining: number; resetAt: number }>();
  private globalWindow = { start: 0, count: 0 };
  private readonly holds: Array<{ pred: (r: RecordedRequest) => boolean; processed: boolean }> = [];
  private readonly held: Array<HeldRequest & { release: () => void }> = [];
  private closed = false;

  private constructor(options: FakeDiscordOptions, server: Server, wss: WebSocketServer, port: number) {
    this.options = options;
    this.server = server;
    this.wss = wss;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.botUser = { ...(options.botUser ?? defaultBotUser), bot: true };
    this.applicationId = this.botUser.id;
    this.token = options.token ?? randomToken(this.botUser.id);
    this.events.setMaxListeners(0);
    for (const guild of options.guilds ?? [defaultGuild()]) this.guilds.set(guild.id, structuredClone(guild));
    this.defineRoutes();
    server.on('request', (req, res) => void this.onHttp(req, res));
    wss.on('connection', (socket) => this.onSocket(socket));
  }

  /** Starts the fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    // Same port for REST and gateway: `ws` answers upgrades on any path.
    const wss = new WebSocketServer({ server });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(options, server, wss, port);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries for tests

  /** Global commands (no argument) or a guild's commands, as last stored. */
  commands(guildId?: string): Json[] {
    return clone(guildId === undefined ? this.globalCommands : (this.guildCommands.get(guildId) ?? []));
  }

  /** Requests that changed application commands (PUT/POST/PATCH/DELETE on .../commands). */
  commandWrites(): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method !== 'GET' && /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands(\/|$)/.test(r.path),
    );
  }

  /** Messages the bot created with POST /channels/:id/messages in that channel, current state, oldest first. */
  channelMessages(channelId: string): Json[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId && this.messageOrigins.get(m.id) === 'channel')
      .map(clone);
  }

  /** Every message that exists in a channel (bot posts and non-ephemeral interaction responses), oldest first. */
  allChannelMessages(channelId: string): Json[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId && (Number(m.flags) & MESSAGE_FLAG_EPHEMERAL) === 0)
      .map(clone);
  }

  /** Messages the bot sent to a user's DM channel (POST /channels/:dm/messages), oldest first. */
  directMessages(userId: string): Json[] {
    const channel = this.dmChannels.get(userId);
    return channel === undefined ? [] : this.channelMessages(String(channel.id));
  }

  /** Closes (or, with false, opens) a user's DMs to the bot: messages to them fail with 403 and code 50007. */
  setDmsClosed(userId: string, closed = true): void {
    if (closed) this.closedDms.add(userId);
    else this.closedDms.delete(userId);
  }

  /** A stored message by id (any origin), or undefined. */
  message(id: string): Json {
    return clone(this.messages.get(id));
  }

  /** Scheduled events of a guild, as created/edited through REST. */
  guildScheduledEvents(guildId: string): Json[] {
    return clone(this.scheduledEvents.get(guildId) ?? []);
  }

  /** Requests that matched no route (answered 404 `{ message: '404: Not Found', code: 0 }`). */
  unhandledRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.route === undefined);
  }

  /**
   * Resolves with the first request (already recorded, unless `includePast` is false, or future) that matches.
   */
  waitForRequest(
    pred: (r: RecordedRequest) => boolean,
    timeoutMs = 2000,
    opts: { includePast?: boolean } = {},
  ): Promise<RecordedRequest> {
    const from = opts.includePast === false ? this.requests.length : 0;
    return this.waitUntil(
      () => this.requests.slice(from).find(pred),
      timeoutMs,
      () => `no matching request within ${timeoutMs} ms; saw: ${this.describeRequests(from)}`,
    );
  }

  /** Resolves once `count` IDENTIFYs (cumulative) got READY and all their GUILD_CREATEs. */
  waitForIdentify(timeoutMs = 5000, count = 1): Promise<void> {
    return this.waitUntil(
      () => (this.readyCount >= count ? true : undefined),
      timeoutMs,
      () =>
        `expected ${count} completed IDENTIFY within ${timeoutMs} ms, got ${this.readyCount} (identifies received: ${this.identifies.length})`,
    ).then(() => undefined);
  }

  /** Resolves once `count` RESUMEs (cumulative) succeeded. */
  waitForResume(timeoutMs = 5000, count = 1): Promise<void> {
    return this.waitUntil(
      () => (this.resumes >= count ? true : undefined),
      timeoutMs,
      () => `expected ${count} RESUME within ${timeoutMs} ms, got ${this.resumes}`,
    ).then(() => undefined);
  }

  /** Number of gateway sessions with an open socket. */
  connectedSessions(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).length;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Controls

  /** Adds a guild (the bot "joins" it) and sends GUILD_CREATE to the sessions whose shard owns it. */
  addGuild(guild: FakeGuild): void {
    const copy = structuredClone(guild);
    this.guilds.set(copy.id, copy);
    if (copy.unavailable) return;
    for (const session of this.sessions.values()) {
      if (this.ownsGuild(session, copy.id))
        this.dispatch(session, 'GUILD_CREATE', this.guildCreate(copy, session));
    }
  }

  /** Removes a guild (the bot was kicked) and sends GUILD_DELETE. */
  removeGuild(id: string): void {
    this.guilds.delete(id);
    for (const session of this.sessions.values()) {
      if (this.ownsGuild(session, id)) this.dispatch(session, 'GUILD_DELETE', { id });
    }
  }

  /** Sends any dispatch event to the session(s) owning `guildId` (all sessions for undefined, shard 0 for null). */
  dispatchEvent(t: string, d: Json, guildId?: string | null): void {
    for (const session of this.sessions.values()) {
      if (guildId === undefined || this.ownsGuild(session, guildId)) this.dispatch(session, t, d);
    }
  }

  /** The next `times` requests matching `pred` get this answer instead of the normal one. */
  failNext(pred: (r: RecordedRequest) => boolean, response: FailResponse, times = 1): void {
    this.failures.push({ pred, response, left: times });
  }

  /**
   * Holds requests matching `pred` until {@link releaseHeld}, to crash the bot in the middle of them. `processed`:
   * Discord acts on the request at once (the message exists) and only the answer waits, as when the bot dies before
   * reading it; otherwise nothing happens until release, and a request whose caller hung up meanwhile is dropped,
   * as one lost on the way.
   */
  holdRequests(pred: (r: RecordedRequest) => boolean, options: { processed: boolean }): void {
    this.holds.push({ pred, processed: options.processed });
  }

  /** The requests being held now. */
  heldRequests(): HeldRequest[] {
    return this.held.map(({ request, processed, connectionClosed }) => ({
      request,
      processed,
      connectionClosed,
    }));
  }

  /** Stops holding: held requests go on (or are dropped, see {@link holdRequests}), new ones are not held. */
  releaseHeld(): void {
    this.holds.length = 0;
    for (const entry of this.held.splice(0)) entry.release();
  }

  /** Closes every gateway socket with `code`; sessions stay resumable (the client RESUMEs for most codes). */
  closeGateway(code: number, reason = 'closed by FakeDiscord'): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Whether heartbeats get their op 11 ACK; false makes a zombied connection the client must notice. */
  ackHeartbeats = true;

  /**
   * Sends op 9 INVALID SESSION on every socket. Not resumable: the sessions are forgotten, so the client must
   * IDENTIFY again; resumable: the client may RESUME.
   */
  invalidateSessions(resumable: boolean): void {
    for (const socket of this.sockets) {
      const session = this.socketSessions.get(socket);
      if (!resumable && session) this.sessions.delete(session.id);
      this.sendOp(socket, 9, resumable);
    }
  }

  /** Sends op 7 RECONNECT on every socket: the client closes and resumes. */
  requestReconnect(): void {
    for (const socket of this.sockets) this.sendOp(socket, 7, null);
  }

  /** Makes an interaction's token expire (as after 15 minutes): webhook calls get 401 Invalid Webhook Token. */
  expireInteractionToken(interactionId: string): void {
    const record = this.interactions.get(interactionId);
    if (record) record.createdAt = 0;
  }

  /** Closes sockets and servers; pending waits reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.events.emit('closed');
    for (const record of this.interactions.values()) clearTimeout(record.deadline);
    this.releaseHeld();
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // undici keeps connections alive; without this server.close() would wait for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interactions

  /** Dispatches a slash command; resolves on the bot's first accepted callback. */
  chatInput(
    opts: InteractionOptions & { name: string; options?: Json[]; resolved?: Json; commandId?: string },
  ): Promise<InteractionHandle> {
    const data: Json = {
      id: opts.commandId ?? this.commandIdFor(opts.name, 1, opts.guildId),
      name: opts.name,
      type: 1,
    };
    if (opts.options) data.options = opts.options;
    const resolved = opts.resolved ?? this.resolveOptions(opts.options ?? [], opts.guildId);
    if (resolved) data.resolved = resolved;
    return this.sendInteraction(2, data, opts);
  }

  /**
   * As Discord does, fills `resolved` for channel (7) and role (8) options from the guild's data, including for
   * options nested in subcommands. Ids the guild doesn't have resolve to nothing.
   */
  private resolveOptions(options: Json[], guildId: string | null | undefined): Json {
    const guild =
      guildId === null ? undefined : guildId === undefined ? this.firstGuild() : this.guilds.get(guildId);
    if (guild === undefined) return undefined;
    const channels: Record<string, Json> = {};
    const roles: Record<string, Json> = {};
    const visit = (list: Json[]): void => {
      for (const option of list) {
        if (Array.isArray(option.options)) visit(option.options);
        const channel = option.type === 7 ? guild.channels.find((c) => c.id === option.value) : undefined;
        if (channel) channels[channel.id] = { ...apiChannel(channel), guild_id: guild.id, permissions: '0' };
        const role = option.type === 8 ? guild.roles.find((r) => r.id === option.value) : undefined;
        if (role) roles[role.id] = apiRole(role);
      }
    };
    visit(options);
    const resolved: Json = {};
    if (Object.keys(channels).length > 0) resolved.channels = channels;
    if (Object.keys(roles).length > 0) resolved.roles = roles;
    return Object.keys(resolved).length > 0 ? resolved : undefined;
  }

  /** Dispatches an autocomplete request (exactly one option must be `focused: true`). */
  autocomplete(opts: InteractionOptions & { name: string; options: Json[] }): Promise<InteractionHandle> {
    const focused = JSON.stringify(opts.options).match(/"focused":true/g)?.length ?? 0;
    if (focused !== 1) throw new Error(`autocomplete needs exactly one focused option, got ${focused}`);
    const data: Json = {
      id: this.commandIdFor(opts.name, 1, opts.guildId),
      name: opts.name,
      type: 1,
      options: opts.options,
    };
    return this.sendInteraction(4, data, opts);
  }

  /** Dispatches a button click on `message` (a message object, e.g. from channelMessages() or original()). */
  button(opts: InteractionOptions & { customId: string; message: Json }): Promise<InteractionHandle> {
    return this.sendInteraction(
      3,
      { custom_id: opts.customId, component_type: 2 },
      { ...opts, message: opts.message },
    );
  }

  /** Dispatches a select menu choice (component_type 3 string select by default). */
  selectMenu(
    opts: InteractionOptions & {
      customId: string;
      message: Json;
      values: string[];
      componentType?: number;
      resolved?: Json;
    },
  ): Promise<InteractionHandle> {
    const data: Json = {
      custom_id: opts.customId,
      component_type: opts.componentType ?? 3,
      values: opts.values,
    };
    if (opts.resolved) data.resolved = opts.resolved;
    return this.sendInteraction(3, data, { ...opts, message: opts.message });
  }

  /**
   * Dispatches a modal submission. If the bot showed a modal with this custom id, the submission mirrors its
   * layout (action rows or labels) and unknown field ids throw; otherwise fields arrive as action rows.
   * A string is a text input value; an array is `values` (selects, checkbox groups, file uploads).
   */
  modalSubmit(
    opts: InteractionOptions & {
      customId: string;
      fields: Record<string, string | string[]>;
      message?: Json;
    },
  ): Promise<InteractionHandle> {
    const modal = this.modalsShown.get(opts.customId);
    const components = modal ? this.mirrorModal(modal, opts.fields) : this.legacyModalRows(opts.fields);
    const extra = opts.message === undefined ? {} : { message: opts.message };
    return this.sendInteraction(5, { custom_id: opts.customId, components }, { ...opts, ...extra });
  }

  /** Sends a raw INTERACTION_CREATE payload (for fuzzing); `id` and `token` are filled in when missing. */
  dispatchInteraction(payload: Json, opts: { timeoutMs?: number } = {}): Promise<InteractionHandle> {
    const full = { ...payload };
    full.id ??= snowflake();
    full.token ??= interactionToken();
    return this.startInteraction(full, opts.timeoutMs);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: waiting

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    // Created now so the stack points at the test that waited, not at a timer.
    const error = new Error('FakeDiscord wait failed');
    return new Promise<T>((resolve, reject) => {
      const fail = (message: string) => {
        cleanup();
        error.message = message;
        reject(error);
      };
      const poll = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (thrown) {
          cleanup();
          reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        }
      };
      const onClosed = () => fail(`FakeDiscord closed while waiting: ${describe()}`);
      const timer = setTimeout(() => fail(describe()), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', poll);
        this.events.off('closed', onClosed);
      };
      if (this.closed) {
        onClosed();
        return;
      }
      this.events.on('change', poll);
      this.events.on('closed', onClosed);
      poll();
    });
  }

  private changed(): void {
    this.events.emit('change');
  }

  private describeRequests(from = 0): string {
    const list = this.requests.slice(from).map((r) => `${r.method} ${r.path} -> ${r.status}`);
    return list.length === 0 ? '(no requests)' : list.slice(-15).join(', ');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: interactions

  private commandIdFor(name: string, type: number, guildId: string | null | undefined): string {
    const gid = guildId === undefined ? this.firstGuild()?.id : guildId;
    const pools = [gid ? (this.guildCommands.get(gid) ?? []) : [], this.globalCommands];
    for (const pool of pools) {
      const found = pool.find((c) => c.name === name && (c.type ?? 1) === type);
      if (found) return found.id;
    }
    const key = `${type}:${name}`;
    let id = this.unregisteredCommandIds.get(key);
    if (!id) {
      id = snowflake();
      this.unregisteredCommandIds.set(key, id);
    }
    return id;
  }

  private firstGuild(): FakeGuild | undefined {
    return [...this.guilds.values()].find((g) => !g.unavailable);
  }

  private dmChannelFor(user: FakeUser): Json {
    let channel = this.dmChannels.get(user.id);
    if (!channel) {
      channel = {
        id: snowflake(),
        type: ChannelTypes.DM,
        last_message_id: null,
        flags: 0,
        recipients: [apiUser(user)],
      };
      this.dmChannels.set(user.id, channel);
    }
    return channel;
  }

  private memberOf(guild: FakeGuild, userId: string): FakeMember | undefined {
    if (userId === this.botUser.id) return this.botMember(guild);
    return guild.members?.find((m) => m.user.id === userId);
  }

  private botMember(guild: FakeGuild): FakeMember {
    const managed = guild.roles.find((r) => r.managed && (r.tags as Json)?.bot_id === this.botUser.id);
    return { user: this.botUser, roles: managed ? [managed.id] : [], joined_at: '2024-01-15T12:05:00.000Z' };
  }

  /** Discord's permission algorithm: base (roles) then channel overwrites (@everyone, roles, member). */
  private permissionsIn(guild: FakeGuild, userId: string, channel?: FakeChannel): string {
    if (guild.owner_id === userId) return ALL_PERMISSIONS;
    const member = this.memberOf(guild, userId);
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

  private sendInteraction(
    type: number,
    data: Json,
    opts: InteractionOptions & { message?: Json },
  ): Promise<InteractionHandle> {
    const user = opts.user ?? defaultUsers.fan;
    const locale = opts.locale ?? 'en-US';
    const guildId = opts.guildId === undefined ? this.firstGuild()?.id : opts.guildId;
    const id = snowflake();
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token: interactionToken(),
      version: 1,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (opts.message !== undefined) payload.message = this.rememberExternalMessage(opts.message);
    this.knownUsers.set(user.id, user);

    if (opts.userInstall === true) {
      Object.assign(payload, this.userInstallPayload(user, opts));
    } else if (guildId === null || guildId === undefined) {
      const channel = {
        ...this.dmChannelFor(user),
        ...(opts.channelId === undefined ? {} : { id: opts.channelId }),
      };
      Object.assign(payload, {
        user: apiUser(user),
        channel: clone(channel),
        channel_id: channel.id,
        context: 1,
        authorizing_integration_owners: { '0': '0' },
        app_permissions: opts.appPermissions ?? BOT_PERMISSIONS,
      });
    } else {
      const guild = this.guilds.get(guildId);
      if (!guild) throw new Error(`chat/interaction helper: unknown guild ${guildId}`);
      const channel =
        opts.channelId === undefined
          ? (guild.channels.find((c) => c.type === ChannelTypes.GuildText) ?? guild.channels[0])
          : guild.channels.find((c) => c.id === opts.channelId);
      if (!channel) throw new Error(`guild ${guildId} has no channel ${opts.channelId ?? '(none at all)'}`);
      // Invokers are members; add unknown users so GET /guilds/:id/members/:user agrees with the interaction.
      let member = this.memberOf(guild, user.id);
      if (!member) {
        member = { user, roles: [], joined_at: new Date().toISOString() };
        (guild.members ??= []).push(member);
      }
      const memberPermissions = opts.memberPermissions ?? this.permissionsIn(guild, user.id, channel);
      const appPermissions = opts.appPermissions ?? this.permissionsIn(guild, this.botUser.id, channel);
      Object.assign(payload, {
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferred_locale ?? 'en-US', features: guild.features ?? [] },
        guild_locale: guild.preferred_locale ?? 'en-US',
        member: { ...apiMember(member), permissions: memberPermissions },
        channel: { ...apiChannel(channel), guild_id: guild.id, permissions: memberPermissions },
        channel_id: channel.id,
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
        app_permissions: appPermissions,
      });
    }
    return this.startInteraction(payload, opts.timeoutMs);
  }

  /**
   * The parts of a user-install interaction, as Discord sends them: in a server the bot is not in, `guild_id`
   * and `member` but no channel the bot can see; in a group DM a channel of type 3; else the bot's DM. The app's
   * permissions are those Discord grants user apps (embeds, files, external emojis), never the server's.
   */
  private userInstallPayload(user: FakeUser, opts: InteractionOptions): Json {
    const owners = { '1': user.id };
    const appPermissions =
      opts.appPermissions ??
      bits(PermissionBits.EmbedLinks, PermissionBits.AttachFiles, PermissionBits.UseExternalEmojis);
    if (opts.foreignGuildId !== undefined) {
      if (this.guilds.has(opts.foreignGuildId))
        throw new Error('foreignGuildId must be a server the bot is not in');
      const permissions =
        opts.memberPermissions ?? bits(PermissionBits.ViewChannel, PermissionBits.SendMessages);
      return {
        guild_id: opts.foreignGuildId,
        guild: { id: opts.foreignGuildId, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        member: {
          ...apiMember({ user, roles: [], joined_at: '2025-03-01T10:00:00.000Z' }),
          permissions,
        },
        channel: {
          id: opts.channelId ?? snowflake(),
          type: ChannelTypes.GuildText,
          name: 'general',
          guild_id: opts.foreignGuildId,
          permissions,
          flags: 0,
        },
        context: 0,
        authorizing_integration_owners: owners,
        app_permissions: appPermissions,
      };
    }
    const channel =
      opts.groupDm === true
        ? {
            id: opts.channelId ?? snowflake(),
            type: ChannelTypes.GroupDM,
            name: null,
            flags: 0,
            recipients: [apiUser(user)],
            last_message_id: null,
          }
        : clone(this.dmChannelFor(user));
    return {
      user: apiUser(user),
      channel,
      channel_id: channel.id,
      context: opts.groupDm === true ? 2 : 1,
      authorizing_integration_owners: owners,
      app_permissions: appPermissions,
    };
  }

  /** Components must point at a message the fake knows, so edits via the interaction land on it. */
  private rememberExternalMessage(message: Json): Json {
    if (message && typeof message.id === 'string' && !this.messages.has(message.id)) {
      this.messages.set(message.id, clone(message));
      this.messageOrigins.set(message.id, 'external');
    }
    return clone(
      message && typeof message.id === 'string' ? (this.messages.get(message.id) ?? message) : message,
    );
  }

  private startInteraction(
    payload: Json,
    timeoutMs = this.options.callbackTimeoutMs ?? 3000,
  ): Promise<InteractionHandle> {
    const guildId: string | null = typeof payload.guild_id === 'string' ? payload.guild_id : null;
    const session = this.sessionFor(guildId);
    if (!session) {
      return Promise.reject(
        new Error(
          'no gateway session to send the interaction to (log the client in and await fake.waitForIdentify() first)',
        ),
      );
    }
    const record: InteractionRecord = {
      id: String(payload.id),
      token: String(payload.token),
      payload,
      createdAt: Date.now(),
      expired: false,
      deadline: undefined,
      callbacks: [],
      rejected: [],
      originalId: undefined,
      originalDeleted: false,
      edits: [],
      editsTaken: 0,
      followUpIds: [],
      followUpsTaken: 0,
    };
    this.interactions.set(record.id, record);
    // Discord gives up on an interaction that is not acknowledged in 3 s ("This interaction failed").
    record.deadline = setTimeout(() => {
      if (record.callbacks.length === 0) {
        record.expired = true;
        this.changed();
      }
    }, this.options.callbackTimeoutMs ?? 3000);
    this.dispatch(session, 'INTERACTION_CREATE', payload);

    const label = payload.data?.name
      ? `/${payload.data.name}`
      : (payload.data?.custom_id ?? `type ${payload.type}`);
    const sentAt = this.requests.length;
    return this.waitUntil(
      () => (record.callbacks[0] ? this.makeHandle(record) : undefined),
      timeoutMs,
      () => {
        const rejected = record.rejected.map((r) => JSON.stringify(r.error)).join('; ');
        return (
          `no interaction callback for ${label} within ${timeoutMs} ms (interaction ${record.id})` +
          (rejected ? `; refused callbacks: ${rejected}` : '') +
          `; requests meanwhile: ${this.describeRequests(sentAt)}`
        );
      },
    );
  }

  private makeHandle(record: InteractionRecord): InteractionHandle {
    const first = record.callbacks[0];
    if (!first) throw new Error('no callback yet');
    return {
      id: record.id,
      token: record.token,
      payload: record.payload,
      reply: clone(first),
      original: () =>
        record.originalId === undefined || record.originalDeleted
          ? undefined
          : clone(this.messages.get(record.originalId)),
      waitForEdit: (timeoutMs = 2000) =>
        this.waitUntil(
          () => {
            const edit = record.edits[record.editsTaken];
            if (edit === undefined) return undefined;
            record.editsTaken++;
            return clone(edit);
          },
          timeoutMs,
          () =>
            `no edit #${record.editsTaken + 1} of the original response of interaction ${record.id} within ${timeoutMs} ms`,
        ),
      followUps: () =>
        record.followUpIds.flatMap((id) => (this.messages.has(id) ? [clone(this.messages.get(id))] : [])),
      waitForFollowUp: (timeoutMs = 2000) =>
        this.waitUntil(
          () => {
            const id = record.followUpIds[record.followUpsTaken];
            if (id === undefined) return undefined;
            record.followUpsTaken++;
            return clone(this.messages.get(id));
          },
          timeoutMs,
          () =>
            `no follow-up #${record.followUpsTaken + 1} for interaction ${record.id} within ${timeoutMs} ms`,
        ),
      rejectedCallbacks: () => clone(record.rejected),
    };
  }

  private legacyModalRows(fields: Record<string, string | string[]>): Json[] {
    let n = 0;
    return Object.entries(fields).map(([customId, value]) => ({
      type: 1,
      id: ++n,
      components: [
        { type: 4, id: ++n, custom_id: customId, value: Array.isArray(value) ? value.join(',') : value },
      ],
    }));
  }

  private mirrorModal(modal: Json, fields: Record<string, string | string[]>): Json[] {
    const known = new Set<string>();
    let n = 0;
    const leaf = (component: Json): Json => {
      const out: Json = { type: component.type, id: component.id ?? ++n };
      if (typeof component.custom_id !== 'string') return out;
      out.custom_id = component.custom_id;
      known.add(component.custom_id);
      const given = fields[component.custom_id];
      if (component.type === 4) out.value = typeof given === 'string' ? given : (component.value ?? '');
      else if (component.type === 21) out.value = typeof given === 'string' ? given : null;
      else if (component.type === 23)
        out.value = given === 'true' || (Array.isArray(given) && given.length > 0);
      else out.values = Array.isArray(given) ? given : given === undefined ? [] : [given];
      return out;
    };
    const components = (Array.isArray(modal.components) ? modal.components : []).map((component: Json) => {
      if (component.type === 1) {
        return { type: 1, id: component.id ?? ++n, components: (component.components ?? []).map(leaf) };
      }
      if (component.type === 18 && component.component) {
        return { type: 18, id: component.id ?? ++n, component: leaf(component.component) };
      }
      return { type: component.type, id: component.id ?? ++n };
    });
    const unknown = Object.keys(fields).filter((k) => !known.has(k));
    if (unknown.length > 0)
      throw new Error(`modalSubmit: the modal "${modal.custom_id}" has no field(s) ${unknown.join(', ')}`);
    return components;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: messages

  private mentionsFor(
    body: Json,
    guildId: string | undefined,
  ): { users: Json[]; roles: string[]; everyone: boolean } {
    const content: string = typeof body.content === 'string' ? body.content : '';
    const allowed: Json = body.allowed_mentions;
    const parse: string[] | undefined = Array.isArray(allowed?.parse) ? allowed.parse : undefined;
    const allows = (kind: string, id?: string, list?: unknown) =>
      allowed === undefined ||
      parse?.includes(kind) ||
      (Array.isArray(list) && id !== undefined && list.includes(id));
    const guild = guildId === undefined ? undefined : this.guilds.get(guildId);
    const knownUsers = new Map<string, FakeUser>();
    for (const member of guild?.members ?? []) knownUsers.set(member.user.id, member.user);
    for (const user of Object.values(defaultUsers)) knownUsers.set(user.id, user);
    const users = [...content.matchAll(/<@!?(\d{17,20})>/g)]
      .map((m) => m[1] ?? '')
      .filter((id, i, all) => all.indexOf(id) === i && allows('users', id, allowed?.users))
      .map((id) => apiUser(knownUsers.get(id) ?? { id, username: `user${id.slice(-4)}` }));
    const roles = [...content.matchAll(/<@&(\d{17,20})>/g)]
      .map((m) => m[1] ?? '')
      .filter((id, i, all) => all.indexOf(id) === i && allows('roles', id, allowed?.roles));
    const everyone = /@(everyone|here)/.test(content) && allows('everyone');
    return { users, roles, everyone };
  }

  private attachmentsFor(
    channelId: string,
    body: Json,
    files: RecordedFile[],
    existing: Json[] = [],
  ): Json[] {
    const declared: Json[] = Array.isArray(body.attachments) ? body.attachments : [];
    const kept = existing.filter((a) => declared.some((d) => String(d?.id) === String(a.id)));
    const uploaded = files.map((file, index) => {
      const id = snowflake();
      const meta = declared.find((d) => String(d?.id) === String(index)) ?? {};
      const filename = meta.filename ?? file.name;
      return {
        id,
        filename,
        size: file.size,
        url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`,
        proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${filename}`,
        content_type: file.contentType,
        ...(meta.description === undefined ? {} : { description: meta.description }),
      };
    });
    return [...kept, ...uploaded];
  }

  private createMessage(
    body: Json,
    files: RecordedFile[],
    ctx: {
      channelId: string;
      guildId: string | undefined;
      origin: MessageOrigin;
      interaction?: InteractionRecord;
      extraFlags?: number;
    },
  ): Json {
    const id = snowflake();
    const mentions = this.mentionsFor(body, ctx.guildId);
    const message: Json = {
      id,
      type: body.message_reference ? 19 : 0,
      channel_id: ctx.channelId,
      author: apiUser(this.botUser),
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: Boolean(body.tts),
      mention_everyone: mentions.everyone,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      mention_channels: [],
      attachments: this.attachmentsFor(ctx.channelId, body, files),
      embeds: (Array.isArray(body.embeds) ? body.embeds : []).map((e: Json) => ({ type: 'rich', ...e })),
      components: Array.isArray(body.components) ? body.components : [],
      reactions: [],
      pinned: false,
      flags: (Number(body.flags ?? 0) & ~MESSAGE_FLAG_LOADING) | (ctx.extraFlags ?? 0),
      sticker_items: [],
    };
    if (ctx.guildId !== undefined) message.guild_id = ctx.guildId;
    if (body.nonce !== undefined) message.nonce = body.nonce;
    if (body.poll) message.poll = { ...body.poll, results: { is_finalized: false, answer_counts: [] } };
    if (body.message_reference) {
      message.message_reference = { type: 0, channel_id: ctx.channelId, ...body.message_reference };
      const referenced = this.messages.get(String(body.message_reference.message_id));
      if (referenced) message.referenced_message = clone(referenced);
    }
    if (ctx.interaction) {
      const payload = ctx.interaction.payload;
      const invoker = payload.member?.user ?? payload.user;
      message.webhook_id = this.applicationId;
      message.application_id = this.applicationId;
      message.interaction_metadata = {
        id: ctx.interaction.id,
        type: payload.type,
        user: invoker,
        authorizing_integration_owners: payload.authorizing_integration_owners ?? {},
        ...(payload.data?.name ? { name: payload.data.name, command_type: payload.data.type ?? 1 } : {}),
      };
      if (ctx.origin === 'followup' && ctx.interaction.originalId) {
        message.interaction_metadata.original_response_message_id = ctx.interaction.originalId;
      }
    }
    this.messages.set(id, message);
    this.messageOrigins.set(id, ctx.origin);
    this.announceMessage('MESSAGE_CREATE', message);
    return message;
  }

  private editMessage(message: Json, body: Json, files: RecordedFile[]): Json {
    for (const key of ['content', 'components', 'poll'] as const) {
      if (body[key] !== undefined && body[key] !== null) message[key] = body[key];
      else if (body[key] === null) message[key] = key === 'content' ? '' : key === 'components' ? [] : null;
    }
    if (body.embeds !== undefined)
      message.embeds = (body.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e }));
    if (body.flags !== undefined && body.flags !== null) {
      // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 can change on edit; ephemeral stays what it was.
      const mutable = (1 << 2) | (1 << 15);
      message.flags = (Number(message.flags) & ~mutable) | (Number(body.flags) & mutable);
    }
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.attachmentsFor(
        message.channel_id,
        body.attachments === undefined ? { attachments: message.attachments } : body,
        files,
        message.attachments ?? [],
      );
    }
    if (body.content !== undefined || body.allowed_mentions !== undefined) {
      const mentions = this.mentionsFor(
        { content: message.content, allowed_mentions: body.allowed_mentions },
        message.guild_id,
      );
      message.mentions = mentions.users;
      message.mention_roles = mentions.roles;
      message.mention_everyone = mentions.everyone;
    }
    message.flags = Number(message.flags) & ~MESSAGE_FLAG_LOADING;
    message.edited_timestamp = new Date().toISOString();
    this.announceMessage('MESSAGE_UPDATE', message);
    return message;
  }

  /** MESSAGE_* dispatches go only to sessions with the matching intent, as on Discord. */
  private announceMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: Json): void {
    if ((Number(message.flags) & MESSAGE_FLAG_EPHEMERAL) !== 0) return;
    const guildId: string | undefined = message.guild_id;
    const intent = guildId ? IntentBits.GuildMessages : IntentBits.DirectMessages;
    for (const session of this.sessions.values()) {
      if ((session.intents & intent) !== 0 && this.ownsGuild(session, guildId ?? null)) {
        this.dispatch(session, t, clone(message));
      }
    }
  }

  private findChannel(
    channelId: string,
  ): { channel: FakeChannel; guild: FakeGuild } | { dm: Json } | undefined {
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { channel, guild };
    }
    for (const dm of this.dmChannels.values()) if (dm.id === channelId) return { dm };
    return undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: HTTP

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers))
      headers[key] = Array.isArray(value) ? value.join(', ') : value;
    const inside = url.pathname.startsWith(`${API_PREFIX}/`)
      ? url.pathname.slice(API_PREFIX.length)
      : url.pathname;
    const path = inside
      .split('/')
      .map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      })
      .join('/');
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      query: url.searchParams,
      headers,
      body: undefined,
      files: [],
      at: Date.now(),
      route: undefined,
      status: 0,
    };
    let reply: Reply;
    try {
      const bodyError = await this.parseBody(record, raw, headers['content-type']);
      const route = url.pathname.startsWith(`${API_PREFIX}/`) ? this.matchRoute(record) : undefined;
      record.route = route?.route.template;
      this.requests.push(record);
      this.changed();
      const hold = this.holds.find((candidate) => candidate.pred(record));
      // Lost on the way: Discord never saw it, and the caller is gone.
      if (hold?.processed === false && !(await this.holdUntilReleased(record, res, false))) return;
      reply =
        this.injectedFailure(record) ??
        this.globalLimit(record) ??
        (bodyError ? { status: 400, body: bodyError } : undefined) ??
        (await this.route(record, route));
      if (hold?.processed === true) await this.holdUntilReleased(record, res, true);
    } catch (error) {
      if (!this.requests.includes(record)) this.requests.push(record);
      reply = { status: 500, body: { ...discordErrors.serverError, fake_error: String(error) } };
    }
    this.send(res, record, reply);
  }

  /** Waits for {@link releaseHeld}; resolves whether the caller is still there to be answered. */
  private holdUntilReleased(
    record: RecordedRequest,
    res: ServerResponse,
    processed: boolean,
  ): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const entry = {
        request: record,
        processed,
        connectionClosed: false,
        release: () => resolve(!entry.connectionClosed),
      };
      res.once('close', () => {
        entry.connectionClosed = true;
        this.changed();
      });
      this.held.push(entry);
      this.changed();
    });
  }

  private async parseBody(
    record: RecordedRequest,
    raw: Buffer,
    contentType: string | undefined,
  ): Promise<DiscordErrorBody | null> {
    if (raw.length === 0) return null;
    try {
      if (contentType?.startsWith('multipart/form-data')) {
        // undici's Response parses multipart for us, exactly as it was built by @discordjs/rest's FormData.
        const response = new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } });
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- fine for test-sized bodies; avoids a parser dependency
        const form = await response.formData();
        for (const [field, value] of form.entries()) {
          if (typeof value === 'string') {
            if (field === 'payload_json') record.body = JSON.parse(value);
          } else {
            record.files.push({ field, name: value.name, contentType: value.type, size: value.size });
          }
        }
      } else {
        record.body = JSON.parse(raw.toString('utf8'));
      }
      return null;
    } catch {
      return { code: 50109, message: 'The request body contains invalid JSON.' };
    }
  }

  private injectedFailure(record: RecordedRequest): Reply | undefined {
    const failure = this.failures.find((f) => f.left > 0 && f.pred(record));
    if (!failure) return undefined;
    failure.left--;
    const { status, body, headers } = failure.response;
    const defaults: Record<string, string> =
      status === 429 ? { 'retry-after': '1', 'x-ratelimit-scope': 'user' } : {};
    const fallbackBody =
      status === 429 ? discordErrors.rateLimited : status >= 500 ? discordErrors.serverError : undefined;
    return { status, body: body ?? fallbackBody, headers: { ...defaults, ...headers } };
  }

  /**
   * Discord's global limit applies per bot token, so requests without Authorization (interaction callbacks and
   * interaction webhooks) are exempt. The window starts at the first request after the previous one ended, the
   * same way @discordjs/rest paces itself; a 25 ms allowance absorbs localhost latency jitter between the two clocks.
   */
  private globalLimit(record: RecordedRequest): Reply | undefined {
    const limit = this.options.globalRateLimit;
    if (!limit || record.headers.authorization === undefined) return undefined;
    const now = Date.now();
    if (now >= this.globalWindow.start + 1000 - 25) this.globalWindow = { start: now, count: 0 };
    this.globalWindow.count++;
    if (this.globalWindow.count <= limit) return undefined;
    this.rateLimited++;
    const retryAfter = Math.max(0.001, (this.globalWindow.start + 1000 - now) / 1000);
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true, code: 0 },
      headers: {
        'retry-after': String(Math.ceil(retryAfter)),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      },
    };
  }

  private matchRoute(record: RecordedRequest): { route: Route; params: Record<string, string> } | undefined {
    const parts = record.path.split('/').filter((p) => p.length > 0);
    for (const route of this.routes) {
      if (route.method !== record.method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = part;
          return true;
        }
        return segment === part;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }

  private async route(
    record: RecordedRequest,
    match: { route: Route; params: Record<string, string> } | undefined,
  ): Promise<Reply> {
    if (!match) return { status: 404, body: discordErrors.notFound };
    if (match.route.auth && record.headers.authorization !== `Bot ${this.token}`) {
      return { status: 401, body: discordErrors.unauthorized };
    }
    const limited = this.routeLimit(match.route, match.params);
    if (limited.reply) return limited.reply;
    const reply = await match.route.handler({ req: record, params: match.params });
    return { ...reply, headers: { ...limited.headers, ...reply.headers } };
  }

  /** Per-route buckets keyed like Discord's (route + major parameter), advertised in X-RateLimit-* headers. */
  private routeLimit(
    route: Route,
    params: Record<string, string>,
  ): { reply?: Reply; headers: Record<string, string> } {
    const { limit, resetAfterMs } = this.options.routeRateLimit ?? { limit: 50, resetAfterMs: 1000 };
    // Like Discord, each interaction's callback is its own bucket: a busy server never delays another's answer.
    const major =
      params.channel ??
      params.guild ??
      params.interaction ??
      (params.webhook ? `${params.webhook}/${params.token ?? ''}` : 'global');
    const key = `${route.method} ${route.template} ${major}`;
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      const hash =
        bucket?.hash ??
        createHash('sha1').update(`${route.method} ${route.template}`).digest('hex').slice(0, 32);
      bucket = { hash, remaining: limit, resetAt: now + resetAfterMs };
      this.buckets.set(key, bucket);
    }
    const resetAfter = Math.max(0, bucket.resetAt - now) / 1000;
    const headers = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, bucket.remaining - 1)),
      'x-ratelimit-reset': String(bucket.resetAt / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket.hash,
    };
    if (bucket.remaining <= 0) {
      this.rateLimited++;
      return {
        headers,
        reply: {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false, code: 0 },
          headers: {
            ...headers,
            'x-ratelimit-remaining': '0',
            'retry-after': String(Math.ceil(resetAfter)),
            'x-ratelimit-scope': 'user',
          },
        },
      };
    }
    bucket.remaining--;
    return { headers };
  }

  private send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    const headers: Record<string, string> = { via: '1.1 google', ...reply.headers };
    // Answers that never reached a bucket (404s, 401s, injected failures) still carry the headers discord.js reads.
    if (headers['x-ratelimit-bucket'] === undefined && headers['x-ratelimit-global'] === undefined) {
      const limit = this.options.routeRateLimit?.limit ?? 50;
      Object.assign(headers, {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(limit - 1),
        'x-ratelimit-reset-after': ((this.options.routeRateLimit?.resetAfterMs ?? 1000) / 1000).toFixed(3),
        'x-ratelimit-bucket': createHash('sha1')
          .update(`${record.method} ${record.route ?? record.path}`)
          .digest('hex')
          .slice(0, 32),
        ...reply.headers,
      });
    }
    let payload: string | undefined;
    if (reply.status !== 204 && reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
    this.changed();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: REST routes

  private on(method: string, template: string, handler: Route['handler'], auth = true): void {
    this.routes.push({
      method,
      template,
      segments: template.split('/').filter((s) => s.length > 0),
      auth,
      handler,
    });
  }

  private defineRoutes(): void {
    const json = (body: unknown, status = 200): Reply => ({ status, body });
    const noContent: Reply = { status: 204 };
    const error = (status: number, body: Json): Reply => ({ status, body });
    const param = (ctx: RouteContext, name: string): string => {
      const value = ctx.params[name];
      if (value === undefined) throw new Error(`route parameter ${name} missing`);
      return value;
    };

    // --- Gateway and identity
    this.on('GET', '/gateway', () => json({ url: this.gatewayUrl }), false);
    this.on('GET', '/gateway/bot', () =>
      json({
        url: this.gatewayUrl,
        shards: this.options.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: this.sessionStartsRemaining,
          reset_after: 14_400_000,
          max_concurrency: this.options.maxConcurrency ?? 16,
        },
      }),
    );
    this.on('GET', '/users/@me', () =>
      json({ ...apiUser(this.botUser), verified: true, mfa_enabled: false, locale: 'en-US' }),
    );
    const application = () => ({
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: 'A Discord bot for Purple Hearts 2 fan servers.',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: createHash('sha256').update(this.applicationId).digest('hex'),
      flags: 0,
      owner: apiUser(defaultUsers.owner),
      team: null,
      bot: apiUser(this.botUser),
      approximate_guild_count: this.guilds.size,
      integration_types_config: { '0': {} },
      install_params: { scopes: ['bot', 'applications.commands'], permissions: BOT_PERMISSIONS },
    });
    this.on('GET', '/applications/@me', () => json(application()));
    this.on('GET', '/oauth2/applications/@me', () => json(application()));
    this.on('GET', '/users/:user', (ctx) => {
      const id = param(ctx, 'user');
      if (id === this.botUser.id) return json(apiUser(this.botUser));
      for (const guild of this.guilds.values()) {
        const member = guild.members?.find((m) => m.user.id === id);
        if (member) return json(apiUser(member.user));
      }
      const known = Object.values(defaultUsers).find((u) => u.id === id);
      return known ? json(apiUser(known)) : error(404, discordErrors.unknownUser);
    });
    this.on('POST', '/users/@me/channels', (ctx) => {
      const recipient = String((ctx.req.body as Json)?.recipient_id ?? '');
      let user: FakeUser | undefined = Object.values(defaultUsers).find((u) => u.id === recipient);
      for (const guild of this.guilds.values())
        user ??= guild.members?.find((m) => m.user.id === recipient)?.user;
      user ??= this.knownUsers.get(recipient);
      if (!user)
        return error(400, {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            recipient_id: {
              _errors: [{ code: 'NUMBER_TYPE_COERCE', message: `Value "${recipient}" is not snowflake.` }],
            },
          },
        });
      return json(clone(this.dmChannelFor(user)));
    });

    // --- Application commands (global and guild)
    const commandStore = (ctx: RouteContext): Json[] | Reply => {
      if (param(ctx, 'app') !== this.applicationId) return error(403, discordErrors.missingAccess);
      const guildId = ctx.params.guild;
      if (guildId === undefined) return this.globalCommands;
      // No applications.commands access to guilds the bot is not in.
      if (!this.guilds.has(guildId)) return error(403, discordErrors.missingAccess);
      let list = this.guildCommands.get(guildId);
      if (!list) {
        list = [];
        this.guildCommands.set(guildId, list);
      }
      return list;
    };
    const toCommand = (body: Json, guildId: string | undefined, previous?: Json): Json => {
      const command: Json = {
        id: previous?.id ?? snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        default_member_permissions: body.default_member_permissions ?? null,
        type: body.type ?? 1,
        name: body.name,
        name_localizations: body.name_localizations ?? null,
        description: body.description ?? '',
        description_localizations: body.description_localizations ?? null,
        contexts: body.contexts ?? null,
        integration_types: body.integration_types ?? [0],
        nsfw: body.nsfw ?? false,
      };
      if (guildId === undefined) command.dm_permission = body.dm_permission ?? true;
      else command.guild_id = guildId;
      if (Array.isArray(body.options) && body.options.length > 0) command.options = body.options;
      if (body.handler !== undefined) command.handler = body.handler;
      return command;
    };
    for (const base of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
      this.on('GET', base, (ctx) => {
        const store = commandStore(ctx);
        return Array.isArray(store) ? json(clone(store)) : store;
      });
      this.on('PUT', base, (ctx) => {
        const store = commandStore(ctx);
        if (!Array.isArray(store)) return store;
        const invalid = validateCommandList(ctx.req.body);
        if (invalid) return error(400, invalid);
        // Bulk overwrite keeps the id of a command with the same name and type, as Discord does.
        const next = (ctx.req.body as Json[]).map((body) =>
          toCommand(
            body,
            ctx.params.guild,
            store.find((c) => c.name === body.name && c.type === (body.type ?? 1)),
          ),
        );
        store.splice(0, store.length, ...next);
        this.changed();
        return json(clone(next));
      });
      this.on('POST', base, (ctx) => {
        const store = commandStore(ctx);
        if (!Array.isArray(store)) return store;
        const body = ctx.req.body as Json;
        const invalid = validateCommand(body);
        if (invalid) return error(400, invalid);
        // POST with an existing name is an upsert (201 for new, 200 for an update).
        const index = store.findIndex((c) => c.name === body.name && c.type === (body.type ?? 1));
        const command = toCommand(body, ctx.params.guild, index >= 0 ? store[index] : undefined);
        if (index >= 0) store[index] = command;
        else store.push(command);
        this.changed();
        return json(clone(command), index >= 0 ? 200 : 201);
      });
      this.on('GET', `${base}/:command`, (ctx) => {
        const store = commandStore(ctx);
        if (!Array.isArray(store)) return store;
        const found = store.find((c) => c.id === param(ctx, 'command'));
        return found ? json(clone(found)) : error(404, discordErrors.unknownCommand);
      });
      this.on('PATCH', `${base}/:command`, (ctx) => {
        const store = commandStore(ctx);
        if (!Array.isArray(store)) return store;
        const index = store.findIndex((c) => c.id === param(ctx, 'command'));
        const current = store[index];
        if (!current) return error(404, discordErrors.unknownCommand);
        const merged = { ...current, ...(ctx.req.body as Json) };
        const invalid = validateCommand(merged);
        if (invalid) return error(400, invalid);
        const command = toCommand(merged, ctx.params.guild, current);
        store[index] = command;
        this.changed();
        return json(clone(command));
      });
      this.on('DELETE', `${base}/:command`, (ctx) => {
        const store = commandStore(ctx);
        if (!Array.isArray(store)) return store;
        const index = store.findIndex((c) => c.id === param(ctx, 'command'));
        if (index < 0) return error(404, discordErrors.unknownCommand);
        store.splice(index, 1);
        this.changed();
        return noContent;
      });
    }

    // --- Interaction callback
    this.on(
      'POST',
      '/interactions/:interaction/:token/callback',
      (ctx) => this.handleCallback(ctx.req, param(ctx, 'interaction'), param(ctx, 'token')),
      false,
    );

    // --- Interaction webhooks
    const webhookRecord = (ctx: RouteContext): InteractionRecord | Reply => {
      const token = param(ctx, 'token');
      const record = [...this.interactions.values()].find((r) => r.token === token);
      if (param(ctx, 'webhook') !== this.applicationId || !record)
        return error(404, discordErrors.unknownWebhook);
      const lifetime = this.options.interactionTokenLifetimeMs ?? 15 * 60_000;
      if (Date.now() - record.createdAt > lifetime)
        return error(401, { message: 'Invalid Webhook Token', code: 50027 });
      return record;
    };
    const webhookMessage = (ctx: RouteContext, record: InteractionRecord): Json => {
      const messageId = param(ctx, 'message');
      const id =
        messageId === '@original' ? (record.originalDeleted ? undefined : record.originalId) : messageId;
      const isOurs = id !== undefined && (id === record.originalId || record.followUpIds.includes(id));
      return isOurs ? this.messages.get(id) : undefined;
    };
    this.on(
      'POST',
      '/webhooks/:webhook/:token',
      (ctx) => {
        const record = webhookRecord(ctx);
        if (!('token' in record)) return record;
        if (record.callbacks.length === 0) return error(404, discordErrors.unknownWebhook);
        const body = (ctx.req.body ?? {}) as Json;
        const invalid = validateMessageBody(body, { isEdit: false, fileCount: ctx.req.files.length });
        if (invalid) return error(400, invalid);
        const original = record.originalId === undefined ? undefined : this.messages.get(record.originalId);
        let message: Json;
        if (
          original &&
          (Number(original.flags) & MESSAGE_FLAG_LOADING) !== 0 &&
          record.followUpIds.length === 0
        ) {
          // Discord quirk: the first follow-up after a deferred reply replaces the "thinking…" message, keeping
          // its id and its ephemeral state.
          message = this.editMessage(original, { ...body, flags: undefined }, ctx.req.files);
        } else {
          const payload = record.payload;
          message = this.createMessage(body, ctx.req.files, {
            channelId: String(payload.channel?.id ?? payload.channel_id),
            guildId: payload.guild_id,
            origin: 'followup',
            interaction: record,
          });
        }
        record.followUpIds.push(message.id);
        this.changed();
        // wait=false (the default for raw webhooks) gets 204; discord.js always asks for wait=true.
        return ctx.req.query.get('wait') === 'false' ? noContent : json(clone(message));
      },
      false,
    );
    this.on(
      'GET',
      '/webhooks/:webhook/:token/messages/:message',
      (ctx) => {
        const record = webhookRecord(ctx);
        if (!('token' in record)) return record;
        const message = webhookMessage(ctx, record);
        return message ? json(clone(message)) : error(404, discordErrors.unknownMessage);
      },
      false,
    );
    this.on(
      'PATCH',
      '/webhooks/:webhook/:token/messages/:message',
      (ctx) => {
        const record = webhookRecord(ctx);
        if (!('token' in record)) return record;
        const message = webhookMessage(ctx, record);
        if (!message) return error(404, discordErrors.unknownMessage);
        const body = (ctx.req.body ?? {}) as Json;
        const invalid = validateMessageBody(body, { isEdit: true, fileCount: ctx.req.files.length });
        if (invalid) return error(400, invalid);
        this.editMessage(message, body, ctx.req.files);
        if (message.id === record.originalId) record.edits.push(clone(message));
        this.changed();
        return json(clone(message));
      },
      false,
    );
    this.on(
      'DELETE',
      '/webhooks/:webhook/:token/messages/:message',
      (ctx) => {
        const record = webhookRecord(ctx);
        if (!('token' in record)) return record;
        const message = webhookMessage(ctx, record);
        if (!message) return error(404, discordErrors.unknownMessage);
        this.deleteMessage(message);
        if (message.id === record.originalId) record.originalDeleted = true;
        this.changed();
        return noContent;
      },
      false,
    );

    // --- Channels and messages
    const channelOr404 = (ctx: RouteContext) => this.findChannel(param(ctx, 'channel'));
    this.on('GET', '/channels/:channel', (ctx) => {
      const found = channelOr404(ctx);
      if (!found) return error(404, discordErrors.unknownChannel);
      return json(
        'dm' in found ? clone(found.dm) : { ...apiChannel(found.channel), guild_id: found.guild.id },
      );
    });
    this.on('POST', '/channels/:channel/messages', (ctx) => {
      const found = channelOr404(ctx);
      if (!found) return error(404, discordErrors.unknownChannel);
      const body = (ctx.req.body ?? {}) as Json;
      if ('dm' in found) {
        // A user who closed their DMs to the bot (or blocked it): Discord answers 403, code 50007.
        const recipient = (found.dm.recipients as Json[] | undefined)?.[0]?.id;
        if (typeof recipient === 'string' && this.closedDms.has(recipient))
          return error(403, discordErrors.cannotSendToUser);
      }
      if ('channel' in found) {
        if (found.channel.type === ChannelTypes.GuildCategory) {
          return error(400, { code: 50008, message: 'Cannot send messages in a non-text channel' });
        }
        const perms = this.permissionsIn(found.guild, this.botUser.id, found.channel);
        if (!hasBit(perms, PermissionBits.ViewChannel)) return error(403, discordErrors.missingAccess);
        if (!hasBit(perms, PermissionBits.SendMessages)) return error(403, discordErrors.missingPermissions);
        if (ctx.req.files.length > 0 && !hasBit(perms, PermissionBits.AttachFiles))
          return error(403, discordErrors.missingPermissions);
      }
      const invalid = validateMessageBody(body, { isEdit: false, fileCount: ctx.req.files.length });
      if (invalid) return error(400, invalid);
      const reference = body.message_reference;
      if (
        reference &&
        reference.fail_if_not_exists !== false &&
        !this.messages.has(String(reference.message_id))
      ) {
        return error(400, {
          code: 50035,
          message: 'Invalid Form Body',
          errors: {
            message_reference: {
              _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
            },
          },
        });
      }
      // As Discord does: with enforce_nonce, a repeated nonce from the same author within a few minutes returns
      // the message already created instead of creating another.
      const nonceKey =
        body.enforce_nonce === true && body.nonce !== undefined
          ? `${param(ctx, 'channel')}:${String(body.nonce)}`
          : undefined;
      const earlier = nonceKey === undefined ? undefined : this.nonces.get(nonceKey);
      if (
        earlier !== undefined &&
        Date.now() - earlier.at < NONCE_WINDOW_MS &&
        this.messages.has(earlier.id)
      ) {
        return json(clone(this.messages.get(earlier.id)));
      }
      const message = this.createMessage(body, ctx.req.files, {
        channelId: param(ctx, 'channel'),
        guildId: 'guild' in found ? found.guild.id : undefined,
        origin: 'channel',
      });
      if (nonceKey !== undefined) this.nonces.set(nonceKey, { id: message.id, at: Date.now() });
      this.changed();
      return json(clone(message));
    });
    this.on('GET', '/channels/:channel/messages', (ctx) => {
      if (!channelOr404(ctx)) return error(404, discordErrors.unknownChannel);
      const limit = Math.min(100, Math.max(1, Number(ctx.req.query.get('limit') ?? 50)));
      return json(this.allChannelMessages(param(ctx, 'channel')).reverse().slice(0, limit));
    });
    const channelMessage = (ctx: RouteContext): Json => {
      const message = this.messages.get(param(ctx, 'message'));
      const visible =
        message &&
        message.channel_id === param(ctx, 'channel') &&
        (Number(message.flags) & MESSAGE_FLAG_EPHEMERAL) === 0;
      return visible ? message : undefined;
    };
    this.on('GET', '/channels/:channel/messages/:message', (ctx) => {
      if (!channelOr404(ctx)) return error(404, discordErrors.unknownChannel);
      const message = channelMessage(ctx);
      return message ? json(clone(message)) : error(404, discordErrors.unknownMessage);
    });
    this.on('PATCH', '/channels/:channel/messages/:message', (ctx) => {
      if (!channelOr404(ctx)) return error(404, discordErrors.unknownChannel);
      const message = channelMessage(ctx);
      if (!message) return error(404, discordErrors.unknownMessage);
      if (message.author?.id !== this.botUser.id) return error(403, discordErrors.cannotEditOthersMessage);
      const body = (ctx.req.body ?? {}) as Json;
      const invalid = validateMessageBody(body, { isEdit: true, fileCount: ctx.req.files.length });
      if (invalid) return error(400, invalid);
      this.editMessage(message, body, ctx.req.files);
      this.changed();
      return json(clone(message));
    });
    this.on('DELETE', '/channels/:channel/messages/:message', (ctx) => {
      if (!channelOr404(ctx)) return error(404, discordErrors.unknownChannel);
      const message = channelMessage(ctx);
      if (!message) return error(404, discordErrors.unknownMessage);
      this.deleteMessage(message);
      this.changed();
      return noContent;
    });
    this.on('POST', '/channels/:channel/messages/:message/crosspost', (ctx) => {
      const found = channelOr404(ctx);
      if (!found) return error(404, discordErrors.unknownChannel);
      if (!('channel' in found) || found.channel.type !== ChannelTypes.GuildAnnouncement) {
        return error(400, { code: 50024, message: 'Cannot execute action on this channel type' });
      }
      const message = channelMessage(ctx);
      if (!message) return error(404, discordErrors.unknownMessage);
      if ((Number(message.flags) & MESSAGE_FLAG_CROSSPOSTED) !== 0) {
        return error(400, { code: 40033, message: 'This message has already been crossposted.' });
      }
      message.flags = Number(message.flags) | MESSAGE_FLAG_CROSSPOSTED;
      this.changed();
      return json(clone(message));
    });
    for (const method of ['PUT', 'DELETE']) {
      this.on(method, '/channels/:channel/messages/:message/reactions/:emoji/@me', (ctx) => {
        if (!channelOr404(ctx)) return error(404, discordErrors.unknownChannel);
        return channelMessage(ctx) ? noContent : error(404, discordErrors.unknownMessage);
      });
    }
    this.on('POST', '/channels/:channel/typing', (ctx) =>
      channelOr404(ctx) ? noContent : error(404, discordErrors.unknownChannel),
    );

    // --- Guilds
    const guildOr404 = (ctx: RouteContext): FakeGuild | Reply =>
      this.guilds.get(param(ctx, 'guild')) ?? error(404, discordErrors.unknownGuild);
    this.on('GET', '/guilds/:guild', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const withCounts = ctx.req.query.get('with_counts') === 'true';
      const count = (guild.members?.length ?? 0) + 1;
      return json({
        ...apiGuild(guild),
        ...(withCounts ? { approximate_member_count: count, approximate_presence_count: 1 } : {}),
      });
    });
    this.on('GET', '/guilds/:guild/channels', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      return json(guild.channels.map((c) => ({ ...apiChannel(c), guild_id: guild.id })));
    });
    this.on('GET', '/guilds/:guild/roles', (ctx) => {
      const guild = guildOr404(ctx);
      return 'status' in guild ? guild : json(guild.roles.map(apiRole));
    });
    this.on('GET', '/guilds/:guild/members/:user', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const member = this.memberOf(guild, param(ctx, 'user'));
      return member ? json(apiMember(member)) : error(404, discordErrors.unknownMember);
    });
    this.on('GET', '/guilds/:guild/members', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const limit = Math.min(1000, Math.max(1, Number(ctx.req.query.get('limit') ?? 1)));
      const after = BigInt(ctx.req.query.get('after') ?? '0');
      const all = [this.botMember(guild), ...(guild.members ?? [])]
        .filter((m) => BigInt(m.user.id) > after)
        .sort((a, b) => (BigInt(a.user.id) < BigInt(b.user.id) ? -1 : 1));
      return json(all.slice(0, limit).map(apiMember));
    });

    // --- Guild scheduled events
    const eventsOf = (guildId: string): Json[] => {
      let list = this.scheduledEvents.get(guildId);
      if (!list) {
        list = [];
        this.scheduledEvents.set(guildId, list);
      }
      return list;
    };
    this.on('GET', '/guilds/:guild/scheduled-events', (ctx) => {
      const guild = guildOr404(ctx);
      return 'status' in guild ? guild : json(clone(eventsOf(guild.id)));
    });
    this.on('POST', '/guilds/:guild/scheduled-events', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const perms = this.permissionsIn(guild, this.botUser.id);
      if (!hasBit(perms, PermissionBits.CreateEvents) && !hasBit(perms, PermissionBits.ManageEvents)) {
        return error(403, discordErrors.missingPermissions);
      }
      const body = (ctx.req.body ?? {}) as Json;
      const invalid = this.validateEvent(guild, body, undefined);
      if (invalid) return error(400, invalid);
      const event = {
        id: snowflake(),
        guild_id: guild.id,
        channel_id: body.entity_type === 3 ? null : (body.channel_id ?? null),
        creator_id: this.botUser.id,
        creator: apiUser(this.botUser),
        name: body.name,
        description: body.description ?? null,
        scheduled_start_time: new Date(body.scheduled_start_time).toISOString(),
        scheduled_end_time: body.scheduled_end_time ? new Date(body.scheduled_end_time).toISOString() : null,
        privacy_level: body.privacy_level,
        status: 1,
        entity_type: body.entity_type,
        entity_id: null,
        entity_metadata: body.entity_type === 3 ? { location: body.entity_metadata?.location } : null,
        user_count: 0,
        image: body.image ? createHash('md5').update(String(body.image)).digest('hex') : null,
        recurrence_rule: body.recurrence_rule ?? null,
        auto_start: false,
      };
      eventsOf(guild.id).push(event);
      this.announceEvent('GUILD_SCHEDULED_EVENT_CREATE', event);
      this.changed();
      return json(clone(event));
    });
    this.on('GET', '/guilds/:guild/scheduled-events/:event', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const event = eventsOf(guild.id).find((e) => e.id === param(ctx, 'event'));
      return event ? json(clone(event)) : error(404, discordErrors.unknownEvent);
    });
    this.on('PATCH', '/guilds/:guild/scheduled-events/:event', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const event = eventsOf(guild.id).find((e) => e.id === param(ctx, 'event'));
      if (!event) return error(404, discordErrors.unknownEvent);
      const body = (ctx.req.body ?? {}) as Json;
      const invalid = this.validateEvent(guild, { ...event, ...body }, event);
      if (invalid) return error(400, invalid);
      Object.assign(event, body);
      for (const key of ['scheduled_start_time', 'scheduled_end_time'] as const) {
        if (event[key]) event[key] = new Date(event[key]).toISOString();
      }
      this.announceEvent('GUILD_SCHEDULED_EVENT_UPDATE', event);
      this.changed();
      return json(clone(event));
    });
    this.on('DELETE', '/guilds/:guild/scheduled-events/:event', (ctx) => {
      const guild = guildOr404(ctx);
      if ('status' in guild) return guild;
      const list = eventsOf(guild.id);
      const index = list.findIndex((e) => e.id === param(ctx, 'event'));
      const [removed] = index >= 0 ? list.splice(index, 1) : [];
      if (!removed) return error(404, discordErrors.unknownEvent);
      this.announceEvent('GUILD_SCHEDULED_EVENT_DELETE', removed);
      this.changed();
      return noContent;
    });
  }

  private deleteMessage(message: Json): void {
    this.messages.delete(message.id);
    if ((Number(message.flags) & MESSAGE_FLAG_EPHEMERAL) !== 0) return;
    const guildId: string | undefined = message.guild_id;
    const intent = guildId ? IntentBits.GuildMessages : IntentBits.DirectMessages;
    for (const session of this.sessions.values()) {
      if ((session.intents & intent) !== 0 && this.ownsGuild(session, guildId ?? null)) {
        this.dispatch(session, 'MESSAGE_DELETE', {
          id: message.id,
          channel_id: message.channel_id,
          ...(guildId ? { guild_id: guildId } : {}),
        });
      }
    }
  }

  private announceEvent(t: string, event: Json): void {
    for (const session of this.sessions.values()) {
      if (
        (session.intents & IntentBits.GuildScheduledEvents) !== 0 &&
        this.ownsGuild(session, event.guild_id)
      ) {
        this.dispatch(session, t, clone(event));
      }
    }
  }

  /** The checks Discord makes on scheduled events (the ones a countdown/premiere event would trip over). */
  private validateEvent(guild: FakeGuild, body: Json, existing: Json): DiscordErrorBody | null {
    const errors: Json = {};
    const add = (field: string, code: string, message: string) => {
      (errors[field] ??= { _errors: [] })._errors.push({ code, message });
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
    } else if (
      start < Date.now() &&
      (!existing || existing.scheduled_start_time !== body.scheduled_start_time)
    ) {
      add(
        'scheduled_start_time',
        'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
        'Cannot schedule event in the past.',
      );
    }
    const end = body.scheduled_end_time ? Date.parse(String(body.scheduled_end_time)) : undefined;
    if (end !== undefined && !Number.isNaN(start) && end <= start) {
      add(
        'scheduled_end_time',
        'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
        'Cannot schedule event to end before starting.',
      );
    }
    if (![1, 2, 3].includes(body.entity_type)) {
      add('entity_type', 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
    } else if (body.entity_type === 3) {
      const location = body.entity_metadata?.location;
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
      const wanted = body.entity_type === 1 ? ChannelTypes.GuildStageVoice : ChannelTypes.GuildVoice;
      const channel = guild.channels.find((c) => c.id === body.channel_id);
      if (!channel || channel.type !== wanted)
        add('channel_id', 'GUILD_SCHEDULED_EVENT_INVALID_CHANNEL', 'Invalid channel.');
    }
    return Object.keys(errors).length === 0 ? null : { code: 50035, message: 'Invalid Form Body', errors };
  }

  private handleCallback(req: RecordedRequest, interactionId: string, token: string): Reply {
    const record = this.interactions.get(interactionId);
    if (!record || record.token !== token || record.expired)
      return { status: 404, body: discordErrors.unknownInteraction };
    if (record.callbacks.length > 0) return { status: 400, body: discordErrors.alreadyAcknowledged };
    const body = (req.body ?? {}) as Json;
    const type = Number(body.type);
    const data: Json = body.data;
    const payload = record.payload;
    const fromMessage = payload.message !== undefined;
    const allowed: Record<number, number[]> = {
      2: [4, 5, 9, 12],
      3: [4, 5, 6, 7, 9, 12],
      4: [8],
      5: fromMessage ? [4, 5, 6, 7] : [4, 5],
    };
    const refuse = (error: DiscordErrorBody): Reply => {
      record.rejected.push({ body, error });
      this.changed();
      return { status: 400, body: error };
    };
    if (!(allowed[Number(payload.type)] ?? []).includes(type)) {
      return refuse({
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          type: {
            _errors: [
              {
                code: 'INTERACTION_RESPONSE_TYPE_INVALID',
                message: `Interaction response type ${type} is not valid for interaction type ${payload.type}`,
              },
            ],
          },
        },
      });
    }
    const messageError =
      type === 4 || type === 7
        ? validateMessageBody(data ?? {}, { isEdit: type === 7, fileCount: req.files.length })
        : null;
    const invalid = messageError
      ? // Callback bodies nest the message under `data`, and so do Discord's error paths.
        { ...messageError, ...(messageError.errors ? { errors: { data: messageError.errors } } : {}) }
      : type === 8
        ? validateAutocomplete(data)
        : type === 9
          ? validateModal(data)
          : null;
    if (invalid) return refuse(invalid);

    record.callbacks.push(data === undefined ? { type } : { type, data });
    clearTimeout(record.deadline);
    const channelId = String(payload.channel?.id ?? payload.channel_id);
    const guildId: string | undefined = payload.guild_id ?? undefined;
    let message: Json;
    if (type === 4) {
      message = this.createMessage(data ?? {}, req.files, {
        channelId,
        guildId,
        origin: 'interaction',
        interaction: record,
      });
    } else if (type === 5) {
      const ephemeral = Number(data?.flags ?? 0) & MESSAGE_FLAG_EPHEMERAL;
      message = this.createMessage({}, [], {
        channelId,
        guildId,
        origin: 'interaction',
        interaction: record,
        extraFlags: MESSAGE_FLAG_LOADING | ephemeral,
      });
    } else if (type === 6 || type === 7) {
      message = this.messages.get(String(payload.message?.id));
      if (message && type === 7) this.editMessage(message, data ?? {}, req.files);
    } else if (type === 9 && typeof data?.custom_id === 'string') {
      this.modalsShown.set(data.custom_id, clone(data));
    }
    if (message) record.originalId = message.id;
    this.changed();

    if (req.query.get('with_response') !== 'true') return { status: 204 };
    const response: Json = {
      interaction: {
        id: record.id,
        type: payload.type,
        response_message_id: message?.id,
        response_message_loading: type === 5,
        response_message_ephemeral: message ? (Number(message.flags) & MESSAGE_FLAG_EPHEMERAL) !== 0 : false,
      },
    };
    if (message && type !== 6) response.resource = { type, message: clone(message) };
    return { status: 200, body: response };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals: gateway

  private ownsGuild(session: Session, guildId: string | null): boolean {
    if (!session.shard) return true;
    const [id, count] = session.shard;
    if (guildId === null) return id === 0; // DMs go to shard 0, as on Discord.
    return (BigInt(guildId) >> 22n) % BigInt(count) === BigInt(id);
  }

  /** The newest live session that owns the guild, else the newest resumable one (its events get replayed). */
  private sessionFor(guildId: string | null): Session | undefined {
    const owners = [...this.sessions.values()]
      .filter((s) => this.ownsGuild(s, guildId))
      .sort((a, b) => b.identifiedAt - a.identifiedAt);
    return owners.find((s) => s.socket?.readyState === WebSocket.OPEN) ?? owners[0];
  }

  private sendOp(socket: WebSocket, op: number, d: Json): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ op, d, s: null, t: null }));
  }

  private dispatch(session: Session, t: string, d: Json): void {
    session.seq++;
    const frame = { op: 0, t, s: session.seq, d };
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(frame));
    else if (session.missed.length < 1000) session.missed.push(frame);
  }

  private guildCreate(guild: FakeGuild, session: Session): Json {
    // Without GUILD_MEMBERS Discord only sends the bot's own member in GUILD_CREATE.
    const members = (session.intents & IntentBits.GuildMembers) !== 0 ? (guild.members ?? []) : [];
    const payload = guildCreatePayload(guild, this.botMember(guild), members);
    payload.guild_scheduled_events = clone(this.scheduledEvents.get(guild.id) ?? []);
    return payload;
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    this.sendOp(socket, 10, {
      heartbeat_interval: this.options.heartbeatInterval ?? 41250,
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    socket.on('message', (data: RawData) => this.onFrame(socket, data));
    socket.on('close', (code: number) => {
      this.sockets.delete(socket);
      const session = this.socketSessions.get(socket);
      this.socketSessions.delete(socket);
      if (session && session.socket === socket) {
        session.socket = null;
        // A client closing with 1000/1001 ends its session for good; anything else stays resumable.
        if (CLIENT_NORMAL_CLOSES.has(code)) this.sessions.delete(session.id);
      }
      this.changed();
    });
    socket.on('error', () => undefined);
  }

  private onFrame(socket: WebSocket, data: RawData): void {
    let frame: Json;
    try {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString()
        : Buffer.isBuffer(data)
          ? data.toString()
          : Buffer.from(new Uint8Array(data)).toString();
      frame = JSON.parse(text);
    } catch {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const session = this.socketSessions.get(socket);
    switch (frame?.op) {
      case 1:
        if (this.ackHeartbeats) this.sendOp(socket, 11, null);
        return;
      case 2:
        this.onIdentify(socket, frame.d ?? {});
        return;
      case 6:
        this.onResume(socket, frame.d ?? {});
        return;
      case 3:
      case 4:
        if (!session) socket.close(4003, 'Not authenticated.');
        return;
      case 8:
        if (!session) socket.close(4003, 'Not authenticated.');
        else this.onRequestMembers(session, frame.d ?? {});
        return;
      default:
        socket.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(socket: WebSocket, d: Json): void {
    const shard: [number, number] | undefined =
      Array.isArray(d.shard) && d.shard.length === 2 ? [Number(d.shard[0]), Number(d.shard[1])] : undefined;
    this.identifies.push({ token: String(d.token), intents: Number(d.intents), ...(shard ? { shard } : {}) });
    this.changed();
    const intents = Number(d.intents);
    const privileged =
      intents & (IntentBits.GuildMembers | IntentBits.GuildPresences | IntentBits.MessageContent);
    const refusal: [number, string] | undefined = this.socketSessions.has(socket)
      ? [4005, 'Already authenticated.']
      : d.token !== this.token
        ? [4004, 'Authentication failed.']
        : shard && (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
          ? [4010, 'Invalid shard.']
          : !Number.isInteger(intents) || intents < 0 || intents >= 1 << 26
            ? [4013, 'Invalid intent(s).']
            : (privileged & ~(this.options.privilegedIntents ?? privileged)) !== 0
              ? [4014, 'Disallowed intent(s).']
              : undefined;
    if (refusal) {
      socket.close(...refusal);
      return;
    }

    this.sessionStartsRemaining = Math.max(0, this.sessionStartsRemaining - 1);
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      token: this.token,
      intents,
      shard,
      seq: 0,
      socket,
      missed: [],
      identifiedAt: performance.now(),
    };
    this.sessions.set(session.id, session);
    this.socketSessions.set(socket, session);
    const guilds = [...this.guilds.values()].filter((g) => this.ownsGuild(session, g.id));
    this.dispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...apiUser(this.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['us-east', 'us-central'],
      auth_session_id_hash: createHash('sha256').update(session.id).digest('base64'),
      ...(shard ? { shard } : {}),
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    // Each GUILD_CREATE goes out in its own turn, as separate frames, the way Discord streams them after READY.
    const pending = guilds.filter((g) => !g.unavailable);
    const next = () => {
      if (this.closed || session.socket !== socket) return;
      const guild = pending.shift();
      if (guild) {
        if (this.guilds.has(guild.id))
          this.dispatch(session, 'GUILD_CREATE', this.guildCreate(guild, session));
        setImmediate(next);
      } else {
        this.readyCount++;
        this.changed();
      }
    };
    setImmediate(next);
  }

  private onResume(socket: WebSocket, d: Json): void {
    const session = this.sessions.get(String(d.session_id));
    if (!session || d.token !== session.token) {
      this.sendOp(socket, 9, false);
      return;
    }
    if (Number(d.seq) > session.seq) {
      socket.close(4007, 'Invalid seq.');
      return;
    }
    if (session.socket && session.socket !== socket) {
      this.socketSessions.delete(session.socket);
      session.socket.close(4009, 'Session timed out.');
    }
    session.socket = socket;
    this.socketSessions.set(socket, session);
    // Replay what the client missed, then RESUMED, as Discord does.
    const missed = session.missed.splice(0).filter((frame) => frame.s > Number(d.seq));
    for (const frame of missed) socket.send(JSON.stringify(frame));
    this.dispatch(session, 'RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
    this.resumes++;
    this.changed();
  }

  private onRequestMembers(session: Session, d: Json): void {
    const guild = this.guilds.get(String(d.guild_id));
    if (!guild) return;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : undefined;
    const ids: string[] | undefined = Array.isArray(d.user_ids)
      ? d.user_ids.map(String)
      : typeof d.user_ids === 'string'
        ? [d.user_ids]
        : undefined;
    const limit = Number(d.limit ?? 0) || Number.POSITIVE_INFINITY;
    const members = [this.botMember(guild), ...(guild.members ?? [])]
      .filter((m) =>
        ids
          ? ids.includes(m.user.id)
          : query === undefined || m.user.username.toLowerCase().startsWith(query),
      )
      .slice(0, limit);
    this.dispatch(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.map(apiMember),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !members.some((m) => m.user.id === id)) : [],
      ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
    });
  }
}

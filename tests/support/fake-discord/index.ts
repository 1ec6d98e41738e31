/**
 * A fake Discord for tests: REST (node:http) and gateway (`ws`) on one 127.0.0.1 port, spoken to by the REAL
 * discord.js client through `new Client({ rest: { api: fake.apiUrl } })`. Nothing in discord.js is mocked; the
 * fake answers the way Discord does (shapes, error codes, rate-limit headers, interaction acknowledgement rules),
 * and records every request so tests can assert on what the bot actually sent.
 *
 * This class only wires the parts together and is the one API tests use; each resource lives in its own module:
 * `gateway.ts`, `interactions.ts`, `messages.ts`, `webhooks.ts`, `commands.ts`, `guilds.ts`,
 * `scheduled-events.ts`, `users.ts`, `rest.ts` (HTTP, injected failures, held requests) and `rate-limits.ts`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIGuildScheduledEvent } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import { Commands } from './commands.js';
import type { FakeGuild, FakeUser } from './fixtures.js';
import { Gateway } from './gateway.js';
import { addGuildRoutes } from './guilds.js';
import { Interactions } from './interactions.js';
import { Messages, type StoredMessage } from './messages.js';
import { commandPath, type CommandOption } from './options.js';
import { RateLimits } from './rate-limits.js';
import { Rest } from './rest.js';
import { ScheduledEvents } from './scheduled-events.js';
import { FakeState, clone } from './state.js';
import type {
  AutocompleteOptions,
  ButtonOptions,
  ChatInputOptions,
  FailResponse,
  FakeDiscordOptions,
  HeldRequest,
  InteractionHandle,
  InteractionOptions,
  ModalSubmitOptions,
  RecordedRequest,
  SelectMenuOptions,
} from './types.js';
import { addUserRoutes } from './users.js';
import { addWebhookRoutes } from './webhooks.js';

export * from './fixtures.js';
export * from './options.js';
export * from './read.js';
export * from './types.js';
export { discordErrors, type DiscordErrorBody } from './validation.js';

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
  readonly requests: RecordedRequest[];
  readonly guilds: Map<string, FakeGuild>;
  /** Every IDENTIFY received (valid or not). */
  readonly identifies: Array<{ token: string; intents: number; shard?: [number, number] }>;

  private readonly state: FakeState;
  private readonly rest: Rest;
  private readonly limits: RateLimits;
  private readonly gateway: Gateway;
  private readonly messages: Messages;
  private readonly commandRegistry: Commands;
  private readonly events: ScheduledEvents;
  private readonly interactions: Interactions;

  private constructor(
    options: FakeDiscordOptions,
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    port: number,
  ) {
    const state = new FakeState(options, port);
    this.state = state;
    this.limits = new RateLimits(state);
    this.rest = new Rest(state, this.limits);
    this.gateway = new Gateway(state, (guild) => ({ guild_scheduled_events: this.events.list(guild.id) }));
    this.messages = new Messages(state, this.gateway);
    this.commandRegistry = new Commands(state);
    this.events = new ScheduledEvents(state, this.gateway);
    this.interactions = new Interactions(state, this.gateway, this.messages, this.commandRegistry);

    // Routes are matched in this order.
    const router = this.rest.router;
    this.gateway.addRoutes(router);
    addUserRoutes(router, state, this.messages);
    this.commandRegistry.addRoutes(router);
    this.interactions.addRoutes(router);
    addWebhookRoutes(router, state, this.interactions, this.messages);
    this.messages.addRoutes(router);
    addGuildRoutes(router, state);
    this.events.addRoutes(router);

    this.apiUrl = state.apiUrl;
    this.gatewayUrl = state.gatewayUrl;
    this.token = state.token;
    this.applicationId = state.applicationId;
    this.botUser = state.botUser;
    this.requests = state.requests;
    this.guilds = state.guilds;
    this.identifies = this.gateway.identifies;
    server.on('request', (req, res) => void this.rest.onHttp(req, res));
    wss.on('connection', (socket) => this.gateway.onSocket(socket));
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

  /** Successful RESUMEs. */
  get resumes(): number {
    return this.gateway.resumes;
  }

  /** 429 answers sent (global and per-route, not those injected with failNext). */
  get rateLimited(): number {
    return this.limits.limited;
  }

  /** Whether heartbeats get their op 11 ACK; false makes a zombied connection the client must notice. */
  get ackHeartbeats(): boolean {
    return this.gateway.ackHeartbeats;
  }

  set ackHeartbeats(value: boolean) {
    this.gateway.ackHeartbeats = value;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries for tests

  /** Global commands (no argument) or a guild's commands, as last stored. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.commandRegistry.list(guildId);
  }

  /** Requests that changed application commands (PUT/POST/PATCH/DELETE on .../commands). */
  commandWrites(): RecordedRequest[] {
    return this.commandRegistry.writes();
  }

  /** Messages the bot created with POST /channels/:id/messages in that channel, current state, oldest first. */
  channelMessages(channelId: string): StoredMessage[] {
    return this.messages.postedIn(channelId);
  }

  /** Every message that exists in a channel (bot posts and non-ephemeral interaction responses), oldest first. */
  allChannelMessages(channelId: string): StoredMessage[] {
    return this.messages.visibleIn(channelId);
  }

  /** Messages the bot sent to a user's DM channel (POST /channels/:dm/messages), oldest first. */
  directMessages(userId: string): StoredMessage[] {
    return this.messages.directMessages(userId);
  }

  /**
   * The id of the DM channel between the bot and a user, made now if there is none (as after the bot's first
   * POST /users/@me/channels for them): for benchmarks that start from channels the bot already knows.
   */
  dmChannelId(user: FakeUser): string {
    this.state.knownUsers.set(user.id, user);
    return this.messages.dmChannelFor(user).id;
  }

  /** Closes (or, with false, opens) a user's DMs to the bot: messages to them fail with 403 and code 50007. */
  setDmsClosed(userId: string, closed = true): void {
    this.messages.setDmsClosed(userId, closed);
  }

  /** A stored message by id (any origin), or undefined. */
  message(id: string): StoredMessage | undefined {
    return clone(this.messages.get(id));
  }

  /** Scheduled events of a guild, as created/edited through REST. */
  guildScheduledEvents(guildId: string): APIGuildScheduledEvent[] {
    return this.events.list(guildId);
  }

  /** Changes a scheduled event as a moderator does in the Discord app; returns it as stored now. */
  editScheduledEvent(
    guildId: string,
    eventId: string,
    changes: Partial<APIGuildScheduledEvent>,
  ): APIGuildScheduledEvent {
    return this.events.edit(guildId, eventId, changes);
  }

  /** Deletes a scheduled event as a moderator does in the Discord app (REST then answers 404, code 10070). */
  deleteScheduledEvent(guildId: string, eventId: string): void {
    this.events.delete(guildId, eventId);
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
    return this.state.waitUntil(
      () => this.requests.slice(from).find(pred),
      timeoutMs,
      () => `no matching request within ${timeoutMs} ms; saw: ${this.state.describeRequests(from)}`,
    );
  }

  /** Resolves once `count` IDENTIFYs (cumulative) got READY and all their GUILD_CREATEs. */
  waitForIdentify(timeoutMs = 5000, count = 1): Promise<void> {
    return this.state
      .waitUntil(
        () => (this.gateway.readyCount >= count ? true : undefined),
        timeoutMs,
        () =>
          `expected ${count} completed IDENTIFY within ${timeoutMs} ms, got ${this.gateway.readyCount} (identifies received: ${this.identifies.length})`,
      )
      .then(() => undefined);
  }

  /** Resolves once `count` RESUMEs (cumulative) succeeded. */
  waitForResume(timeoutMs = 5000, count = 1): Promise<void> {
    return this.state
      .waitUntil(
        () => (this.gateway.resumes >= count ? true : undefined),
        timeoutMs,
        () => `expected ${count} RESUME within ${timeoutMs} ms, got ${this.gateway.resumes}`,
      )
      .then(() => undefined);
  }

  /** Number of gateway sessions with an open socket. */
  connectedSessions(): number {
    return this.gateway.connectedSessions();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Controls

  /** Adds a guild (the bot "joins" it) and sends GUILD_CREATE to the sessions whose shard owns it. */
  addGuild(guild: FakeGuild): void {
    this.gateway.addGuild(guild);
  }

  /** Removes a guild (the bot was kicked) and sends GUILD_DELETE. */
  removeGuild(id: string): void {
    this.gateway.removeGuild(id);
  }

  /** Sends any dispatch event to the session(s) owning `guildId` (all sessions for undefined, shard 0 for null). */
  dispatchEvent(t: string, d: unknown, guildId?: string | null): void {
    this.gateway.broadcast(t, () => d, guildId === undefined ? {} : { guildId });
  }

  /** The next `times` requests matching `pred` get this answer instead of the normal one. */
  failNext(pred: (r: RecordedRequest) => boolean, response: FailResponse, times = 1): void {
    this.rest.failNext(pred, response, times);
  }

  /**
   * Holds requests matching `pred` until {@link releaseHeld}, to crash the bot in the middle of them. `processed`:
   * Discord acts on the request at once (the message exists) and only the answer waits, as when the bot dies before
   * reading it; otherwise nothing happens until release, and a request whose caller hung up meanwhile is dropped,
   * as one lost on the way.
   */
  holdRequests(pred: (r: RecordedRequest) => boolean, options: { processed: boolean }): void {
    this.rest.hold(pred, options.processed);
  }

  /** The requests being held now. */
  heldRequests(): HeldRequest[] {
    return this.rest.heldRequests();
  }

  /** Stops holding: held requests go on (or are dropped, see {@link holdRequests}), new ones are not held. */
  releaseHeld(): void {
    this.rest.releaseHeld();
  }

  /** Closes every gateway socket with `code`; sessions stay resumable (the client RESUMEs for most codes). */
  closeGateway(code: number, reason = 'closed by FakeDiscord'): void {
    this.gateway.closeAll(code, reason);
  }

  /**
   * Sends op 9 INVALID SESSION on every socket. Not resumable: the sessions are forgotten, so the client must
   * IDENTIFY again; resumable: the client may RESUME.
   */
  invalidateSessions(resumable: boolean): void {
    this.gateway.invalidateSessions(resumable);
  }

  /** Sends op 7 RECONNECT on every socket: the client closes and resumes. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Makes an interaction's token expire (as after 15 minutes): webhook calls get 401 Invalid Webhook Token. */
  expireInteractionToken(interactionId: string): void {
    this.interactions.expireToken(interactionId);
  }

  /** Closes sockets and servers; pending waits reject. */
  async close(): Promise<void> {
    if (this.state.closed) return;
    this.state.close();
    this.interactions.clearDeadlines();
    this.rest.releaseHeld();
    this.gateway.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    // undici keeps connections alive; without this server.close() would wait for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Interactions

  /** Dispatches a slash command; resolves on the bot's first accepted callback. */
  chatInput(opts: ChatInputOptions): Promise<InteractionHandle> {
    return this.interactions.chatInput(opts);
  }

  /**
   * Runs a slash command by its path as a user types it (`'config countdown'`, `'config questions add'`), the
   * options going to the last part; see {@link commandPath}.
   */
  command(
    path: string,
    options: CommandOption[] = [],
    opts: InteractionOptions = {},
  ): Promise<InteractionHandle> {
    return this.interactions.chatInput({ ...opts, ...commandPath(path, options) });
  }

  /** Dispatches an autocomplete request (exactly one option must be `focused: true`). */
  autocomplete(opts: AutocompleteOptions): Promise<InteractionHandle> {
    return this.interactions.autocomplete(opts);
  }

  /** Dispatches a button click on `message` (a message object, e.g. from channelMessages() or original()). */
  button(opts: ButtonOptions): Promise<InteractionHandle> {
    return this.interactions.button(opts);
  }

  /** Dispatches a select menu choice (component_type 3 string select by default). */
  selectMenu(opts: SelectMenuOptions): Promise<InteractionHandle> {
    return this.interactions.selectMenu(opts);
  }

  /**
   * Dispatches a modal submission. If the bot showed a modal with this custom id, the submission mirrors its
   * layout (action rows or labels) and unknown field ids throw; otherwise fields arrive as action rows.
   * A string is a text input value; an array is `values` (selects, checkbox groups, file uploads).
   */
  modalSubmit(opts: ModalSubmitOptions): Promise<InteractionHandle> {
    return this.interactions.modalSubmit(opts);
  }

  /** Sends a raw INTERACTION_CREATE payload (for fuzzing); `id` and `token` are filled in when missing. */
  dispatchInteraction(
    payload: Record<string, unknown>,
    opts: { timeoutMs?: number } = {},
  ): Promise<InteractionHandle> {
    return this.interactions.dispatchRaw(payload, opts);
  }
}

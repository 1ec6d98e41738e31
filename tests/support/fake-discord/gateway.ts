/**
 * The gateway: HELLO, IDENTIFY → READY and one GUILD_CREATE per guild, heartbeats, RESUME with replay of missed
 * events, member requests, and dispatches routed to the session whose shard owns the guild.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type RESTGetAPIGatewayBotResult,
} from 'discord-api-types/v10';
import { WebSocket, type RawData } from 'ws';
import { botMember } from './guilds.js';
import { IntentBits, apiMember, apiUser, guildCreatePayload, type FakeGuild } from './fixtures.js';
import { json, type Router } from './rest.js';
import type { FakeState } from './state.js';
import { fieldsOf, itemsOf } from './validation.js';

/** One gateway session (resumable after its socket closes, unless the client closed it normally). */
export interface Session {
  id: string;
  token: string;
  intents: number;
  shard: [number, number] | undefined;
  seq: number;
  socket: WebSocket | null;
  /** Dispatches sent while no socket was attached, replayed on RESUME. */
  missed: Array<{ op: 0; t: string; s: number; d: unknown }>;
  identifiedAt: number;
}

/** Where a broadcast goes: the sessions owning `guildId` (all for undefined, shard 0 for null) with `intent`. */
export interface Audience {
  guildId?: string | null;
  intent?: number;
}

/** Client close codes that end a session for good; anything else leaves it resumable. */
const CLIENT_NORMAL_CLOSES = new Set([1000, 1001]);
const TRACE = ['["fake-gateway",{"micros":0}]'];

/** The gateway half of the fake. `guildExtras` adds what other resources put in GUILD_CREATE (scheduled events). */
export class Gateway {
  /** Every IDENTIFY received (valid or not). */
  readonly identifies: Array<{ token: string; intents: number; shard?: [number, number] }> = [];
  /** Successful RESUMEs. */
  resumes = 0;
  /** Whether heartbeats get their op 11 ACK; false makes a zombied connection the client must notice. */
  ackHeartbeats = true;
  /** IDENTIFYs that got READY and all their GUILD_CREATEs. */
  readyCount = 0;
  private sessionStartsRemaining = 1000;
  private readonly sockets = new Set<WebSocket>();
  private readonly socketSessions = new Map<WebSocket, Session>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly state: FakeState,
    private readonly guildExtras: (guild: FakeGuild) => object,
  ) {}

  /** GET /gateway and GET /gateway/bot. */
  addRoutes(router: Router): void {
    router.on('GET', '/gateway', () => json({ url: this.state.gatewayUrl }), false);
    router.on('GET', '/gateway/bot', () => {
      const answer: RESTGetAPIGatewayBotResult = {
        url: this.state.gatewayUrl,
        shards: this.state.options.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: this.sessionStartsRemaining,
          reset_after: 14_400_000,
          max_concurrency: this.state.options.maxConcurrency ?? 16,
        },
      };
      return json(answer);
    });
  }

  /** Number of sessions with an open socket. */
  connectedSessions(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).length;
  }

  /** Whether a session's shard receives the guild's events (DMs, `null`, go to shard 0, as on Discord). */
  ownsGuild(session: Session, guildId: string | null): boolean {
    if (!session.shard) return true;
    const [id, count] = session.shard;
    if (guildId === null) return id === 0;
    return (BigInt(guildId) >> 22n) % BigInt(count) === BigInt(id);
  }

  /** The newest live session that owns the guild, else the newest resumable one (its events get replayed). */
  sessionFor(guildId: string | null): Session | undefined {
    const owners = [...this.sessions.values()]
      .filter((s) => this.ownsGuild(s, guildId))
      .sort((a, b) => b.identifiedAt - a.identifiedAt);
    return owners.find((s) => s.socket?.readyState === WebSocket.OPEN) ?? owners[0];
  }

  /** Sends a dispatch to one session, or queues it for replay while the session has no socket. */
  dispatch(session: Session, t: string, d: unknown): void {
    session.seq++;
    const frame = { op: 0 as const, t, s: session.seq, d };
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(frame));
    else if (session.missed.length < 1000) session.missed.push(frame);
  }

  /** Sends a dispatch, built per session, to every session in the audience. */
  broadcast(t: string, build: (session: Session) => unknown, audience: Audience = {}): void {
    for (const session of this.sessions.values()) {
      if (audience.intent !== undefined && (session.intents & audience.intent) === 0) continue;
      if (audience.guildId !== undefined && !this.ownsGuild(session, audience.guildId)) continue;
      this.dispatch(session, t, build(session));
    }
  }

  /** Adds a guild (the bot "joins" it) and sends GUILD_CREATE to the sessions whose shard owns it. */
  addGuild(guild: FakeGuild): void {
    const copy = structuredClone(guild);
    this.state.guilds.set(copy.id, copy);
    if (copy.unavailable) return;
    this.broadcast(GatewayDispatchEvents.GuildCreate, (session) => this.guildCreate(copy, session), {
      guildId: copy.id,
    });
  }

  /** Removes a guild (the bot was kicked) and sends GUILD_DELETE. */
  removeGuild(id: string): void {
    this.state.guilds.delete(id);
    this.broadcast(GatewayDispatchEvents.GuildDelete, () => ({ id }), { guildId: id });
  }

  /** Closes every socket with `code`; sessions stay resumable (the client RESUMEs for most codes). */
  closeAll(code: number, reason: string): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  /** Sends op 9 INVALID SESSION on every socket; not resumable forgets the sessions. */
  invalidateSessions(resumable: boolean): void {
    for (const socket of this.sockets) {
      const session = this.socketSessions.get(socket);
      if (!resumable && session) this.sessions.delete(session.id);
      this.sendOp(socket, GatewayOpcodes.InvalidSession, resumable);
    }
  }

  /** Sends op 7 RECONNECT on every socket. */
  requestReconnect(): void {
    for (const socket of this.sockets) this.sendOp(socket, GatewayOpcodes.Reconnect, null);
  }

  /** Drops every socket at once (the fake is closing). */
  terminate(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    this.sendOp(socket, GatewayOpcodes.Hello, {
      heartbeat_interval: this.state.options.heartbeatInterval ?? 41250,
      _trace: TRACE,
    });
    socket.on('message', (data: RawData) => this.onFrame(socket, data));
    socket.on('close', (code: number) => {
      this.sockets.delete(socket);
      const session = this.socketSessions.get(socket);
      this.socketSessions.delete(socket);
      if (session && session.socket === socket) {
        session.socket = null;
        if (CLIENT_NORMAL_CLOSES.has(code)) this.sessions.delete(session.id);
      }
      this.state.changed();
    });
    socket.on('error', () => undefined);
  }

  private sendOp(socket: WebSocket, op: GatewayOpcodes, d: unknown): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ op, d, s: null, t: null }));
  }

  private guildCreate(guild: FakeGuild, session: Session): object {
    // Without GUILD_MEMBERS Discord only sends the bot's own member in GUILD_CREATE.
    const members = (session.intents & IntentBits.GuildMembers) !== 0 ? (guild.members ?? []) : [];
    return {
      ...guildCreatePayload(guild, botMember(this.state, guild), members),
      ...this.guildExtras(guild),
    };
  }

  private onFrame(socket: WebSocket, data: RawData): void {
    let frame: Record<string, unknown>;
    try {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString()
        : Buffer.isBuffer(data)
          ? data.toString()
          : Buffer.from(new Uint8Array(data)).toString();
      frame = fieldsOf(JSON.parse(text));
    } catch {
      socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const session = this.socketSessions.get(socket);
    const d = fieldsOf(frame.d);
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        if (this.ackHeartbeats) this.sendOp(socket, GatewayOpcodes.HeartbeatAck, null);
        return;
      case GatewayOpcodes.Identify:
        this.onIdentify(socket, d);
        return;
      case GatewayOpcodes.Resume:
        this.onResume(socket, d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        if (!session) socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (!session) socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        else this.onRequestMembers(session, d);
        return;
      default:
        socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private onIdentify(socket: WebSocket, d: Record<string, unknown>): void {
    const shardIds = itemsOf(d.shard);
    const shard: [number, number] | undefined =
      shardIds.length === 2 ? [Number(shardIds[0]), Number(shardIds[1])] : undefined;
    this.identifies.push({ token: String(d.token), intents: Number(d.intents), ...(shard ? { shard } : {}) });
    this.state.changed();
    const intents = Number(d.intents);
    const privileged =
      intents & (IntentBits.GuildMembers | IntentBits.GuildPresences | IntentBits.MessageContent);
    const refusal: [GatewayCloseCodes, string] | undefined = this.socketSessions.has(socket)
      ? [GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.']
      : d.token !== this.state.token
        ? [GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.']
        : shard && (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
          ? [GatewayCloseCodes.InvalidShard, 'Invalid shard.']
          : !Number.isInteger(intents) || intents < 0 || intents >= 1 << 26
            ? [GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).']
            : (privileged & ~(this.state.options.privilegedIntents ?? privileged)) !== 0
              ? [GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).']
              : undefined;
    if (refusal) {
      socket.close(...refusal);
      return;
    }

    this.sessionStartsRemaining = Math.max(0, this.sessionStartsRemaining - 1);
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      token: this.state.token,
      intents,
      shard,
      seq: 0,
      socket,
      missed: [],
      identifiedAt: performance.now(),
    };
    this.sessions.set(session.id, session);
    this.socketSessions.set(socket, session);
    const guilds = [...this.state.guilds.values()].filter((g) => this.ownsGuild(session, g.id));
    this.dispatch(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user_settings: {},
      user: { ...apiUser(this.state.botUser), verified: true, mfa_enabled: false, email: null },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.state.gatewayUrl,
      application: { id: this.state.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['us-east', 'us-central'],
      auth_session_id_hash: createHash('sha256').update(session.id).digest('base64'),
      ...(shard ? { shard } : {}),
      _trace: TRACE,
    });
    // Each GUILD_CREATE goes out in its own turn, as separate frames, the way Discord streams them after READY.
    const pending = guilds.filter((g) => !g.unavailable);
    const next = () => {
      if (this.state.closed || session.socket !== socket) return;
      const guild = pending.shift();
      if (guild) {
        if (this.state.guilds.has(guild.id))
          this.dispatch(session, GatewayDispatchEvents.GuildCreate, this.guildCreate(guild, session));
        setImmediate(next);
      } else {
        this.readyCount++;
        this.state.changed();
      }
    };
    setImmediate(next);
  }

  private onResume(socket: WebSocket, d: Record<string, unknown>): void {
    const session = this.sessions.get(String(d.session_id));
    if (!session || d.token !== session.token) {
      this.sendOp(socket, GatewayOpcodes.InvalidSession, false);
      return;
    }
    if (Number(d.seq) > session.seq) {
      socket.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
      return;
    }
    if (session.socket && session.socket !== socket) {
      this.socketSessions.delete(session.socket);
      session.socket.close(GatewayCloseCodes.SessionTimedOut, 'Session timed out.');
    }
    session.socket = socket;
    this.socketSessions.set(socket, session);
    // Replay what the client missed, then RESUMED, as Discord does.
    const missed = session.missed.splice(0).filter((frame) => frame.s > Number(d.seq));
    for (const frame of missed) socket.send(JSON.stringify(frame));
    this.dispatch(session, GatewayDispatchEvents.Resumed, { _trace: TRACE });
    this.resumes++;
    this.state.changed();
  }

  private onRequestMembers(session: Session, d: Record<string, unknown>): void {
    const guild = this.state.guilds.get(String(d.guild_id));
    if (!guild) return;
    const query = typeof d.query === 'string' ? d.query.toLowerCase() : undefined;
    const ids: string[] | undefined = Array.isArray(d.user_ids)
      ? itemsOf(d.user_ids).map(String)
      : typeof d.user_ids === 'string'
        ? [d.user_ids]
        : undefined;
    const limit = Number(d.limit ?? 0) || Number.POSITIVE_INFINITY;
    const members = [botMember(this.state, guild), ...(guild.members ?? [])]
      .filter((m) =>
        ids
          ? ids.includes(m.user.id)
          : query === undefined || m.user.username.toLowerCase().startsWith(query),
      )
      .slice(0, limit);
    this.dispatch(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guild.id,
      members: members.map(apiMember),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !members.some((m) => m.user.id === id)) : [],
      ...(d.nonce === undefined ? {} : { nonce: d.nonce }),
    });
  }
}

/**
 * What every part of the fake shares: its identity (token, bot user, URLs), its options, the guilds and the
 * request log, and the one "something changed" signal that test waits poll on.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { defaultBotUser, defaultGuild, type FakeGuild, type FakeUser } from './fixtures.js';
import type { FakeDiscordOptions, RecordedRequest } from './types.js';

function randomToken(botId: string): string {
  // Same three-part shape as real bot tokens: base64(id).timestamp.hmac.
  const id = Buffer.from(botId).toString('base64url');
  return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

/** Returns a deep copy (undefined stays undefined), so tests never hold the fake's own objects. */
export function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Shared state of one fake Discord. */
export class FakeState {
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
  /** Users seen in interactions, so POST /users/@me/channels knows members of no shared server. */
  readonly knownUsers = new Map<string, FakeUser>();
  closed = false;
  private readonly events = new EventEmitter();

  constructor(
    readonly options: FakeDiscordOptions,
    port: number,
  ) {
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.botUser = { ...(options.botUser ?? defaultBotUser), bot: true };
    this.applicationId = this.botUser.id;
    this.token = options.token ?? randomToken(this.botUser.id);
    this.events.setMaxListeners(0);
    for (const guild of options.guilds ?? [defaultGuild()]) this.guilds.set(guild.id, structuredClone(guild));
  }

  /** Wakes every pending wait so it re-checks its condition. */
  changed(): void {
    this.events.emit('change');
  }

  /** Marks the fake closed: pending waits reject. */
  close(): void {
    this.closed = true;
    this.events.emit('closed');
  }

  /** The first guild that is available (the default for interaction helpers). */
  firstGuild(): FakeGuild | undefined {
    return [...this.guilds.values()].find((g) => !g.unavailable);
  }

  /** The last requests since index `from`, for failure messages. */
  describeRequests(from = 0): string {
    const list = this.requests.slice(from).map((r) => `${r.method} ${r.path} -> ${r.status}`);
    return list.length === 0 ? '(no requests)' : list.slice(-15).join(', ');
  }

  /** Resolves with the first non-undefined value of `check`, re-checked on every change; rejects on timeout. */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
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
}

/**
 * The REST side of the fake: reads and records each request, answers injected failures and held requests, then
 * routes it (auth, rate limits, handler) and writes the answer with the headers discord.js reads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimits } from './rate-limits.js';
import type { FakeState } from './state.js';
import type { FailResponse, HeldRequest, RecordedRequest } from './types.js';
import { discordErrors, type DiscordErrorBody } from './validation.js';

const API_PREFIX = '/api/v10';

/** An answer from a route handler. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route handler gets: the recorded request and the path parameters. */
export interface RouteContext {
  req: RecordedRequest;
  params: Record<string, string>;
}

/** One REST route. */
export interface Route {
  method: string;
  template: string;
  segments: string[];
  /** Whether `Authorization: Bot <token>` is required (interaction callbacks and token webhooks do not use it). */
  auth: boolean;
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** A 200 (or `status`) JSON answer. */
export const json = (body: unknown, status = 200): Reply => ({ status, body });
/** A 204 answer. */
export const noContent: Reply = { status: 204 };
/** An error answer with a Discord error body. */
export const error = (status: number, body: object): Reply => ({ status, body });

/** A path parameter the route template guarantees. */
export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route parameter ${name} missing`);
  return value;
}

/** The request body as the bot sent it, unchecked (`{}` without one). */
export function bodyOf(ctx: RouteContext): unknown {
  return ctx.req.body ?? {};
}

/** The REST routes, matched in the order they were added. */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route; `auth: false` for routes Discord serves without the bot token. */
  on(method: string, template: string, handler: Route['handler'], auth = true): void {
    this.routes.push({
      method,
      template,
      segments: template.split('/').filter((s) => s.length > 0),
      auth,
      handler,
    });
  }

  match(record: RecordedRequest): { route: Route; params: Record<string, string> } | undefined {
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
}

/** Handles HTTP requests for the fake, including the failures and holds tests inject. */
export class Rest {
  readonly router = new Router();
  private readonly failures: Array<{
    pred: (r: RecordedRequest) => boolean;
    response: FailResponse;
    left: number;
  }> = [];
  private readonly holds: Array<{ pred: (r: RecordedRequest) => boolean; processed: boolean }> = [];
  private readonly held: Array<HeldRequest & { release: () => void }> = [];

  constructor(
    private readonly state: FakeState,
    private readonly limits: RateLimits,
  ) {}

  /** The next `times` requests matching `pred` get this answer instead of the normal one. */
  failNext(pred: (r: RecordedRequest) => boolean, response: FailResponse, times: number): void {
    this.failures.push({ pred, response, left: times });
  }

  /** Holds matching requests until {@link releaseHeld}; see `FakeDiscord.holdRequests`. */
  hold(pred: (r: RecordedRequest) => boolean, processed: boolean): void {
    this.holds.push({ pred, processed });
  }

  heldRequests(): HeldRequest[] {
    return this.held.map(({ request, processed, connectionClosed }) => ({
      request,
      processed,
      connectionClosed,
    }));
  }

  releaseHeld(): void {
    this.holds.length = 0;
    for (const entry of this.held.splice(0)) entry.release();
  }

  async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    const requests = this.state.requests;
    let reply: Reply;
    try {
      const bodyError = await parseBody(record, raw, headers['content-type']);
      const route = url.pathname.startsWith(`${API_PREFIX}/`) ? this.router.match(record) : undefined;
      record.route = route?.route.template;
      requests.push(record);
      this.state.changed();
      const hold = this.holds.find((candidate) => candidate.pred(record));
      // Lost on the way: Discord never saw it, and the caller is gone.
      if (hold?.processed === false && !(await this.holdUntilReleased(record, res, false))) return;
      reply =
        this.injectedFailure(record) ??
        this.limits.global(record) ??
        (bodyError ? { status: 400, body: bodyError } : undefined) ??
        (await this.route(record, route));
      if (hold?.processed === true) await this.holdUntilReleased(record, res, true);
    } catch (thrown) {
      if (!requests.includes(record)) requests.push(record);
      reply = { status: 500, body: { ...discordErrors.serverError, fake_error: String(thrown) } };
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
        this.state.changed();
      });
      this.held.push(entry);
      this.state.changed();
    });
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

  private async route(
    record: RecordedRequest,
    match: { route: Route; params: Record<string, string> } | undefined,
  ): Promise<Reply> {
    if (!match) return { status: 404, body: discordErrors.notFound };
    if (match.route.auth && record.headers.authorization !== `Bot ${this.state.token}`) {
      return { status: 401, body: discordErrors.unauthorized };
    }
    const limited = this.limits.perRoute(match.route, match.params);
    if (limited.reply) return limited.reply;
    const reply = await match.route.handler({ req: record, params: match.params });
    return { ...reply, headers: { ...limited.headers, ...reply.headers } };
  }

  private send(res: ServerResponse, record: RecordedRequest, reply: Reply): void {
    record.status = reply.status;
    const headers: Record<string, string> = { via: '1.1 google', ...reply.headers };
    if (headers['x-ratelimit-bucket'] === undefined && headers['x-ratelimit-global'] === undefined) {
      Object.assign(headers, this.limits.fallbackHeaders(record), reply.headers);
    }
    let payload: string | undefined;
    if (reply.status !== 204 && reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
    this.state.changed();
  }
}

/** Fills `record.body` and `record.files`; answers Discord's invalid-JSON error when the body can't be read. */
async function parseBody(
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

/**
 * Discord's rate limits as the fake enforces and advertises them: the global per-token limit and per-route
 * buckets, with the X-RateLimit-* headers discord.js reads.
 */
import { createHash } from 'node:crypto';
import type { Reply, Route } from './rest.js';
import type { FakeState } from './state.js';
import type { RecordedRequest } from './types.js';

function bucketHash(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 32);
}

/** Global and per-route limits; counts the 429s it answers. */
export class RateLimits {
  /** 429 answers sent (global and per-route, not injected ones). */
  limited = 0;
  private readonly buckets = new Map<string, { hash: string; remaining: number; resetAt: number }>();
  private globalWindow = { start: 0, count: 0 };

  constructor(private readonly state: FakeState) {}

  private get route(): { limit: number; resetAfterMs: number } {
    return this.state.options.routeRateLimit ?? { limit: 50, resetAfterMs: 1000 };
  }

  /**
   * Discord's global limit applies per bot token, so requests without Authorization (interaction callbacks and
   * interaction webhooks) are exempt. The window starts at the first request after the previous one ended, the
   * same way @discordjs/rest paces itself; a 25 ms allowance absorbs localhost latency jitter between the two clocks.
   */
  global(record: RecordedRequest): Reply | undefined {
    const limit = this.state.options.globalRateLimit;
    if (!limit || record.headers.authorization === undefined) return undefined;
    const now = Date.now();
    if (now >= this.globalWindow.start + 1000 - 25) this.globalWindow = { start: now, count: 0 };
    this.globalWindow.count++;
    if (this.globalWindow.count <= limit) return undefined;
    this.limited++;
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

  /** Per-route buckets keyed like Discord's (route + major parameter), advertised in X-RateLimit-* headers. */
  perRoute(route: Route, params: Record<string, string>): { reply?: Reply; headers: Record<string, string> } {
    const { limit, resetAfterMs } = this.route;
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
      const hash = bucket?.hash ?? bucketHash(`${route.method} ${route.template}`);
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
      this.limited++;
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

  /** Headers for answers that never reached a bucket (404s, 401s, injected failures): discord.js still reads them. */
  fallbackHeaders(record: RecordedRequest): Record<string, string> {
    const { limit, resetAfterMs } = this.route;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(limit - 1),
      'x-ratelimit-reset-after': (resetAfterMs / 1000).toFixed(3),
      'x-ratelimit-bucket': bucketHash(`${record.method} ${record.route ?? record.path}`),
    };
  }
}

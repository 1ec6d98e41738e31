/** A release timeline, its posts and a server's settings on a real SQLite store, with an injected clock. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiscordAPIError, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content/load.js';
import { createLogger } from '../../src/logger.js';
import type { EventWords } from '../../src/admin/countdown-event.js';
import { ReleasePosts, type EventEditor, type EventMove } from '../../src/release/posts.js';
import { DEFAULT_ANNOUNCE_DELAY_MS, ReleaseTimeline } from '../../src/release/timeline.js';
import { countdownJob } from '../../src/countdown/job.js';
import { DailyScheduler } from '../../src/schedule/daily-scheduler.js';
import { GuildSettingsService } from '../../src/settings/service.js';
import { openStore, type KeyValueStore, type Store } from '../../src/store.js';

export const GUILD = '100000000000000001';
export const CHANNEL = '200000000000000001';
export const ROLE = '300000000000000001';
export const OPERATOR = '400000000000000001';

export interface Sent {
  channelId: string;
  body: RESTPostAPIChannelMessageJSONBody;
  at: string;
}

export interface World {
  store: Store;
  content: Content;
  clock: { now: Date };
  sent: Sent[];
  /** Failures the next sends throw, in order. */
  failSends: unknown[];
  eventCalls: string[];
  /** What each move gave the event (time, and the words the bot rewrote), in order. */
  eventMoves: EventMove[];
  /**
   * The events' words as Discord has them, by event id: tests put in what /config countdown-event wrote or what a
   * moderator changed it to. The bot's moves change them; an event not here is answered 404 Unknown Guild
   * Scheduled Event, as one deleted in Discord.
   */
  eventsInDiscord: Map<string, EventWords>;
  /** A bot process: its timeline, settings, daily countdown and release posts (call again for a restart). */
  process(on?: KeyValueStore): {
    timeline: ReleaseTimeline;
    settings: GuildSettingsService;
    countdown: DailyScheduler;
    posts: ReleasePosts;
    /** Plans the server as start-up does. */
    start(): Promise<void>;
    /** Lets re-plans finish, moves the clock to `iso`, ticks as the minutely clock does, lets posts finish. */
    advanceTo(iso: string): Promise<void>;
  };
  close(): Promise<void>;
}

const logger = createLogger({ level: 'silent' });

/**
 * A store and a clock at `start`; every process of it announces a release change `announceDelayMs` after it (as
 * every process of one bot reads the same ANNOUNCE_DELAY_SECONDS), the default unless given.
 */
export async function createWorld(start: string, options: { announceDelayMs?: number } = {}): Promise<World> {
  const announceDelayMs = options.announceDelayMs ?? DEFAULT_ANNOUNCE_DELAY_MS;
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-release-'));
  const store = await openStore(`sqlite://${path.join(folder, 'store.sqlite')}`);
  const content = await loadContent(path.join(PROJECT_ROOT, 'data'));
  const clock = { now: new Date(start) };
  const now = () => clock.now;
  const sent: Sent[] = [];
  const failSends: unknown[] = [];
  const eventCalls: string[] = [];
  const eventMoves: EventMove[] = [];
  const eventsInDiscord = new Map<string, EventWords>();
  const inDiscord = (eventId: string, method: string): EventWords => {
    const words = eventsInDiscord.get(eventId);
    if (words !== undefined) return words;
    const body = { code: 10070, message: 'Unknown Guild Scheduled Event' };
    throw new DiscordAPIError(body, 10070, 404, method, `/guilds/${GUILD}/scheduled-events/${eventId}`, {});
  };
  const send = async (channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    const failure = failSends.shift();
    if (failure !== undefined) throw failure as Error;
    sent.push({ channelId, body, at: clock.now.toISOString() });
  };
  const events: EventEditor = {
    words: (_guildId, eventId) => Promise.resolve().then(() => ({ ...inDiscord(eventId, 'GET') })),
    move: (guildId, eventId, move) =>
      Promise.resolve().then(() => {
        const { start, end: _, ...words } = move;
        eventsInDiscord.set(eventId, { ...inDiscord(eventId, 'PATCH'), ...words });
        eventCalls.push(`move ${guildId} ${eventId} ${start.toISOString()}`);
        eventMoves.push(move);
      }),
    cancel: (guildId, eventId) => {
      eventCalls.push(`cancel ${guildId} ${eventId}`);
      return Promise.resolve();
    },
  };
  return {
    store,
    content,
    clock,
    sent,
    failSends,
    eventCalls,
    eventMoves,
    eventsInDiscord,
    process(on = store) {
      const settings = new GuildSettingsService(on, now);
      const timeline = new ReleaseTimeline({
        store: on,
        content,
        now,
        logger,
        shard: { id: 0, count: 1 },
        announceDelayMs,
      });
      const countdown = new DailyScheduler({
        job: countdownJob({
          settings,
          content,
          release: () => timeline.release(),
          windowOrigin: () => timeline.windowOrigin(),
          send,
          now,
        }),
        store: on,
        now,
        logger,
      });
      const posts = new ReleasePosts({ timeline, settings, countdown, store: on, now, logger, send, events });
      // As src/bot.ts wires them: a change re-plans the countdown and the release posts, and moves events.
      let following: Promise<void> = Promise.resolve();
      timeline.onChange(() => {
        following = following
          .then(() => countdown.track([GUILD]))
          .then(() => posts.refreshAll([GUILD], { events: true }));
      });
      settings.onChange(() => {
        following = following
          .then(() => countdown.refresh(GUILD, { reenable: true }))
          .then(() => posts.refresh(GUILD));
      });
      const settle = async () => {
        await following;
        await countdown.idle();
        await posts.idle();
      };
      return {
        timeline,
        settings,
        countdown,
        posts,
        async start() {
          await timeline.poll();
          await countdown.track([GUILD]);
          await posts.refreshAll([GUILD]);
        },
        async advanceTo(iso: string) {
          await settle();
          clock.now = new Date(iso);
          countdown.tick();
          posts.tick();
          await settle();
        },
      };
    },
    async close() {
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The release timeline as a {@link Feature}: the operator's `/operator` commands (registered in the operator's
 * server only), and per server the announcement of a release change, the "out now" post at the target and the
 * server's Discord event following a new date. A change of the facts (made here, or seen by polling the store
 * other processes share) re-plans every server's countdown and release posts at once.
 */
import { GuildScheduledEventStatus, Routes, type APIGuildScheduledEvent, type REST } from 'discord.js';
import type { Feature } from '../feature.js';
import type { Logger } from '../logger.js';
import type { DailyScheduler } from '../schedule/daily-scheduler.js';
import type { GuildSettingsService } from '../settings/service.js';
import type { KeyValueStore } from '../store.js';
import { ReleasePosts, type SendMessage } from './posts.js';
import { POLL_INTERVAL_MS, type ReleaseTimeline } from './timeline.js';

export interface ReleaseFeature extends Feature {
  readonly timeline: ReleaseTimeline;
  /** Release announcements and "out now" posts (tests drive its tick like the countdown's). */
  readonly posts: ReleasePosts;
}

export function releaseFeature(deps: {
  /** Already read once (start-up reads the facts before anything is planned). */
  timeline: ReleaseTimeline;
  /** The daily countdown posts: re-planned on a release change, and a server whose posts stopped gets none. */
  countdown: DailyScheduler;
  settings: GuildSettingsService;
  store: KeyValueStore;
  send: SendMessage;
  rest: Pick<REST, 'get' | 'patch'>;
  /** The servers this process runs now. */
  guildIds: () => string[];
  /** Whether `/operator` is answered here (OPERATOR_GUILD_ID is set). */
  operator: boolean;
  /** The server's own Discord language, for servers that chose none with /config. */
  guildLocale?: (guildId: string) => string | undefined;
  now: () => Date;
  logger: Logger;
}): ReleaseFeature {
  const { timeline, countdown, settings, store, send, rest, now, logger, guildLocale } = deps;
  const posts = new ReleasePosts({
    timeline,
    settings,
    countdown,
    store,
    now,
    logger,
    send,
    ...(guildLocale === undefined ? {} : { guildLocale }),
    events: {
      words: async (guildId, eventId) => {
        const event = (await rest.get(
          Routes.guildScheduledEvent(guildId, eventId),
        )) as APIGuildScheduledEvent;
        // A cleared description, or a location gone with a change of kind, is the moderators' too.
        return {
          name: event.name,
          description: event.description ?? '',
          location: event.entity_metadata?.location ?? '',
        };
      },
      move: async (guildId, eventId, move) => {
        await rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
          body: {
            ...(move.name === undefined ? {} : { name: move.name }),
            ...(move.description === undefined ? {} : { description: move.description }),
            ...(move.location === undefined ? {} : { entity_metadata: { location: move.location } }),
            scheduled_start_time: move.start.toISOString(),
            scheduled_end_time: move.end.toISOString(),
          },
        });
      },
      cancel: async (guildId, eventId) => {
        await rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
          body: { status: GuildScheduledEventStatus.Canceled },
        });
      },
    },
  });
  // A new release: every server of this process re-plans its posts at once, and its event follows. Before the
  // client is ready there are no servers yet; start-up plans them in recover().
  timeline.onChange(() => {
    const guildIds = deps.guildIds();
    Promise.all([countdown.track(guildIds), posts.refreshAll(guildIds, { events: true })]).catch(
      (error: unknown) => logger.error({ err: error }, 'could not re-plan after a release change'),
    );
  });
  let poll: NodeJS.Timeout | undefined;
  return {
    name: 'release',
    commands: deps.operator ? ['operator'] : [],
    timeline,
    posts,
    async recover(guildIds) {
      await posts.refreshAll(guildIds);
      // Posts missed while the bot was down (under 6 hours) go out now.
      posts.tick();
      // Changes the operator makes through another process (another shard, another machine) are followed from here.
      poll = setInterval(() => {
        timeline
          .poll()
          .catch((error: unknown) => logger.warn({ err: error }, 'could not read the release facts'));
      }, POLL_INTERVAL_MS);
      poll.unref();
    },
    tick: () => posts.tick(),
    guildAdded: (guildId) => posts.refresh(guildId),
    guildRemoved: (guildId) => posts.forget(guildId),
    settingsChanged: (guildId) => posts.refresh(guildId),
    forget: (guildId) => posts.purge(guildId),
    async stop() {
      clearInterval(poll);
      await posts.stop();
    },
  };
}

/**
 * Starting and stopping the bot: content, store, the discord.js client, interaction routing and command
 * registration, wired together. `src/index.ts` calls this with the real environment; end-to-end tests call it
 * with a fake Discord's URL and a temporary store.
 */
import path from 'node:path';
import {
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  GuildScheduledEventStatus,
  MessageFlags,
  Options,
  Routes,
  type Interaction,
} from 'discord.js';
import cron from 'node-cron';
import { commands as allCommands, operatorCommands } from '../commands/index.js';
import { ConfigError, PROJECT_ROOT, type Config } from './config.js';
import { loadContent } from './content/load.js';
import { resolveLocale, t } from './i18n/index.js';
import type { Command } from './command.js';
import type { HandlerContext } from './context.js';
import { syncCommands } from './interactions/registration.js';
import { createInteractionRouter } from './interactions/router.js';
import type { Logger } from './logger.js';
import { countdownJob } from './schedule/countdown-job.js';
import { DailyScheduler } from './schedule/daily-scheduler.js';
import { ReleasePosts } from './release/posts.js';
import { POLL_INTERVAL_MS, ReleaseTimeline } from './release/timeline.js';
import { GuildSettingsService, shardFromEnvironment } from './settings/service.js';
import { openStore, type KeyValueStore } from './store.js';
import { createTrivia, type TriviaTestOptions } from './trivia/setup.js';

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Defaults to every command in commands/index.ts. */
  commands?: readonly Command[];
  /** Defaults to the project's data/ folder. */
  dataDir?: string;
  now?: () => Date;
  /** How long stop() waits for interactions in flight before it closes anyway. */
  drainTimeoutMs?: number;
  /** Test-only: trivia's timers, randomness and pauses (see src/trivia/setup.ts). */
  trivia?: TriviaTestOptions;
}

export interface RunningBot {
  client: Client<true>;
  /** What command handlers get. */
  context: HandlerContext;
  /** The store and the settings service themselves (tests look inside them; handlers never get the raw store). */
  store: KeyValueStore;
  settings: GuildSettingsService;
  /** Whether start-up registered the commands, found them unchanged, or left them to the process with shard 0. */
  registration: 'registered' | 'unchanged' | 'skipped';
  /** The countdown posts' scheduler (tests drive its tick with an injected clock). */
  countdown: DailyScheduler;
  /** The live release timeline (tests poll it as the timer would). */
  release: ReleaseTimeline;
  /** Release announcements and "out now" posts (tests drive its tick like the countdown's). */
  releasePosts: ReleasePosts;
  /** Stops timers, lets interactions in flight finish (bounded), closes the store and the gateway. */
  stop: () => Promise<void>;
}

/** In English; members see it in their language (`errors.restarting`). */
export const RESTARTING_MESSAGE = t('en', 'errors.restarting');

/** Loads content, opens the store, logs in, registers commands if they changed; resolves once ready. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, logger, commands = allCommands, now = () => new Date(), drainTimeoutMs = 10_000 } = options;
  const content = await loadContent(options.dataDir ?? path.join(PROJECT_ROOT, 'data'));
  const store = await openStore(config.storeUrl);
  const settings = new GuildSettingsService(store, now);
  const release = new ReleaseTimeline({ store, content, now, logger, shard: shardFromEnvironment() });
  // The operator's facts in force before anything is planned (a store failure here stops start-up, as settings do).
  await release.poll().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: config.discordApiUrl },
    // The bot never reads messages; keeping only its own member saves memory in large server networks.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  });

  const countdown = new DailyScheduler({
    job: countdownJob({
      settings,
      content,
      release: () => release.release(),
      now,
      send: (channelId, body) => client.rest.post(Routes.channelMessages(channelId), { body }),
      guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale,
    }),
    store,
    now,
    logger,
  });
  const releasePosts = new ReleasePosts({
    timeline: release,
    settings,
    countdown,
    store,
    now,
    logger,
    send: (channelId, body) => client.rest.post(Routes.channelMessages(channelId), { body }),
    events: {
      move: async (guildId, eventId, start, end) => {
        await client.rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
          body: { scheduled_start_time: start.toISOString(), scheduled_end_time: end.toISOString() },
        });
      },
      cancel: async (guildId, eventId) => {
        await client.rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
          body: { status: GuildScheduledEventStatus.Canceled },
        });
      },
    },
  });
  const trivia = createTrivia(
    { store, settings, builtIn: content.trivia, rest: client.rest, now, logger },
    options.trivia,
  );
  const context: HandlerContext = {
    content,
    logger,
    settings,
    countdown,
    trivia: trivia.service,
    release,
    releasePosts,
    operator: { guildId: config.operatorGuildId, userIds: config.operatorUserIds },
    now,
  };
  const operating = config.operatorGuildId !== undefined ? operatorCommands : [];
  const route = createInteractionRouter([...commands, ...operating], context);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (stopping) {
      void refuseWhileStopping(interaction);
      return;
    }
    const handled = route(interaction).catch((error: unknown) => {
      logger.error({ err: error, interaction: interaction.id }, 'interaction handler failed');
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  // Data of a server that removed the bot is kept 30 days in case it is invited back, then purged daily.
  client.on(Events.GuildDelete, (guild) => {
    countdown.forget(guild.id);
    releasePosts.forget(guild.id);
    trivia.guildRemoved(guild.id);
    settings
      .markRemoved(guild.id)
      .catch((error: unknown) => logger.error({ err: error }, 'could not mark a removed server'));
  });
  client.on(Events.GuildCreate, (guild) => {
    settings
      .markPresent(guild.id)
      .then(() => countdown.refresh(guild.id))
      .then(() => releasePosts.refresh(guild.id))
      .then(() => trivia.guildAdded(guild.id))
      .catch((error: unknown) => logger.error({ err: error }, 'could not set up a new server'));
  });
  settings.onChange((guildId, changes) => {
    trivia.settingsChanged(
      guildId,
      changes.map((change) => change.setting),
    );
    // A moderator who touches the countdown set-up has had a look: a schedule disabled by Discord may retry.
    const reenable = changes.some((change) => change.setting.startsWith('countdown'));
    countdown
      .refresh(guildId, { reenable })
      .then(() => releasePosts.refresh(guildId))
      .catch((error: unknown) =>
        logger.error({ err: error, guild: guildId }, 'could not re-plan the countdown'),
      );
  });
  // A new release (set here, or seen by polling): every server of this process re-plans its posts at once, and
  // its event follows. Before the client is ready there are no servers yet; start-up plans them below.
  release.onChange(() => {
    const guildIds = [...client.guilds.cache.keys()];
    Promise.all([countdown.track(guildIds), releasePosts.refreshAll(guildIds, { events: true })]).catch(
      (error: unknown) => logger.error({ err: error }, 'could not re-plan after a release change'),
    );
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js client error'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.warn({ code: event.code, shard }, 'gateway closed'),
  );
  client.on(Events.ShardResume, (shard) => logger.info({ shard }, 'gateway resumed'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(config.discordToken);
  } catch (error) {
    await Promise.allSettled([client.destroy(), store.close()]);
    if (error instanceof Error && 'code' in error && error.code === DiscordjsErrorCodes.TokenInvalid) {
      throw new ConfigError(
        'Discord refused DISCORD_TOKEN: reset the token at https://discord.com/developers/applications (Bot > Reset Token) and update .env.',
      );
    }
    throw error;
  }
  const readyClient = await ready;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'logged in');

  // Under `npm run start:sharded` every shard process starts here: only the one holding shard 0 registers.
  const registration = !readyClient.ws.shards.has(0)
    ? 'skipped'
    : await syncCommands({
        rest: readyClient.rest,
        store,
        target: { applicationId: readyClient.application.id, guildId: config.devGuildId },
        commands,
      });
  logger.info({ registration, commands: commands.length, guild: config.devGuildId ?? 'global' }, 'commands');
  if (config.operatorGuildId !== undefined && readyClient.ws.shards.has(0)) {
    // Guild commands of the operator's server only; when it is also DEV_GUILD_ID, one list holds both sets.
    const sameGuild = config.operatorGuildId === config.devGuildId;
    const operatorRegistration = await syncCommands({
      rest: readyClient.rest,
      store,
      target: { applicationId: readyClient.application.id, guildId: config.operatorGuildId },
      commands: sameGuild ? [...commands, ...operatorCommands] : operatorCommands,
    });
    logger.info({ registration: operatorRegistration, guild: config.operatorGuildId }, 'operator commands');
  }

  const purge = async (): Promise<void> => {
    const purged = await settings.purgeRemoved();
    for (const guildId of purged) {
      await trivia.service.forget(guildId);
      await countdown.purge(guildId);
      await releasePosts.purge(guildId);
      await trivia.qotd.purge(guildId);
    }
    if (purged.length > 0)
      logger.info({ guilds: purged }, 'deleted the data of servers that removed the bot 30 days ago');
  };
  await settings.markPresent(...readyClient.guilds.cache.keys());
  await purge();
  const dailyPurge = cron.schedule('17 4 * * *', purge, { name: 'purge-removed-servers' });
  await countdown.track(readyClient.guilds.cache.keys());
  await releasePosts.refreshAll(readyClient.guilds.cache.keys());
  // Posts missed while the bot was down (less than 6 hours ago) go out now; then one clock for every server.
  countdown.tick();
  releasePosts.tick();
  const minutely = cron.schedule(
    '* * * * *',
    () => {
      countdown.tick();
      releasePosts.tick();
      trivia.tick();
    },
    { name: 'scheduled-posts' },
  );
  // Changes the operator makes through another process (another shard, another machine) are followed from here.
  const releasePoll = setInterval(() => {
    release.poll().catch((error: unknown) => logger.warn({ err: error }, 'could not read the release facts'));
  }, POLL_INTERVAL_MS);
  releasePoll.unref();
  // Trivia questions open when the bot stopped: their buttons work again, and overdue reveals happen now; the
  // question of the day is planned like the countdown. A minute that turns meanwhile is ticked by the clock
  // above, which already runs (a tick sends each post at most once, so an early one does no harm).
  await trivia.recover(readyClient.guilds.cache.keys());

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await dailyPurge.stop();
    await minutely.stop();
    clearInterval(releasePoll);
    logger.info({ inFlight: inFlight.size }, 'stopping');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
    });
    const drained = await Promise.race([
      Promise.allSettled([...inFlight]).then(() => 'drained' as const),
      timeout,
    ]);
    clearTimeout(timer);
    if (drained === 'timeout')
      logger.warn({ inFlight: inFlight.size }, 'stopped before interactions finished');
    await trivia.stop();
    await countdown.stop();
    await releasePosts.stop();
    await readyClient.destroy();
    await store.close();
    logger.info('stopped');
  };

  return {
    client: readyClient,
    context,
    store,
    settings,
    registration,
    countdown,
    release,
    releasePosts,
    stop,
  };
}

async function refuseWhileStopping(interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) {
      await interaction.reply({
        content: t(resolveLocale(interaction.locale), 'errors.restarting'),
        flags: MessageFlags.Ephemeral,
      });
    }
  } catch {
    // The process is going away; there is nobody left to tell.
  }
}

/**
 * Starting and stopping the bot: content, store, the discord.js client, interaction routing, command
 * registration and the features (`src/feature.ts`), wired together. `src/index.ts` calls this with the real environment; end-to-end tests call it
 * with a fake Discord's URL and a temporary store.
 */
import path from 'node:path';
import {
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Options,
  Routes,
  type Interaction,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import cron from 'node-cron';
import { commands as allCommands, operatorCommands } from '../commands/index.js';
import { ConfigError, PROJECT_ROOT, type Config } from './config.js';
import { loadContent } from './content/load.js';
import { contentIn } from './content/translations.js';
import { resolveLocale, t } from './i18n/index.js';
import { toSnakeCase } from './json-transformer.js';
import type { Command } from './command.js';
import type { HandlerContext } from './context.js';
import { registrationPlan, syncCommands } from './interactions/registration.js';
import { createInteractionRouter } from './interactions/router.js';
import type { Logger } from './logger.js';
import { castFeature } from './cast/feature.js';
import { countdownFeature } from './countdown/feature.js';
import type { Feature } from './feature.js';
import { qotdFeature } from './qotd/feature.js';
import { releaseFeature } from './release/feature.js';
import { remindersFeature, type RemindersFeature } from './reminders/feature.js';
import { timelineFeed } from './reminders/release-feed.js';
import type { ReleasePosts } from './release/posts.js';
import { ReleaseTimeline } from './release/timeline.js';
import type { DailyScheduler } from './schedule/daily-scheduler.js';
import { SettingsRetention } from './settings/retention.js';
import { GuildSettingsService } from './settings/service.js';
import { openStore, type KeyValueStore } from './store.js';
import { triviaFeature, type TriviaTestOptions } from './trivia/feature.js';

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
  /** Test-only: trivia's timers, randomness and pauses (see src/trivia/feature.ts). */
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
  /** Every feature, in the order their hooks run. */
  features: readonly Feature[];
  /** The countdown posts' scheduler (tests drive its tick with an injected clock). */
  countdown: DailyScheduler;
  /** The question of the day's scheduler (likewise). */
  qotd: DailyScheduler;
  /** The live release timeline (tests poll it as the timer would). */
  release: ReleaseTimeline;
  /** Members' reminders by DM (tests drive their delivery with an injected clock). */
  reminders: RemindersFeature;
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
  const retention = new SettingsRetention({ store, settings, now, shard: config.shard });
  const timeline = new ReleaseTimeline({
    store,
    content,
    now,
    logger,
    shard: config.shard,
    announceDelayMs: config.announceDelayMs,
  });
  // The operator's facts in force before anything is planned (a store failure here stops start-up, as settings do).
  await timeline.poll().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: { api: config.discordApiUrl },
    // discord.js's own snake_case conversion of embeds, components and choices, without its cost per key.
    jsonTransformer: toSnakeCase,
    // The bot never reads messages; keeping only its own member saves memory in large server networks.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  });

  const send = (channelId: string, body: RESTPostAPIChannelMessageJSONBody) =>
    client.rest.post(Routes.channelMessages(channelId), { body });
  const countdown = countdownFeature({
    store,
    settings,
    content,
    release: () => timeline.release(),
    windowOrigin: () => timeline.windowOrigin(),
    now,
    logger,
    send,
    guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale,
  });
  const release = releaseFeature({
    timeline,
    countdown: countdown.schedule,
    settings,
    store,
    send,
    rest: client.rest,
    guildIds: () => [...client.guilds.cache.keys()],
    operator: config.operatorGuildId !== undefined,
    guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale,
    now,
    logger,
  });
  const trivia = triviaFeature(
    {
      store,
      settings,
      builtIn: content.trivia,
      builtInIn: (locale) => contentIn(content, locale).trivia,
      rest: client.rest,
      now,
      logger,
    },
    options.trivia,
  );
  const qotd = qotdFeature({
    store,
    settings,
    trivia: trivia.service,
    sender: trivia.sender,
    now,
    logger,
    guildLocale: (guildId) => client.guilds.cache.get(guildId)?.preferredLocale,
  });
  const reminders = remindersFeature({
    store,
    feed: timelineFeed(timeline),
    rest: client.rest,
    now,
    logger,
    shard: config.shard,
    // Reminders are delivered by one process only: the one with shard 0 (see src/reminders/delivery.ts).
    delivers: () => client.ws.shards.has(0),
  });
  // Hooks run in this order (stop in reverse): release posts follow the countdown's, and the question of the day
  // draws from trivia's questions.
  const features: readonly Feature[] = [castFeature, countdown, release, trivia, qotd, reminders];
  // The operator's commands are answered only where they are registered: in OPERATOR_GUILD_ID's server.
  const routed = [...commands, ...(config.operatorGuildId !== undefined ? operatorCommands : [])];
  const missing = features
    .flatMap((feature) => feature.commands ?? [])
    .filter((name) => !routed.some((command) => command.data.name === name));
  if (missing.length > 0) {
    await store.close();
    throw new Error(`Features answer commands that are not in the command list: ${missing.join(', ')}.`);
  }

  const context: HandlerContext = {
    content,
    logger,
    settings,
    countdown: countdown.schedule,
    qotd: qotd.schedule,
    trivia: trivia.service,
    release: timeline,
    releasePosts: release.posts,
    operator: { guildId: config.operatorGuildId, userIds: config.operatorUserIds },
    reminders: { members: reminders.members, feed: reminders.feed },
    now,
  };
  /**
   * Runs one hook of every feature that has it. All start at once (a handler waiting on a schedule's re-plan
   * sees every re-plan under way); a failure is logged with the feature's name, never thrown.
   */
  const eachFeature = async (
    what: string,
    run: (feature: Feature) => Promise<void> | undefined,
    fields: Record<string, unknown>,
    among: readonly Feature[] = features,
  ): Promise<void> => {
    await Promise.all(
      among.map(async (feature) => {
        try {
          await run(feature);
        } catch (error) {
          logger.error({ err: error, feature: feature.name, ...fields }, what);
        }
      }),
    );
  };
  const route = createInteractionRouter(routed, context);
  // Called after every interaction, keystrokes included: only the features that have something to say then.
  const followingUp = features.filter((feature) => feature.answered !== undefined);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (stopping) {
      void refuseWhileStopping(interaction);
      return;
    }
    const handled = route(interaction)
      .then(() =>
        eachFeature(
          'could not follow up an interaction',
          (feature) => feature.answered?.(interaction),
          { interaction: interaction.id },
          followingUp,
        ),
      )
      .catch((error: unknown) => {
        logger.error({ err: error, interaction: interaction.id }, 'interaction handler failed');
      });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  // Data of a server that removed the bot is kept 30 days in case it is invited back, then purged daily.
  client.on(Events.GuildDelete, (guild) => {
    for (const feature of features) feature.guildRemoved?.(guild.id);
    retention
      .markRemoved(guild.id)
      .catch((error: unknown) => logger.error({ err: error }, 'could not mark a removed server'));
  });
  client.on(Events.GuildCreate, (guild) => {
    retention
      .markPresent(guild.id)
      .then(() =>
        eachFeature('could not set up a new server', (feature) => feature.guildAdded?.(guild.id), {
          guild: guild.id,
        }),
      )
      .catch((error: unknown) => logger.error({ err: error }, 'could not set up a new server'));
  });
  settings.onChange((guildId, changes) => {
    void eachFeature(
      'could not apply a settings change',
      (feature) => feature.settingsChanged?.(guildId, changes),
      { guild: guildId },
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
  const plan = registrationPlan({
    applicationId: readyClient.application.id,
    devGuildId: config.devGuildId,
    operatorGuildId: config.operatorGuildId,
    commands,
    operatorCommands,
  });
  let registration: RunningBot['registration'] = 'skipped';
  if (readyClient.ws.shards.has(0)) {
    for (const [index, part] of plan.entries()) {
      const done = await syncCommands({ rest: readyClient.rest, store, ...part });
      // The public commands' outcome is the one reported; the operator's server is logged on its own line.
      if (index === 0) registration = done;
      else logger.info({ registration: done, guild: part.target.guildId }, 'operator commands');
    }
  }
  logger.info({ registration, commands: commands.length, guild: config.devGuildId ?? 'global' }, 'commands');

  const purge = async (): Promise<void> => {
    const purged = await retention.purgeRemoved();
    for (const guildId of purged) {
      for (const feature of features) await feature.forget?.(guildId);
    }
    if (purged.length > 0)
      logger.info({ guilds: purged }, 'deleted the data of servers that removed the bot 30 days ago');
  };
  await retention.markPresent(...readyClient.guilds.cache.keys());
  await purge();
  const dailyPurge = cron.schedule('17 4 * * *', purge, { name: 'purge-removed-servers' });
  // One clock for every feature. It runs before recovery so that a minute turning meanwhile is not missed (a
  // tick sends each post at most once, so an early one does no harm).
  const minutely = cron.schedule(
    '* * * * *',
    () => {
      for (const feature of features) feature.tick?.();
    },
    { name: 'scheduled-posts' },
  );
  const guildIds = [...readyClient.guilds.cache.keys()];
  try {
    for (const feature of features) await feature.recover?.(guildIds);
  } catch (error) {
    await Promise.all([dailyPurge.stop(), minutely.stop()]);
    throw error;
  }

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await dailyPurge.stop();
    await minutely.stop();
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
    for (const feature of [...features].reverse()) {
      await feature.stop?.().catch((error: unknown) => {
        logger.error({ err: error, feature: feature.name }, 'a feature did not stop cleanly');
      });
    }
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
    features,
    countdown: countdown.schedule,
    qotd: qotd.schedule,
    release: timeline,
    releasePosts: release.posts,
    reminders,
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

/**
 * Builds trivia for the bot: the service, the runtime that owns its timers, the REST sender, and the question of
 * the day on the shared daily scheduler. `src/bot.ts` calls the hooks below at start-up, each minute, on setting
 * changes, when servers come and go, and on stop.
 */
import type { REST } from 'discord.js';
import type { TriviaQuestion } from '../content/schemas.js';
import type { Logger } from '../logger.js';
import { DailyScheduler } from '../schedule/daily-scheduler.js';
import type { KeyValueStore } from '../store.js';
import { qotdJob } from './qotd.js';
import { realTimers, TriviaRuntime, type TriviaTimers } from './runtime.js';
import { restSender } from './sender.js';
import { TriviaService, type TriviaServiceOptions, type TriviaTiming } from './service.js';

/**
 * Test-only overrides (BotOptions.trivia): manual timers so a test moves time on by hand, a seeded random, and
 * shorter pauses or cooldowns. The running bot uses none of them.
 */
export interface TriviaTestOptions {
  timers?: TriviaTimers;
  random?: () => number;
  timing?: Partial<TriviaTiming>;
}

export interface Trivia {
  service: TriviaService;
  runtime: TriviaRuntime;
  /** The question of the day's scheduler (tests drive its tick with an injected clock). */
  qotd: DailyScheduler;
  /** After the client is ready: resumes the stored games of these servers and plans their questions of the day. */
  recover(guildIds: Iterable<string>): Promise<number>;
  /** Each minute: posts the questions of the day that are due. */
  tick(): void;
  /** After a settings change: re-plans the question of the day when its settings changed. */
  settingsChanged(guildId: string, settings: readonly string[]): void;
  guildAdded(guildId: string): void;
  guildRemoved(guildId: string): void;
  /** Refuses new games, clears every timer, waits for a reveal, question or daily post in progress. */
  stop(): Promise<void>;
}

export function createTrivia(
  deps: {
    store: KeyValueStore;
    settings: TriviaServiceOptions['settings'];
    builtIn: readonly TriviaQuestion[];
    rest: Pick<REST, 'post' | 'patch'>;
    now: () => Date;
    logger: Logger;
  },
  test: TriviaTestOptions = {},
): Trivia {
  const runtime = new TriviaRuntime({
    timers: test.timers ?? realTimers,
    now: deps.now,
    logger: deps.logger,
  });
  const sender = restSender(deps.rest);
  const service = new TriviaService({
    store: deps.store,
    settings: deps.settings,
    builtIn: deps.builtIn,
    sender,
    runtime,
    now: deps.now,
    logger: deps.logger,
    ...(test.random === undefined ? {} : { random: test.random }),
    ...(test.timing === undefined ? {} : { timing: test.timing }),
  });
  const qotd = new DailyScheduler({
    job: qotdJob({ settings: deps.settings, trivia: service, sender, logger: deps.logger }),
    store: deps.store,
    now: deps.now,
    logger: deps.logger,
  });
  service.qotd = qotd;
  const replan = (guildId: string, reenable: boolean): void => {
    qotd
      .refresh(guildId, { reenable })
      .catch((error: unknown) =>
        deps.logger.error({ err: error, guild: guildId }, 'could not plan the question of the day'),
      );
  };
  return {
    service,
    runtime,
    qotd,
    async recover(guildIds) {
      const ids = [...guildIds];
      const resumed = await service.recover(ids);
      await qotd.track(ids);
      // A question of the day missed while the bot was down (under 6 hours) goes out now.
      qotd.tick();
      return resumed;
    },
    tick: () => qotd.tick(),
    settingsChanged(guildId, settings) {
      const qotdChanged = settings.some((setting) => setting.startsWith('qotd'));
      if (qotdChanged || settings.includes('triviaSource')) replan(guildId, qotdChanged);
    },
    guildAdded: (guildId) => replan(guildId, false),
    guildRemoved: (guildId) => qotd.forget(guildId),
    async stop() {
      service.stopAccepting();
      await runtime.stop();
      await qotd.stop();
    },
  };
}

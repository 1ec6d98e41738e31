/**
 * Trivia as a {@link Feature}: the `/trivia` command's games, scores and each server's own questions. Builds the
 * service, the runtime that owns its timers and the REST sender; at start-up it resumes the games that were
 * open, on stop it refuses new games and waits for a reveal or question in progress, and on the 30-day purge it
 * deletes a server's games, scores and questions.
 */
import type { Locale } from '../i18n/index.js';
import type { REST } from 'discord.js';
import type { TriviaQuestion } from '../content/schemas.js';
import type { Feature } from '../feature.js';
import type { Logger } from '../logger.js';
import type { KeyValueStore } from '../store.js';
import { realTimers, TriviaRuntime, type TriviaTimers } from './runtime.js';
import { restSender } from './sender.js';
import { TriviaService, type TriviaSender, type TriviaServiceOptions, type TriviaTiming } from './service.js';

/**
 * Test-only overrides (BotOptions.trivia): manual timers so a test moves time on by hand, a seeded random, and
 * shorter pauses or cooldowns. The running bot uses none of them.
 */
export interface TriviaTestOptions {
  timers?: TriviaTimers;
  random?: () => number;
  timing?: Partial<TriviaTiming>;
}

export interface TriviaFeature extends Feature {
  readonly service: TriviaService;
  readonly runtime: TriviaRuntime;
  /** Channel messages over REST, never pinging: shared with the question of the day. */
  readonly sender: TriviaSender;
}

export function triviaFeature(
  deps: {
    store: KeyValueStore;
    settings: TriviaServiceOptions['settings'];
    builtIn: readonly TriviaQuestion[];
    /** The built-in questions in a language (`contentIn(content, locale).trivia`). */
    builtInIn?: (locale: Locale) => readonly TriviaQuestion[];
    rest: Pick<REST, 'post' | 'patch'>;
    now: () => Date;
    logger: Logger;
  },
  test: TriviaTestOptions = {},
): TriviaFeature {
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
    ...(deps.builtInIn === undefined ? {} : { builtInIn: deps.builtInIn }),
    sender,
    runtime,
    now: deps.now,
    logger: deps.logger,
    ...(test.random === undefined ? {} : { random: test.random }),
    ...(test.timing === undefined ? {} : { timing: test.timing }),
  });
  return {
    name: 'trivia',
    commands: ['trivia'],
    service,
    runtime,
    sender,
    async recover(guildIds) {
      // Questions open when the bot stopped: their buttons work again, and overdue reveals happen now.
      await service.recover(guildIds);
    },
    forget: (guildId) => service.forget(guildId),
    async stop() {
      service.stopAccepting();
      await runtime.stop();
    },
  };
}

/**
 * The question of the day as a {@link Feature}: one trivia question a day per server, on its own daily scheduler,
 * drawn from trivia's question pool (which is all it asks of trivia). Re-planned when its settings or the
 * server's trivia source change.
 */
import type { Feature } from '../feature.js';
import type { Logger } from '../logger.js';
import { DailyScheduler, dailyPostHooks } from '../schedule/daily-scheduler.js';
import type { GuildSettings } from '../settings/definitions.js';
import type { KeyValueStore } from '../store.js';
import type { TriviaSender, TriviaService } from '../trivia/service.js';
import { qotdJob } from './job.js';

export interface QotdFeature extends Feature {
  /** The daily posts' scheduler (handlers ask it for status; tests drive its tick with an injected clock). */
  readonly schedule: DailyScheduler;
}

export function qotdFeature(deps: {
  store: KeyValueStore;
  settings: { get(guildId: string): Promise<Readonly<GuildSettings>> };
  trivia: Pick<TriviaService, 'questionOfTheDay'>;
  /** The server's own Discord language (`guild.preferredLocale`), for servers that chose none with /config. */
  guildLocale?: (guildId: string) => string | undefined;
  sender: TriviaSender;
  now: () => Date;
  logger: Logger;
}): QotdFeature {
  const { store, settings, trivia, sender, now, logger, guildLocale } = deps;
  const schedule = new DailyScheduler({
    job: qotdJob({ settings, trivia, sender, logger, ...(guildLocale === undefined ? {} : { guildLocale }) }),
    store,
    now,
    logger,
  });
  return {
    name: 'qotd',
    schedule,
    ...dailyPostHooks(schedule),
    async settingsChanged(guildId, changes) {
      const qotdChanged = changes.some((change) => change.setting.startsWith('qotd'));
      // The trivia source decides which questions it draws from, but a schedule Discord stopped stays stopped.
      if (qotdChanged || changes.some((change) => change.setting === 'triviaSource')) {
        await schedule.refresh(guildId, { reenable: qotdChanged });
      }
    },
  };
}

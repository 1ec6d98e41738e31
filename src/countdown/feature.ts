/**
 * The countdown as a {@link Feature}: the `/countdown` command, and the daily countdown post of each server on
 * its own daily scheduler, re-planned when a server's countdown or release settings change.
 */
import type { Content } from '../content/load.js';
import type { Release } from '../content/schemas.js';
import type { Feature } from '../feature.js';
import type { Logger } from '../logger.js';
import { DailyScheduler, dailyPostHooks } from '../schedule/daily-scheduler.js';
import type { GuildSettingsService } from '../settings/service.js';
import type { KeyValueStore } from '../store.js';
import { countdownJob, type SendMessage } from './job.js';
import type { WindowOrigin } from './target.js';

export interface CountdownFeature extends Feature {
  /** The daily posts' scheduler (handlers ask it for status; tests drive its tick with an injected clock). */
  readonly schedule: DailyScheduler;
}

export function countdownFeature(deps: {
  store: KeyValueStore;
  settings: GuildSettingsService;
  content: Content;
  /** The release as the bot believes it now (the operator's news over data/release.json). */
  release: () => Release;
  /** Where that release's window comes from (`ReleaseTimeline.windowOrigin`). */
  windowOrigin: () => WindowOrigin;
  send: SendMessage;
  /** The server's own Discord language (`guild.preferredLocale`), for servers that chose none with /config. */
  guildLocale: (guildId: string) => string | undefined;
  now: () => Date;
  logger: Logger;
}): CountdownFeature {
  const { store, settings, content, release, windowOrigin, send, guildLocale, now, logger } = deps;
  const schedule = new DailyScheduler({
    job: countdownJob({ settings, content, release, windowOrigin, send, now, guildLocale }),
    store,
    now,
    logger,
  });
  return {
    name: 'countdown',
    commands: ['countdown'],
    schedule,
    ...dailyPostHooks(schedule),
    async settingsChanged(guildId, changes) {
      // A moderator who touches the countdown set-up has had a look: a schedule disabled by Discord may retry.
      const reenable = changes.some((change) => change.setting.startsWith('countdown'));
      await schedule.refresh(guildId, { reenable });
    },
  };
}

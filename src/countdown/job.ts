/** The daily countdown post as a {@link DailyJob}: planned from a server's settings, sent through Discord's REST. */
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Content } from '../content/load.js';
import { contentIn, releaseIn } from '../content/translations.js';
import { serverLocale } from '../i18n/index.js';
import type { DailyJob, DailyPlan } from '../schedule/daily-scheduler.js';
import type { GuildSettingsService } from '../settings/service.js';
import { pickFact, renderCountdownPost } from './render.js';
import { countdownState, hasFutureTarget } from './state.js';
import { ARTICLE_WINDOW, resolveTarget, type WindowOrigin } from './target.js';
import { remindMeRow } from '../reminders/render.js';

/** Sends a message to a channel (the bot: `client.rest.post(Routes.channelMessages(id), { body })`). */
export type SendMessage = (channelId: string, body: RESTPostAPIChannelMessageJSONBody) => Promise<unknown>;

const DAY_MS = 24 * 60 * 60_000;

export function countdownJob(deps: {
  settings: GuildSettingsService;
  content: Content;
  /** The release as the bot believes it now (the operator's news over data/release.json); default: the file's. */
  release?: () => Content['release'];
  /** Where that release's window comes from (`ReleaseTimeline.windowOrigin`); default: the article. */
  windowOrigin?: () => WindowOrigin;
  send: SendMessage;
  now: () => Date;
  /** The server's own Discord language (`guild.preferredLocale`), for servers that chose none with /config. */
  guildLocale?: (guildId: string) => string | undefined;
}): DailyJob {
  const { settings, content, send, now, guildLocale } = deps;
  const release = deps.release ?? (() => content.release);
  const windowOrigin = deps.windowOrigin ?? (() => ARTICLE_WINDOW);
  return {
    name: 'countdown',
    async plan(guildId, at): Promise<DailyPlan> {
      const values = await settings.get(guildId);
      if (!values.countdownEnabled) return { kind: 'idle', reason: { key: 'schedule.idle.countdownOff' } };
      if (values.countdownChannel === null) {
        return { kind: 'idle', reason: { key: 'schedule.idle.noCountdownChannel' } };
      }
      const target = resolveTarget(release(), values, 'en', windowOrigin());
      if (!hasFutureTarget(countdownState(target, at, values.countdownTimezone))) {
        // Said later, in the language of whoever asks (/config check): the window's label is left to the release
        // part of the check, which shows it in that language.
        return {
          kind: 'idle',
          reason:
            target.kind === 'window'
              ? { key: 'schedule.idle.windowPassed' }
              : target.kind === 'premiere'
                ? {
                    key: 'schedule.idle.premierePassed',
                    values: {
                      title: release().title,
                      full: `<t:${Math.floor(target.at.getTime() / 1000)}:F>`,
                    },
                  }
                : { key: 'schedule.idle.serverDatePassed' },
        };
      }
      return { kind: 'planned', time: values.countdownTime, timeZone: values.countdownTimezone };
    },
    async post(guildId, date, nonce) {
      const values = await settings.get(guildId);
      const channelId = values.countdownChannel;
      if (channelId === null) return;
      // The whole channel reads the post: in the server's language.
      const locale = serverLocale(values.language, guildLocale?.(guildId));
      const local = contentIn(content, locale);
      const target = resolveTarget(releaseIn(content, release(), locale), values, locale, windowOrigin());
      const state = countdownState(target, now(), values.countdownTimezone);
      // Planned yesterday for today, but the target has passed since (the day after the release): nothing to say.
      if (!hasFutureTarget(state)) return;
      const post = renderCountdownPost({
        state,
        target,
        fact: pickFact(local, Math.floor(Date.parse(date) / DAY_MS), locale),
        roleId: values.countdownRole,
        milestones: values.countdownMilestones,
        locale,
      });
      await send(channelId, {
        content: post.content,
        embeds: post.embeds,
        allowed_mentions: { parse: [], roles: post.allowedMentions.roles },
        components: [remindMeRow(locale)],
        nonce,
        enforce_nonce: true,
      });
    },
  };
}

/** The release part of `/config check`: what the countdown counts down to, where that comes from, and since when. */
import type { CheckResult } from '../admin/diagnose.js';
import type { Content } from '../content/load.js';
import { releaseIn } from '../content/translations.js';
import { resolveTarget } from '../countdown/target.js';
import { t, type Locale } from '../i18n/index.js';
import type { GuildSettings } from '../settings/definitions.js';
import { HISTORY_LIMIT, type GuildSettingsService } from '../settings/service.js';
import { plainText } from '../settings/validate.js';
import { provenance, releaseWords } from './render.js';
import type { ReleaseTimeline } from './timeline.js';

const unix = (at: Date): number => Math.floor(at.getTime() / 1000);

export async function releaseChecks(
  timeline: Pick<ReleaseTimeline, 'release' | 'current' | 'windowOrigin'>,
  settings: Pick<GuildSettingsService, 'history'>,
  values: GuildSettings,
  guildId: string,
  now: Date,
  locale: Locale = 'en',
  content?: Content,
): Promise<CheckResult[]> {
  const current = timeline.release();
  const release = content === undefined ? current : releaseIn(content, current, locale);
  const target = resolveTarget(release, values, locale, timeline.windowOrigin());
  const serverChange =
    target.kind === 'server'
      ? (await settings.history(guildId, HISTORY_LIMIT)).find((change) => change.setting === 'releaseDate')
      : undefined;
  const results: CheckResult[] = [];
  results.push({
    ok: true,
    text:
      target.kind === 'server'
        ? t(locale, 'release.check.countsDownToServer', {
            label: plainText(target.label, 100),
            full: `<t:${unix(target.at)}:F>`,
          })
        : t(locale, 'release.check.countsDownTo', { words: releaseWords(locale, release) }),
  });
  results.push({ ok: true, text: provenance(target, timeline.current(), serverChange, locale) });
  if (target.kind !== 'window' && target.at.getTime() <= now.getTime()) {
    results.push({
      ok: true,
      text:
        target.kind === 'premiere'
          ? t(locale, 'release.check.premierePassed', {
              title: release.title,
              full: `<t:${unix(target.at)}:F>`,
            })
          : t(locale, 'release.check.serverPassed', { relative: `<t:${unix(target.at)}:R>` }),
    });
  }
  results.push({
    ok: true,
    text: t(
      locale,
      values.countdownAnnouncements ? 'release.check.announcementsOn' : 'release.check.announcementsOff',
    ),
  });
  return results;
}

/** What a server's countdown counts down to: its own date, else the confirmed premiere, else the release window. */
import type { Release } from '../content/schemas.js';
import { t, type Locale } from '../i18n/index.js';
import type { GuildSettings } from '../settings/definitions.js';
import { localDate, zonedInstant } from './zoned-time.js';

/**
 * Where a release window comes from: the announcement article (`data/release.json`), or the latest news the
 * bot's operator gave (`/operator release window`), with its source as the operator typed it.
 */
export type WindowOrigin = { from: 'article' } | { from: 'operator'; source: string };

/** The built-in window's origin: the announcement article. */
export const ARTICLE_WINDOW: WindowOrigin = Object.freeze({ from: 'article' });

/**
 * A countdown target. `server` and `premiere` are exact instants (`date` is the target's local date in its own
 * zone: the release timezone, or the premiere's own UTC offset). A `window` has calendar dates only, no time of
 * day and no zone: what the article or the operator's news announced ("late summer 2026"), as the bot reads it
 * (`reading`), and where it comes from (`from`), so that its words never credit the article with the operator's
 * news.
 */
export type CountdownTarget =
  | { kind: 'server'; at: Date; date: string; label: string }
  | { kind: 'premiere'; at: Date; date: string; label: string }
  | ({ kind: 'window'; start: string; end: string; label: string; reading: string } & WindowOrigin);

export type TargetSettings = Pick<
  GuildSettings,
  'releaseDate' | 'releaseTime' | 'releaseTimezone' | 'releaseLabel'
>;

/**
 * The target, in order of precedence: the server's own date (release date, time, timezone and label), the
 * confirmed premiere, the announced window. Labels are in `locale`, with `release` in the same language
 * (`contentIn`); a label a moderator typed stays as typed. `windowOrigin` says where `release`'s window comes from
 * (`ReleaseTimeline.windowOrigin()`); the default, the article, is right only for `data/release.json` itself.
 */
export function resolveTarget(
  release: Release,
  settings: TargetSettings,
  locale: Locale = 'en',
  windowOrigin: WindowOrigin = ARTICLE_WINDOW,
): CountdownTarget {
  if (settings.releaseDate !== null) {
    const at = zonedInstant(settings.releaseDate, settings.releaseTime, settings.releaseTimezone);
    return {
      kind: 'server',
      at,
      date: localDate(at, settings.releaseTimezone),
      label: settings.releaseLabel ?? t(locale, 'countdown.target.serverDate', { title: release.title }),
    };
  }
  if (release.premiere !== null) {
    // An ISO date-time with an offset ("2026-08-28T00:00:00-07:00"): its date part is the local date there.
    return {
      kind: 'premiere',
      at: new Date(release.premiere),
      date: release.premiere.slice(0, 10),
      label: t(locale, 'countdown.target.premiere', { title: release.title }),
    };
  }
  return {
    kind: 'window',
    start: release.window.start,
    end: release.window.end,
    label: release.window.label,
    reading: release.window.reading,
    ...windowOrigin,
  };
}

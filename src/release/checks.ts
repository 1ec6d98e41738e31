/** The release part of `/config check`: what the countdown counts down to, where that comes from, and since when. */
import type { CheckResult } from '../admin/diagnose.js';
import { resolveTarget } from '../countdown/target.js';
import type { GuildSettings } from '../settings/definitions.js';
import { HISTORY_LIMIT, type GuildSettingsService } from '../settings/service.js';
import { plainText } from '../settings/validate.js';
import { provenance, releaseWords } from './render.js';
import type { ReleaseTimeline } from './timeline.js';

const unix = (at: Date): number => Math.floor(at.getTime() / 1000);

export async function releaseChecks(
  timeline: Pick<ReleaseTimeline, 'release' | 'current'>,
  settings: Pick<GuildSettingsService, 'history'>,
  values: GuildSettings,
  guildId: string,
  now: Date,
): Promise<CheckResult[]> {
  const release = timeline.release();
  const target = resolveTarget(release, values);
  const serverChange =
    target.kind === 'server'
      ? (await settings.history(guildId, HISTORY_LIMIT)).find((change) => change.setting === 'releaseDate')
      : undefined;
  const results: CheckResult[] = [];
  const counting =
    target.kind === 'server'
      ? `this server's own date, **${plainText(target.label, 100)}** <t:${unix(target.at)}:F>`
      : releaseWords(release);
  results.push({ ok: true, text: `The countdown counts down to ${counting}.` });
  results.push({ ok: true, text: provenance(target, timeline.current(), serverChange) });
  if (target.kind !== 'window' && target.at.getTime() <= now.getTime()) {
    results.push({
      ok: true,
      text:
        target.kind === 'premiere'
          ? `${release.title} is out since <t:${unix(target.at)}:F>: the daily countdown posts have stopped, as there is nothing left to count down to.`
          : `This server's date has passed (<t:${unix(target.at)}:R>): the daily countdown posts have stopped until a new one is set with /config release.`,
    });
  }
  results.push({
    ok: true,
    text: values.countdownAnnouncements
      ? 'Release announcements are on: the countdown channel gets one post when a new date or window is announced.'
      : 'Release announcements are off (`/config countdown announcements:True` turns them on).',
  });
  return results;
}

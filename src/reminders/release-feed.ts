/**
 * What reminders need to know about the release: the release as the bot believes it now, its latest change, and
 * a call when it changes. The bot reads it from the live release timeline ({@link timelineFeed}); unit tests
 * hand in a fixed one.
 */
import type { Release } from '../content/schemas.js';
import { releaseIn } from '../content/translations.js';
import type { Locale } from '../i18n/index.js';
import type { ReleaseTimeline } from '../release/timeline.js';
import type { ReleaseMoments } from './model.js';

/** The latest change of the release: an id unique to it, when members are told, and the news's source. */
export interface ReleaseChangeInfo {
  id: string;
  dueAt: Date;
  source: string | null;
}

export interface ReleaseFeed {
  release(): Release;
  /** The release in a member's language (the English {@link release} when the feed has no translations). */
  releaseIn?(locale: Locale): Release;
  latestChange(): ReleaseChangeInfo | null;
  /** Called after the release changed in this process. */
  onChange(listener: () => void): void;
}

/** The moments reminders can be about, as the feed says now. */
export function momentsOf(feed: ReleaseFeed): ReleaseMoments {
  const premiere = feed.release().premiere;
  const change = feed.latestChange();
  return {
    premiere: premiere === null ? null : new Date(premiere),
    change: change === null ? null : { id: change.id, dueAt: change.dueAt },
  };
}

/**
 * The live release timeline as reminders read it: the operator's release, and the latest change, due when the
 * servers' announcements are (the timeline's announcement delay after it, so two quick changes give one reminder).
 */
export function timelineFeed(
  timeline: Pick<ReleaseTimeline, 'release' | 'current' | 'onChange' | 'builtIn' | 'announceDelayMs'>,
): ReleaseFeed {
  return {
    release: () => timeline.release(),
    releaseIn: (locale) => releaseIn(timeline.builtIn(), timeline.release(), locale),
    latestChange: () => {
      const facts = timeline.current();
      const change = facts.releaseChange;
      if (change === null) return null;
      return {
        id: String(change.revision),
        dueAt: new Date(Date.parse(change.at) + timeline.announceDelayMs),
        source: facts.release?.source ?? null,
      };
    },
    onChange: (listener) => timeline.onChange(() => listener()),
  };
}

/**
 * What the release timeline says: the announcement of a change, the "out now" and "starting now" posts, where a
 * countdown's target comes from, and the operator's own views (status and history). Instants are Discord
 * timestamp markup, shown in each reader's time zone; texts the operator typed are shown as plain text.
 */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import type { CastStatus, Release } from '../content/schemas.js';
import type { CountdownTarget } from '../countdown/target.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';
import { formatCalendarDate, t, type Locale } from '../i18n/index.js';
import { remindMeRow } from '../reminders/render.js';
import { plainText } from '../settings/validate.js';
import { premiereInstant, type Facts, type OperatorChange, type ReleaseNews } from './facts.js';

const unix = (at: Date | string): number =>
  Math.floor((typeof at === 'string' ? Date.parse(at) : at.getTime()) / 1000);
const when = (locale: Locale, at: Date): string =>
  t(locale, 'countdown.when', { full: `<t:${unix(at)}:F>`, relative: `<t:${unix(at)}:R>` });

/** An operator's source as members see it: plain text, no markdown, nothing that reads as a mention. */
export function shownSource(source: string): string {
  return plainText(source, 200);
}

/**
 * What the bot believes about the release, in a line members read: a premiere instant, or a window. `release`
 * should already be in `locale` (`releaseIn`), so the window's label is too.
 */
export function releaseWords(locale: Locale, release: Release): string {
  if (release.premiere !== null)
    return t(locale, 'release.words.premiere', { when: when(locale, new Date(release.premiere)) });
  const { label, start, end } = release.window;
  return t(locale, 'release.words.window', {
    label: plainText(label, 60),
    start: formatCalendarDate(locale, start),
    end: formatCalendarDate(locale, end),
  });
}

export interface AnnouncementInput {
  /** The release now, in `locale`. */
  release: Release;
  news: ReleaseNews | null;
  /** What the bot said before the change, in `locale` (from {@link releaseWords}). */
  before: string;
  roleId: string | null;
  /** The server's own target, which the change does not touch. */
  ownTarget: Extract<CountdownTarget, { kind: 'server' }> | null;
  /** The server's language. */
  locale?: Locale;
}

export interface ReleasePost {
  content: string;
  embeds: APIEmbed[];
  allowedMentions: { parse: []; roles: string[] };
  /** The Remind me button under an announcement; none under the posts at the target instant. */
  components: APIActionRowComponent<APIButtonComponent>[];
}

function post(
  roleId: string | null,
  headline: string,
  embed: APIEmbed,
  components: APIActionRowComponent<APIButtonComponent>[] = [],
): ReleasePost {
  return {
    content: roleId === null ? headline : `<@&${roleId}> ${headline}`,
    embeds: [embed],
    allowedMentions: { parse: [], roles: roleId === null ? [] : [roleId] },
    components,
  };
}

/**
 * The one post a server gets about a change of the release: the new target, what it was before, the source, and
 * the Remind me button: every change is of the bot's release, which reminders follow (a date to be reminded of,
 * or a window or withdrawn date, whose members may want to hear when a date comes).
 */
export function renderAnnouncement(input: AnnouncementInput): ReleasePost {
  const { release, news, before, roleId, ownTarget, locale = 'en' } = input;
  const { title, studio } = release;
  let headline: string;
  let description: string;
  if (news === null) {
    headline = t(locale, 'release.announcement.withdrawnHeadline', { title });
    description = t(locale, 'release.announcement.withdrawnDescription', {
      words: releaseWords(locale, release),
    });
  } else if (news.kind === 'premiere' && release.premiere !== null) {
    headline = t(locale, 'release.announcement.premiereHeadline', { title });
    description = t(locale, 'release.announcement.premiereDescription', {
      title,
      studio,
      when: when(locale, new Date(release.premiere)),
    });
  } else {
    headline = t(locale, 'release.announcement.windowHeadline', { title });
    // The operator's news, not the studio's words: its source is in the Source field.
    description = t(locale, 'release.announcement.windowDescription', {
      words: releaseWords(locale, release),
    });
  }
  const fields: APIEmbedField[] = [
    { name: t(locale, 'release.announcement.before'), value: clip(before, EMBED_LIMITS.fieldValue) },
  ];
  if (news !== null)
    fields.push({ name: t(locale, 'release.announcement.source'), value: shownSource(news.source) });
  if (ownTarget !== null) {
    fields.push({
      name: t(locale, 'release.announcement.thisServer'),
      value: clip(
        t(locale, 'release.announcement.ownTarget', {
          label: plainText(ownTarget.label, 100),
          when: when(locale, ownTarget.at),
        }),
        EMBED_LIMITS.fieldValue,
      ),
    });
  }
  return post(
    roleId,
    headline,
    {
      color: BRAND_COLOUR,
      title: clip(t(locale, 'release.announcement.title', { title }), EMBED_LIMITS.title),
      description: clip(description, EMBED_LIMITS.description),
      fields,
      footer: { text: t(locale, 'release.announcement.footer') },
    },
    [remindMeRow(locale)],
  );
}

/**
 * The post at the target instant: "out now" for the premiere, "starting now" for a server's own date. Neither has
 * the Remind me button: after the premiere no reminder is left, and reminders never follow a server's own date.
 */
export function renderTargetArrived(
  target: Exclude<CountdownTarget, { kind: 'window' }>,
  release: Release,
  roleId: string | null,
  locale: Locale = 'en',
): ReleasePost {
  const { title, studio } = release;
  if (target.kind === 'premiere') {
    return post(roleId, t(locale, 'release.arrived.premiereHeadline', { title, studio }), {
      color: BRAND_COLOUR,
      title: clip(t(locale, 'release.arrived.premiereTitle', { title }), EMBED_LIMITS.title),
      description: t(locale, 'release.arrived.premiereDescription', { title, when: when(locale, target.at) }),
    });
  }
  const label = plainText(target.label, 100);
  return post(roleId, t(locale, 'release.arrived.serverHeadline', { label }), {
    color: BRAND_COLOUR,
    title: clip(t(locale, 'release.arrived.serverTitle', { label: target.label }), EMBED_LIMITS.title),
    description: t(locale, 'release.arrived.serverDescription', { label, when: when(locale, target.at) }),
  });
}

/** Where a server's countdown target comes from, and when it was last updated, for /countdown and /config check. */
export function provenance(
  target: CountdownTarget,
  facts: Facts,
  serverChange: { at: string; actorId: string } | undefined,
  locale: Locale = 'en',
): string {
  if (target.kind === 'server') {
    return serverChange === undefined
      ? t(locale, 'release.provenance.server')
      : t(locale, 'release.provenance.serverUpdated', {
          relative: `<t:${unix(serverChange.at)}:R>`,
          actor: `<@${serverChange.actorId}>`,
        });
  }
  const news = facts.release;
  if (news === null) return t(locale, 'release.provenance.builtIn');
  return t(locale, 'release.provenance.operator', {
    source: shownSource(news.source),
    relative: `<t:${unix(news.at)}:R>`,
  });
}

/**
 * What the bot believes about the release, as the operator reads it: "premiere <timestamp> (entered as 14
 * February 2027, 20:00 America/New_York)" or "window **February 2027** (1 February 2027 to 28 February 2027)".
 * `base` is the built-in release in `locale` (`releaseIn`); the operator's label stays as typed.
 */
export function describeRelease(locale: Locale, base: Release, news: ReleaseNews | null): string {
  const span = (start: string, end: string) => ({
    start: formatCalendarDate(locale, start),
    end: formatCalendarDate(locale, end),
  });
  if (news === null) {
    return base.premiere !== null
      ? t(locale, 'operator.release.builtInPremiere', { when: `<t:${unix(base.premiere)}:F>` })
      : t(locale, 'operator.release.builtInWindow', {
          label: plainText(base.window.label, 60),
          ...span(base.window.start, base.window.end),
        });
  }
  return news.kind === 'premiere'
    ? t(locale, 'operator.release.premiere', {
        when: `<t:${unix(premiereInstant(news))}:F>`,
        date: formatCalendarDate(locale, news.date),
        time: news.time,
        timeZone: plainText(news.timeZone, 64),
      })
    : t(locale, 'operator.release.window', {
        label: plainText(news.label, 60),
        ...span(news.start, news.end),
      });
}

const castStatus = (locale: Locale, status: CastStatus): string => t(locale, `cast.status.${status}`);

/**
 * An operator change in `locale`: what it is about ("Release" or a person), and the old and the new belief.
 * `base` is the built-in release in `locale`. Records written before translations are shown as they were kept.
 */
export function describeChange(
  locale: Locale,
  change: OperatorChange,
  base: Release,
): { subject: string; old: string; new: string } {
  const { detail } = change;
  if (detail === undefined) {
    return {
      subject: plainText(change.subject, 80),
      old: plainText(change.old, 120),
      new: plainText(change.new, 120),
    };
  }
  return detail.kind === 'release'
    ? {
        subject: t(locale, 'operator.history.release'),
        old: describeRelease(locale, base, detail.old),
        new: describeRelease(locale, base, detail.new),
      }
    : {
        subject: plainText(change.subject, 80),
        old: castStatus(locale, detail.old),
        new: castStatus(locale, detail.new),
      };
}

/** `/operator status` in `locale`: what the bot believes now, and when each shard last read the facts. */
export function renderOperatorStatus(input: {
  /** The release now, in `locale` (`releaseIn`). */
  release: Release;
  facts: Facts;
  readers: readonly { shard: number; at: string | null; revision: number | null }[];
  castNames: ReadonlyMap<string, string>;
  locale: Locale;
}): APIEmbed {
  const { release, facts, readers, castNames, locale } = input;
  const releaseLines = [
    releaseWords(locale, release),
    facts.release === null
      ? t(locale, 'operator.status.builtInSource')
      : t(locale, 'operator.status.operatorSource', {
          source: shownSource(facts.release.source),
          relative: `<t:${unix(facts.release.at)}:R>`,
          by: `<@${facts.release.by}>`,
        }),
  ];
  const castLines = Object.entries(facts.cast).map(([id, news]) =>
    t(locale, 'operator.status.castLine', {
      name: plainText(castNames.get(id) ?? id, 80),
      status: castStatus(locale, news.status),
      source: shownSource(news.source),
      relative: `<t:${unix(news.at)}:R>`,
    }),
  );
  const shardLines = readers.map((reader) =>
    reader.at === null
      ? t(locale, 'operator.status.shardUnread', { shard: reader.shard })
      : t(
          locale,
          reader.revision === facts.revision ? 'operator.status.shardRead' : 'operator.status.shardBehind',
          {
            shard: reader.shard,
            revision: reader.revision ?? '?',
            relative: `<t:${unix(reader.at)}:R>`,
          },
        ),
  );
  return {
    color: BRAND_COLOUR,
    title: clip(t(locale, 'operator.status.title', { revision: facts.revision }), EMBED_LIMITS.title),
    fields: [
      {
        name: t(locale, 'operator.status.release'),
        value: joinLinesWithin(releaseLines, EMBED_LIMITS.fieldValue),
      },
      {
        name: t(locale, 'operator.status.cast'),
        value:
          castLines.length === 0
            ? t(locale, 'operator.status.noCastNews')
            : joinLinesWithin(castLines, EMBED_LIMITS.fieldValue),
      },
      {
        name: t(locale, 'operator.status.shards'),
        value: joinLinesWithin(shardLines, EMBED_LIMITS.fieldValue),
      },
    ],
  };
}

/** `/operator history` in `locale`: every change, newest first (as many as fit). `base`: as for describeChange. */
export function renderOperatorHistory(
  history: readonly OperatorChange[],
  base: Release,
  locale: Locale,
): APIEmbed {
  const lines = [...history].reverse().map((change) => {
    const values = {
      when: `<t:${unix(change.at)}:f>`,
      by: `<@${change.by}>`,
      ...describeChange(locale, change, base),
    };
    return change.source === null
      ? t(locale, 'operator.history.line', values)
      : t(locale, 'operator.history.lineWithSource', { ...values, source: shownSource(change.source) });
  });
  return {
    color: BRAND_COLOUR,
    title: t(locale, 'operator.history.title'),
    description:
      lines.length === 0
        ? t(locale, 'operator.history.empty')
        : joinLinesWithin(lines, EMBED_LIMITS.description),
  };
}

/**
 * What the release timeline says: the announcement of a change, the "out now" and "starting now" posts, where a
 * countdown's target comes from, and the operator's own views (status and history). Instants are Discord
 * timestamp markup, shown in each reader's time zone; texts the operator typed are shown as plain text.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import type { Release } from '../content/schemas.js';
import type { CountdownTarget } from '../countdown/target.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';
import { plainText } from '../settings/validate.js';
import type { Facts, OperatorChange, ReleaseNews } from './facts.js';

const unix = (at: Date | string): number =>
  Math.floor((typeof at === 'string' ? Date.parse(at) : at.getTime()) / 1000);
const when = (at: Date): string => `<t:${unix(at)}:F> (<t:${unix(at)}:R>)`;

/** An operator's source as members see it: plain text, no markdown, nothing that reads as a mention. */
export function shownSource(source: string): string {
  return plainText(source, 200);
}

/** What the bot believes about the release, in a line members read: a premiere instant, or a window. */
export function releaseWords(release: Release): string {
  if (release.premiere !== null) return `premiere ${when(new Date(release.premiere))}`;
  const { label, start, end } = release.window;
  return `**${plainText(label, 60)}**, no day announced (the bot reads it as ${start} to ${end})`;
}

export interface AnnouncementInput {
  release: Release;
  news: ReleaseNews | null;
  /** What the bot said before the change (from {@link releaseWords}). */
  before: string;
  roleId: string | null;
  /** The server's own target, which the change does not touch. */
  ownTarget: Extract<CountdownTarget, { kind: 'server' }> | null;
}

export interface ReleasePost {
  content: string;
  embeds: APIEmbed[];
  allowedMentions: { parse: []; roles: string[] };
}

function post(roleId: string | null, headline: string, embed: APIEmbed): ReleasePost {
  return {
    content: roleId === null ? headline : `<@&${roleId}> ${headline}`,
    embeds: [embed],
    allowedMentions: { parse: [], roles: roleId === null ? [] : [roleId] },
  };
}

/** The one post a server gets about a change of the release: the new target, what it was before, the source. */
export function renderAnnouncement(input: AnnouncementInput): ReleasePost {
  const { release, news, before, roleId, ownTarget } = input;
  const title = release.title;
  let headline: string;
  let description: string;
  if (news === null) {
    headline = `📣 **${title}:** the announced release news was withdrawn.`;
    description = `The bot is back to what the announcement article said: ${releaseWords(release)}.`;
  } else if (news.kind === 'premiere' && release.premiere !== null) {
    headline = `📣 **${title} has a premiere date!**`;
    description = `**${title}** premieres on ${release.studio} ${when(new Date(release.premiere))}.`;
  } else {
    headline = `📣 **${title}: a new release window.**`;
    description = `${release.studio} now says ${releaseWords(release)}. No day has been announced yet.`;
  }
  const fields: APIEmbedField[] = [{ name: 'Before', value: clip(before, EMBED_LIMITS.fieldValue) }];
  if (news !== null) fields.push({ name: 'Source', value: shownSource(news.source) });
  if (ownTarget !== null) {
    fields.push({
      name: 'This server',
      value: clip(
        `This server counts down to its own date, **${plainText(ownTarget.label, 100)}** ${when(ownTarget.at)}, ` +
          'which its moderators set: it stays as it is.',
        EMBED_LIMITS.fieldValue,
      ),
    });
  }
  return post(roleId, headline, {
    color: BRAND_COLOUR,
    title: clip(`${title}: release news`, EMBED_LIMITS.title),
    description,
    fields,
    footer: {
      text: 'Times show in your own time zone. Turn these posts off with /config countdown announcements:False.',
    },
  });
}

/** The post at the target instant: "out now" for the premiere, "starting now" for a server's own date. */
export function renderTargetArrived(
  target: Exclude<CountdownTarget, { kind: 'window' }>,
  release: Release,
  roleId: string | null,
): ReleasePost {
  if (target.kind === 'premiere') {
    return post(roleId, `🎬 **Out now:** ${release.title} is out on ${release.studio}!`, {
      color: BRAND_COLOUR,
      title: clip(`Out now: ${release.title}`, EMBED_LIMITS.title),
      description: `${release.title} premiered ${when(target.at)}. Enjoy the film!`,
    });
  }
  const label = plainText(target.label, 100);
  return post(roleId, `🎉 **Starting now:** ${label}!`, {
    color: BRAND_COLOUR,
    title: clip(`Starting now: ${target.label}`, EMBED_LIMITS.title),
    description: `**${label}** starts ${when(target.at)}.`,
  });
}

/** Where a server's countdown target comes from, and when it was last updated, for /countdown and /config check. */
export function provenance(
  target: CountdownTarget,
  facts: Facts,
  serverChange: { at: string; actorId: string } | undefined,
): string {
  if (target.kind === 'server') {
    return serverChange === undefined
      ? "This server's own date, set by its moderators with /config release."
      : `This server's own date, set by its moderators with /config release (last updated <t:${unix(serverChange.at)}:R> by <@${serverChange.actorId}>).`;
  }
  const news = facts.release;
  if (news === null) return "From the sequel's announcement article, the bot's built-in facts.";
  return `Source: ${shownSource(news.source)}. Last updated <t:${unix(news.at)}:R> by the bot's operator.`;
}

/** `/operator status`: what the bot believes now, and when each shard last read the facts. */
export function renderOperatorStatus(input: {
  release: Release;
  facts: Facts;
  readers: readonly { shard: number; at: string | null; revision: number | null }[];
  castNames: ReadonlyMap<string, string>;
}): APIEmbed {
  const { release, facts, readers, castNames } = input;
  const releaseLines = [releaseWords(release)];
  releaseLines.push(
    facts.release === null
      ? 'Source: the announcement article (data/release.json); no operator override.'
      : `Source: ${shownSource(facts.release.source)} · set <t:${unix(facts.release.at)}:R> by <@${facts.release.by}>`,
  );
  const castLines = Object.entries(facts.cast).map(
    ([id, news]) =>
      `**${plainText(castNames.get(id) ?? id, 80)}**: ${news.status} · ${shownSource(news.source)} · <t:${unix(news.at)}:R>`,
  );
  const shardLines = readers.map((reader) =>
    reader.at === null
      ? `Shard ${reader.shard}: has not read the facts yet`
      : `Shard ${reader.shard}: read revision ${reader.revision ?? '?'} <t:${unix(reader.at)}:R>` +
        (reader.revision === facts.revision ? '' : ' ⚠️ behind'),
  );
  return {
    color: BRAND_COLOUR,
    title: `What the bot believes now (revision ${facts.revision})`,
    fields: [
      { name: 'Release', value: joinLinesWithin(releaseLines, EMBED_LIMITS.fieldValue) },
      {
        name: 'Cast news',
        value:
          castLines.length === 0
            ? 'None: data/cast.json as it is.'
            : joinLinesWithin(castLines, EMBED_LIMITS.fieldValue),
      },
      { name: 'Shards', value: joinLinesWithin(shardLines, EMBED_LIMITS.fieldValue) },
    ],
  };
}

/** `/operator history`: every change, newest first (as many as fit). */
export function renderOperatorHistory(history: readonly OperatorChange[]): APIEmbed {
  const lines = [...history]
    .reverse()
    .map(
      (change) =>
        `<t:${unix(change.at)}:f> <@${change.by}> **${plainText(change.subject, 80)}**: ${plainText(change.old, 120)} → ${plainText(change.new, 120)}` +
        (change.source === null ? '' : ` · source: ${shownSource(change.source)}`),
    );
  return {
    color: BRAND_COLOUR,
    title: 'Operator changes',
    description: lines.length === 0 ? 'No changes yet.' : joinLinesWithin(lines, EMBED_LIMITS.description),
  };
}

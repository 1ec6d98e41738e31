/** Embeds for /cast: the overview of everyone and one person's detail card. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CastGroup, CastMember, CastStatus } from '../content/schemas.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';

/** The bot's colour: purple, of course. */
export const BRAND_COLOUR = 0x7b3fa0;

export const STATUS_LABELS: Record<CastStatus, string> = {
  confirmed: '✅ Confirmed',
  rumored: '❓ Rumored',
  'in-talks': '💬 In talks',
  'not-in-film': '🚫 Not in the film',
};

const GROUP_TITLES: Record<CastGroup, string> = {
  main: 'Returning leads',
  supporting: 'Returning supporting cast',
  new: 'New additions',
  crew: 'Key crew',
  source: 'Source material of the 2022 film',
};

/** What the bot shows for a film field the article gives nothing for: the same words wherever it is missing. */
export const NOT_IN_ARTICLE = "The article doesn't say.";

/**
 * A person's part as the article hedges it, `character` already formatted (bold or plain): "plays Cassie Salazar",
 * "rumored to play a music executive", "in talks to play a VA counselor"; for crew and source credits, their job.
 */
export function partText(person: CastMember, character = (name: string) => name): string {
  if (person.character === null) return character(person.job ?? '');
  const shown = character(person.character);
  switch (person.status) {
    case 'confirmed':
      return `plays ${shown}`;
    case 'rumored':
      return `rumored to play ${shown}`;
    case 'in-talks':
      return `in talks to play ${shown}`;
    case 'not-in-film':
      return `not playing ${shown} after all`;
  }
}

function overviewLine(person: CastMember): string {
  return `**${person.name}** · ${partText(person)} · ${STATUS_LABELS[person.status]}`;
}

/**
 * Everyone, grouped: leads, supporting cast, new additions, crew, source material; each line with its status. Written as a plain
 * object (no EmbedBuilder validation on every reply); a group too long for one field says how many are left out.
 */
export function renderCastOverview(cast: readonly CastMember[], title: string): APIEmbed {
  const fields: APIEmbedField[] = [];
  for (const group of Object.keys(GROUP_TITLES) as CastGroup[]) {
    const people = cast.filter((person) => person.group === group);
    if (people.length === 0) continue;
    fields.push({
      name: GROUP_TITLES[group],
      value: joinLinesWithin(people.map(overviewLine), EMBED_LIMITS.fieldValue),
    });
  }
  return {
    color: BRAND_COLOUR,
    title: clip(`${title}: cast and crew`, EMBED_LIMITS.title),
    description:
      'Who is in the sequel, how sure the article is, and where the story comes from. ' +
      'Use `/cast person:` for anyone’s details.',
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: 'Rumors are marked as rumors.' },
  };
}

/**
 * One person: who they play (or their job), what they do in each film, and how certain that is. Every text is
 * bounded by data/cast.json's schema (80 and 300 characters), far within Discord's limits.
 */
export function renderCastDetail(person: CastMember): APIEmbed {
  return {
    color: BRAND_COLOUR,
    title: person.name,
    description: partText(person, (name) => `**${name}**`),
    fields: [
      { name: 'Purple Hearts (2022)', value: person.films.original ?? NOT_IN_ARTICLE },
      { name: 'Purple Hearts 2', value: person.films.sequel ?? NOT_IN_ARTICLE },
      { name: 'Status', value: `${STATUS_LABELS[person.status]}: ${person.statusNote}` },
    ],
    footer: { text: GROUP_TITLES[person.group] },
  };
}

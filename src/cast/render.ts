/** Embeds for /cast: the overview of everyone and one person's detail card. */
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import type { CastGroup, CastMember, CastStatus } from '../content/schemas.js';

/** The bot's colour: purple, of course. */
export const BRAND_COLOUR = 0x7b3fa0;

export const STATUS_LABELS: Record<CastStatus, string> = {
  confirmed: '✅ Confirmed',
  rumored: '❓ Rumored',
  'in-talks': '💬 In talks',
};

const GROUP_TITLES: Record<CastGroup, string> = {
  main: 'Returning leads',
  supporting: 'Returning supporting cast',
  new: 'New additions',
  crew: 'Key crew',
};

function overviewLine(person: CastMember): string {
  const part = person.character !== null ? `as ${person.character}` : person.job;
  return `**${person.name}** ${part ?? ''} · ${STATUS_LABELS[person.status]}`;
}

/** Everyone, grouped: leads, supporting cast, new additions, crew; each line with its status. */
export function renderCastOverview(cast: readonly CastMember[], title: string): APIEmbed {
  const embed = new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(`${title}: cast and crew`)
    .setDescription('Who is in the sequel, and how sure we are. Use `/cast person:` for anyone’s details.');
  for (const group of Object.keys(GROUP_TITLES) as CastGroup[]) {
    const people = cast.filter((person) => person.group === group);
    if (people.length === 0) continue;
    embed.addFields({ name: GROUP_TITLES[group], value: people.map(overviewLine).join('\n') });
  }
  return embed.setFooter({ text: 'Rumors are marked as rumors until they are confirmed.' }).toJSON();
}

/** One person: who they play (or their job), what they do in each film, and how certain that is. */
export function renderCastDetail(person: CastMember): APIEmbed {
  const embed = new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(person.name)
    .setDescription(person.character !== null ? `plays **${person.character}**` : `**${person.job ?? ''}**`)
    .addFields(
      { name: 'Purple Hearts (2022)', value: person.films.original ?? 'Not part of the original film.' },
      { name: 'Purple Hearts 2', value: person.films.sequel ?? 'Nothing announced about the sequel yet.' },
      { name: 'Status', value: `${STATUS_LABELS[person.status]}: ${person.statusNote}` },
    );
  return embed.setFooter({ text: GROUP_TITLES[person.group] }).toJSON();
}

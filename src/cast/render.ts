/** Embeds for /cast: the overview of everyone and one person's detail card. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { CastGroup, CastMember, CastStatus } from '../content/schemas.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';
import { t, type Locale, type MessageKey } from '../i18n/index.js';
import { LocaleMemo } from '../i18n/memo.js';

/** The bot's colour: purple, of course. */
export const BRAND_COLOUR = 0x7b3fa0;

/** The key of each status's words ("✅ Confirmed"). */
const STATUS_LABELS: Record<CastStatus, MessageKey> = {
  confirmed: 'cast.status.confirmed',
  rumored: 'cast.status.rumored',
  'in-talks': 'cast.status.in-talks',
  'not-in-film': 'cast.status.not-in-film',
};

const GROUP_TITLES: Record<CastGroup, MessageKey> = {
  main: 'cast.group.main',
  supporting: 'cast.group.supporting',
  new: 'cast.group.new',
  crew: 'cast.group.crew',
  source: 'cast.group.source',
};

/** What the bot shows for a film field the article gives nothing for: the same words wherever it is missing. */
export const NOT_IN_ARTICLE = t('en', 'cast.notInArticle');

const PARTS: Record<CastStatus, MessageKey> = {
  confirmed: 'cast.part.confirmed',
  rumored: 'cast.part.rumored',
  'in-talks': 'cast.part.in-talks',
  'not-in-film': 'cast.part.not-in-film',
};

/**
 * A person's part as the article hedges it, `character` already formatted (bold or plain): "plays Cassie Salazar",
 * "rumored to play a music executive", "in talks to play a VA counselor"; for crew and source credits, their job.
 * `person` comes in `locale` already (`contentIn`).
 */
export function partText(
  person: CastMember,
  character = (name: string) => name,
  locale: Locale = 'en',
): string {
  if (person.character === null) return character(person.job ?? '');
  return t(locale, PARTS[person.status], { character: character(person.character) });
}

function overviewLine(person: CastMember, locale: Locale): string {
  return t(locale, 'cast.overviewLine', {
    name: person.name,
    part: partText(person, undefined, locale),
    status: t(locale, STATUS_LABELS[person.status]),
  });
}

/**
 * Everyone, grouped: leads, supporting cast, new additions, crew, source material; each line with its status.
 * Written as a plain object (no EmbedBuilder validation on every reply); a group too long for one field says how
 * many are left out. `cast` comes in `locale` already (`contentIn`).
 */
export function renderCastOverview(
  cast: readonly CastMember[],
  title: string,
  locale: Locale = 'en',
): APIEmbed {
  const fields: APIEmbedField[] = [];
  for (const group of Object.keys(GROUP_TITLES) as CastGroup[]) {
    const people = cast.filter((person) => person.group === group);
    if (people.length === 0) continue;
    fields.push({
      name: t(locale, GROUP_TITLES[group]),
      value: joinLinesWithin(
        people.map((person) => overviewLine(person, locale)),
        EMBED_LIMITS.fieldValue,
        locale,
      ),
    });
  }
  return {
    color: BRAND_COLOUR,
    title: clip(t(locale, 'cast.overviewTitle', { title }), EMBED_LIMITS.title),
    description: t(locale, 'cast.overviewDescription'),
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: t(locale, 'cast.overviewFooter') },
  };
}

/**
 * One person: who they play (or their job), what they do in each film, and how certain that is. Every text is
 * bounded by data/cast.json's schema (80 and 300 characters), far within Discord's limits. The card is made once
 * per person and language and the same object returned after: treat it as read-only.
 */
export function renderCastDetail(person: CastMember, locale: Locale = 'en'): Readonly<APIEmbed> {
  return detailCards.get(person, locale, () => castDetail(person, locale));
}

const detailCards = new LocaleMemo<CastMember, APIEmbed>();

function castDetail(person: CastMember, locale: Locale): APIEmbed {
  const notInArticle = t(locale, 'cast.notInArticle');
  return {
    color: BRAND_COLOUR,
    title: person.name,
    description: partText(person, (name) => `**${name}**`, locale),
    fields: [
      { name: t(locale, 'cast.originalFilm'), value: person.films.original ?? notInArticle },
      { name: t(locale, 'cast.sequel'), value: person.films.sequel ?? notInArticle },
      {
        name: t(locale, 'cast.statusHeading'),
        value: t(locale, 'cast.statusValue', {
          status: t(locale, STATUS_LABELS[person.status]),
          note: person.statusNote,
        }),
      },
    ],
    footer: { text: t(locale, GROUP_TITLES[person.group]) },
  };
}

/**
 * Discord's limits hold in every language: every embed the bot renders, rendered in each language with the
 * content in that language, and every string meant for a button, checked against Discord's maxima.
 */
import path from 'node:path';
import type { APIEmbed } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCastDetail, renderCastOverview } from '../../src/cast/render.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content/load.js';
import { contentIn } from '../../src/content/translations.js';
import { renderCountdown, renderCountdownPost, pickFact } from '../../src/countdown/render.js';
import { countdownState } from '../../src/countdown/state.js';
import { resolveTarget } from '../../src/countdown/target.js';
import { LOCALES, t, type Locale, type MessageKey } from '../../src/i18n/index.js';
import { embedLimitBreaches } from '../embed-limits.js';
import { english } from './support.js';

let content: Content;
beforeAll(async () => {
  content = await loadContent(path.join(PROJECT_ROOT, 'data'));
});

/** A label as long as a moderator may type (100 characters), the worst case for every title. */
const LONG_LABEL = 'W'.repeat(100);

/** Every countdown embed: each phase of a server date, of the premiere and of the window, and their posts. */
function countdownEmbeds(locale: Locale): APIEmbed[] {
  const { release } = contentIn(content, locale);
  const serverDate = { releaseDate: '2027-02-14', releaseTime: '20:00', releaseTimezone: 'America/New_York' };
  const targets = [
    resolveTarget(release, { ...serverDate, releaseLabel: LONG_LABEL }, locale),
    resolveTarget(release, { ...serverDate, releaseLabel: null }, locale),
    resolveTarget(
      { ...release, premiere: '2027-02-14T00:00:00-08:00' },
      { ...serverDate, releaseDate: null, releaseLabel: null },
      locale,
    ),
    resolveTarget(release, { ...serverDate, releaseDate: null, releaseLabel: null }, locale),
    // The operator's window, with the longest label and source the operator may type.
    resolveTarget(
      { ...release, window: { ...release.window, label: 'L'.repeat(60) } },
      { ...serverDate, releaseDate: null, releaseLabel: null },
      locale,
      { from: 'operator', source: 'S'.repeat(200) },
    ),
  ];
  const moments = [
    '2026-06-01T12:00:00Z',
    '2026-08-10T12:00:00Z',
    '2026-11-25T10:00:00Z',
    '2027-02-14T12:00:00Z',
    '2027-02-15T03:00:00Z',
    '2027-02-17T12:00:00Z',
    '2027-06-01T12:00:00Z',
  ];
  const embeds: APIEmbed[] = [];
  for (const target of targets) {
    for (const moment of moments) {
      const now = new Date(moment);
      const state = countdownState(target, now, 'Pacific/Kiritimati');
      embeds.push(renderCountdown(state, target, release, now, locale));
      for (const day of [0, 1, 2, 3]) {
        const fact = pickFact(contentIn(content, locale), day, locale);
        embeds.push(
          ...renderCountdownPost({ state, target, fact, roleId: null, milestones: true, locale }).embeds,
        );
      }
    }
  }
  return embeds;
}

describe('every language within Discord limits', () => {
  for (const locale of LOCALES) {
    it(`${locale}: every countdown embed and post fits an embed`, () => {
      for (const embed of countdownEmbeds(locale)) expect(embedLimitBreaches(embed), embed.title).toEqual([]);
    });

    it(`${locale}: the cast overview and every person's card fit an embed`, () => {
      const { cast, release } = contentIn(content, locale);
      expect(embedLimitBreaches(renderCastOverview(cast, release.title, locale))).toEqual([]);
      for (const person of cast)
        expect(embedLimitBreaches(renderCastDetail(person, locale)), person.id).toEqual([]);
    });

    it(`${locale}: every button label fits a button (80) and every message a message (2,000)`, () => {
      for (const key of english.keys()) {
        const text = t(locale, key as MessageKey);
        if (/(^|\.)button/i.test(key.split('.').at(-1) ?? ''))
          expect(text.length, `${locale}: ${key}`).toBeLessThanOrEqual(80);
        expect(text.length, `${locale}: ${key}`).toBeLessThanOrEqual(2000);
      }
    });
  }
});

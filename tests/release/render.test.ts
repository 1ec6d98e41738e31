import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/schemas.js';
import { NO_FACTS } from '../../src/release/facts.js';
import { t } from '../../src/i18n/index.js';
import {
  provenance,
  renderAnnouncement,
  renderTargetArrived,
  type ReleasePost,
} from '../../src/release/render.js';
import { REMIND_ME_ID } from '../../src/reminders/render.js';

const base: Release = {
  title: 'Purple Hearts 2',
  studio: 'Netflix',
  window: { label: 'late summer 2026', start: '2026-08-01', end: '2026-09-22', reading: 'r' },
  premiere: '2027-02-14T20:00:00-05:00',
  milestones: [],
};
const at = new Date('2027-02-15T01:00:00Z');
/** The custom ids of a post's buttons. */
const buttons = (post: ReleasePost) =>
  post.components.flatMap((row) =>
    row.components.map((button) => ('custom_id' in button ? button.custom_id : undefined)),
  );

const news = {
  kind: 'premiere' as const,
  date: '2027-02-14',
  time: '20:00',
  timeZone: 'America/New_York',
  source: 'Netflix @everyone tweet',
  by: '1',
  at: '2026-12-06T10:00:00Z',
};

describe('release texts', () => {
  it('announce a date with timestamps, what came before and a source that cannot ping', () => {
    const post = renderAnnouncement({
      release: base,
      news,
      before: 'the window',
      roleId: null,
      ownTarget: null,
    });
    expect(post.content).toBe('📣 **Purple Hearts 2 has a premiere date!**');
    const embed = JSON.stringify(post.embeds);
    expect(embed).toContain(`<t:${at.getTime() / 1000}:F>`);
    expect(embed).toContain('the window');
    expect(embed).toContain('@\u200beveryone');
    expect(post.allowedMentions).toEqual({ parse: [], roles: [] });
  });

  it("offer the Remind me button under every announcement, in the server's language", () => {
    const dated = renderAnnouncement({ release: base, news, before: 'x', roleId: null, ownTarget: null });
    expect(buttons(dated)).toEqual([REMIND_ME_ID]);
    // A withdrawn date, in German: members may want to hear when a date comes.
    const withdrawn = renderAnnouncement({
      release: { ...base, premiere: null },
      news: null,
      before: 'x',
      roleId: null,
      ownTarget: null,
      locale: 'de',
    });
    expect(buttons(withdrawn)).toEqual([REMIND_ME_ID]);
    expect(JSON.stringify(withdrawn.components)).toContain(JSON.stringify(t('de', 'reminders.button')));
  });

  it('announce a new window as the latest news the bot was given, never as the studio’s words', () => {
    const window = { label: 'February 2027', start: '2027-02-01', end: '2027-02-28', reading: 'r' };
    const post = renderAnnouncement({
      release: { ...base, premiere: null, window },
      news: { kind: 'window', ...window, source: 'Tudum', by: '1', at: news.at },
      before: 'late summer 2026',
      roleId: null,
      ownTarget: null,
    });
    expect(post.embeds[0]?.description).toBe(
      'The latest news the bot was given says **February 2027**, no day announced (the bot reads it as ' +
        '1 February 2027 to 28 February 2027).',
    );
    expect(post.embeds[0]?.fields).toContainEqual({ name: 'Source', value: 'Tudum' });
    expect(JSON.stringify(post)).not.toMatch(/Netflix/);
  });

  it('announce a withdrawn date as a return to the article', () => {
    const post = renderAnnouncement({
      release: { ...base, premiere: null },
      news: null,
      before: 'x',
      roleId: '9',
      ownTarget: null,
    });
    expect(post.content).toBe('<@&9> 📣 **Purple Hearts 2:** the announced release news was withdrawn.');
    expect(JSON.stringify(post.embeds)).toMatch(/late summer 2026/);
  });

  it('say "out now" at the premiere and "starting now" at a server\'s own date', () => {
    expect(
      renderTargetArrived({ kind: 'premiere', at, date: '2027-02-14', label: 'x' }, base, null).content,
    ).toBe('🎬 **Out now:** Purple Hearts 2 is out on Netflix!');
    expect(
      renderTargetArrived({ kind: 'server', at, date: '2027-02-14', label: 'Watch party' }, base, null)
        .content,
    ).toBe('🎉 **Starting now:** Watch party!');
  });

  it("offer no Remind me button at the premiere (nothing left) nor at a server's own date (not reminded)", () => {
    expect(
      renderTargetArrived({ kind: 'premiere', at, date: '2027-02-14', label: 'x' }, base, null),
    ).toMatchObject({ components: [] });
    expect(
      renderTargetArrived({ kind: 'server', at, date: '2027-02-14', label: 'Watch party' }, base, null),
    ).toMatchObject({ components: [] });
  });

  it('say where a target comes from and when it was last updated', () => {
    const window = {
      kind: 'window',
      start: 'a',
      end: 'b',
      label: 'l',
      reading: 'r',
      from: 'article',
    } as const;
    expect(provenance(window, NO_FACTS, undefined)).toMatch(/announcement article/);
    expect(provenance(window, { ...NO_FACTS, release: news }, undefined)).toBe(
      `Source: Netflix @\u200beveryone tweet. Last updated <t:${Date.parse(news.at) / 1000}:R> by the bot's operator.`,
    );
    expect(
      provenance({ kind: 'server', at, date: 'x', label: 'y' }, NO_FACTS, { at: news.at, actorId: '42' }),
    ).toMatch(/set by its moderators .*<t:\d+:R> by <@42>/);
  });
});

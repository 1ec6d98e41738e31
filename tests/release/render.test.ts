import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/schemas.js';
import { t } from '../../src/i18n/index.js';
import { NO_FACTS, type Facts, type OperatorChange } from '../../src/release/facts.js';
import {
  provenance,
  renderAnnouncement,
  renderOperatorHistory,
  renderOperatorStatus,
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

describe('the operator’s views', () => {
  const builtIn: Release = { ...base, premiere: null };
  const facts: Facts = {
    ...NO_FACTS,
    revision: 3,
    release: news,
    cast: { 'sofia-carson': { status: 'confirmed', source: 'Netflix', by: '1', at: news.at } },
  };
  const readers = [
    { shard: 0, at: '2026-12-06T10:00:15Z', revision: 3 },
    { shard: 1, at: '2026-12-06T09:59:00Z', revision: 2 },
    { shard: 2, at: null, revision: null },
  ];
  const status = (locale: 'en' | 'de') =>
    renderOperatorStatus({
      release: base,
      facts,
      readers,
      castNames: new Map([['sofia-carson', 'Sofia Carson']]),
      locale,
    });
  const stamp = (iso: string, style: string) => `<t:${Date.parse(iso) / 1000}:${style}>`;

  it('show what the bot believes, the cast news and each shard’s last read, in English', () => {
    const embed = status('en');
    expect(embed.title).toBe('What the bot believes now (revision 3)');
    expect(embed.fields).toEqual([
      {
        name: 'Release',
        value:
          `premiere ${stamp('2027-02-15T01:00:00Z', 'F')} (${stamp('2027-02-15T01:00:00Z', 'R')})\n` +
          `Source: Netflix @\u200beveryone tweet · set ${stamp(news.at, 'R')} by <@1>`,
      },
      { name: 'Cast news', value: `**Sofia Carson**: ✅ Confirmed · Netflix · ${stamp(news.at, 'R')}` },
      {
        name: 'Shards',
        value: [
          `Shard 0: read revision 3 ${stamp('2026-12-06T10:00:15Z', 'R')}`,
          `Shard 1: read revision 2 ${stamp('2026-12-06T09:59:00Z', 'R')} ⚠️ behind`,
          'Shard 2: has not read the facts yet',
        ].join('\n'),
      },
    ]);
  });

  it('say the same in German, with the operator’s source as typed', () => {
    const embed = status('de');
    expect(embed.title).toBe('Was der Bot jetzt für gültig hält (Revision 3)');
    expect(embed.fields?.map((field) => field.name)).toEqual([
      'Release',
      'Neuigkeiten zur Besetzung',
      'Shards',
    ]);
    expect(embed.fields?.[0]?.value).toContain('Quelle: Netflix @\u200beveryone tweet · gesetzt');
    expect(embed.fields?.[1]?.value).toContain('✅ Bestätigt · Netflix');
    expect(embed.fields?.[2]?.value).toContain('⚠️ im Rückstand');
    expect(JSON.stringify(embed)).not.toMatch(/Source|revision|behind|has not read/);
  });

  it('list every change newest first, in the reader’s language, with dates in it', () => {
    const changes: OperatorChange[] = [
      {
        at: '2026-12-06T10:00:00Z',
        by: '1',
        subject: 'Release',
        old: 'x',
        new: 'y',
        source: 'Netflix',
        detail: { kind: 'release', old: null, new: news },
      },
      {
        at: '2026-12-06T11:00:00Z',
        by: '2',
        subject: 'Sofia Carson',
        old: 'rumored',
        new: 'confirmed',
        source: null,
        detail: { kind: 'cast', personId: 'sofia-carson', old: 'rumored', new: 'confirmed' },
      },
    ];
    const english = renderOperatorHistory(changes, builtIn, 'en');
    expect(english.title).toBe('Operator changes');
    expect(english.description?.split('\n')).toEqual([
      `${stamp('2026-12-06T11:00:00Z', 'f')} <@2> **Sofia Carson**: ❓ Rumored → ✅ Confirmed`,
      `${stamp('2026-12-06T10:00:00Z', 'f')} <@1> **Release**: window **late summer 2026** (1 August 2026 to ` +
        `22 September 2026, built-in) → premiere ${stamp('2027-02-15T01:00:00Z', 'F')} (entered as 14 February ` +
        '2027, 20:00 America/New\\_York) · source: Netflix',
    ]);
    const german = renderOperatorHistory(changes, builtIn, 'de');
    expect(german.description).toContain('**Sofia Carson**: ❓ Gerücht → ✅ Bestätigt');
    expect(german.description).toContain(
      'Zeitfenster **late summer 2026** (1. August 2026 bis 22. September 2026, eingebaut) → Premiere',
    );
    expect(german.description).toContain(
      '(eingegeben als 14. Februar 2027, 20:00 America/New\\_York) · Quelle:',
    );
    expect(renderOperatorHistory([], builtIn, 'de').description).toBe('Noch keine Änderungen.');
  });

  it('show a change kept before translations as it was kept', () => {
    const old: OperatorChange = {
      at: '2026-12-06T10:00:00Z',
      by: '1',
      subject: 'Release',
      old: 'window late summer 2026 (built-in, 2026-08-01 to 2026-09-22)',
      new: 'premiere 2027-02-14 20:00 America/New_York',
      source: 'Netflix',
    };
    expect(renderOperatorHistory([old], builtIn, 'de').description).toBe(
      `${stamp(old.at, 'f')} <@1> **Release**: window late summer 2026 (built-in, 2026-08-01 to 2026-09-22) → ` +
        'premiere 2027-02-14 20:00 America/New\\_York · Quelle: Netflix',
    );
  });
});

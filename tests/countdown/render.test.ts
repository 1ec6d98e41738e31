import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content/load.js';
import { HEDGE } from '../../src/content/schemas.js';
import { pickFact, renderCountdown, renderCountdownPost } from '../../src/countdown/render.js';
import { countdownState, MILESTONE_DAYS, type CountdownState } from '../../src/countdown/state.js';
import { resolveTarget, type CountdownTarget } from '../../src/countdown/target.js';
import { addDays, zonedInstant } from '../../src/countdown/zoned-time.js';
import { MAX_TEXT_LENGTH } from '../../src/settings/definitions.js';
import { embedLimitBreaches } from '../embed-limits.js';
import {
  newsOrigin,
  newsRelease,
  newsWindow,
  noServerDate,
  releaseWith,
  shippedRelease,
  TODAY,
  watchParty,
  windowTarget,
} from './fixtures.js';

const at = (iso: string) => new Date(iso);
const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const text = (value: unknown) => JSON.stringify(value);

const premiere: Extract<CountdownTarget, { kind: 'premiere' }> = {
  kind: 'premiere',
  at: at('2026-08-28T07:00:00Z'),
  date: '2026-08-28',
  label: 'Purple Hearts 2 premiere',
};
const premiered = releaseWith({ premiere: '2026-08-28T00:00:00-07:00' });

describe('renderCountdown', () => {
  it('shows an upcoming target with both timestamps, the days to go and the time left', () => {
    const state = countdownState(watchParty, TODAY, 'Etc/UTC');
    const embed = renderCountdown(state, watchParty, shippedRelease, TODAY);
    expect(embed.title).toBe('82 days to go: Watch party');
    expect(embed.description).toContain(`<t:${unix(watchParty.at)}:F>`);
    expect(embed.description).toContain(`<t:${unix(watchParty.at)}:R>`);
    expect(embed.description).toContain('**81 days and 15 hours** from now');
    expect(embed.footer?.text).toBe('Times show in your own time zone. Days are counted in Etc/UTC.');
  });

  it('writes no clock time or zone of its own: instants appear only as timestamp markup', () => {
    const state = countdownState(watchParty, TODAY, 'Australia/Sydney');
    const { footer, ...rest } = renderCountdown(state, watchParty, shippedRelease, TODAY);
    const body = text(rest);
    expect(body).toMatch(/<t:\d+:F>/);
    expect(body).not.toMatch(/\d{1,2}:\d{2}/);
    expect(body).not.toMatch(/UTC|GMT|EST|EDT|AEDT|AEST|Sydney|New_York|\+\d{2}/);
    expect(footer?.text).toContain('Australia/Sydney');
  });

  it('shows the same instant to servers in different zones; only the day count follows the zone', () => {
    const noon = at('2027-02-14T12:00:00Z');
    const inNewYork = renderCountdown(
      countdownState(watchParty, noon, 'America/New_York'),
      watchParty,
      shippedRelease,
      noon,
    );
    const inUtc = renderCountdown(
      countdownState(watchParty, noon, 'Etc/UTC'),
      watchParty,
      shippedRelease,
      noon,
    );
    expect(inNewYork.description).toContain(`<t:${unix(watchParty.at)}:F>`);
    expect(inUtc.description).toContain(`<t:${unix(watchParty.at)}:F>`);
    expect(inNewYork.title).toBe("Today's the day: Watch party");
    expect(inUtc.title).toBe('1 day to go: Watch party');
  });

  it('says plainly, on TODAY, that the window has passed and the bot knows of no announced date', () => {
    const state = countdownState(windowTarget, TODAY, 'Etc/UTC');
    const embed = renderCountdown(state, windowTarget, shippedRelease, TODAY);
    expect(embed.title).toBe('Purple Hearts 2: no date known');
    expect(embed.description).toContain(
      'The announcement article gave late summer 2026 for the release. That window has passed, ' +
        'and the bot knows of no announced date.',
    );
    expect(text(embed)).not.toMatch(/<t:/);
    expect(embed.footer?.text).toContain("This span is the bot's own reading, not Netflix's.");
  });

  it('counts the days until a window still to come, giving the bot’s reading of it', () => {
    const now = at('2026-05-01T12:00:00Z');
    const embed = renderCountdown(
      countdownState(windowTarget, now, 'Etc/UTC'),
      windowTarget,
      shippedRelease,
      now,
    );
    expect(embed.title).toBe('Purple Hearts 2: expected late summer 2026');
    expect(embed.description).toContain(
      'The announcement article gives **late summer 2026** for the release. ' +
        'The bot knows of no announced date, and it reads the window as 1 August 2026 to 22 September 2026.',
    );
    expect(embed.description).toContain('**92 days** until that window opens');
    expect(embed.footer?.text).toContain("the bot's own reading");
  });

  it('says "any day now" inside the window while no date is known', () => {
    const now = at('2026-08-15T12:00:00Z');
    const embed = renderCountdown(
      countdownState(windowTarget, now, 'Etc/UTC'),
      windowTarget,
      shippedRelease,
      now,
    );
    expect(embed.title).toBe('Purple Hearts 2: any day now');
    expect(embed.description).toContain(
      'Today is inside that window, so the release could come any day. The window has 38 more days after today.',
    );
  });

  it('counts the hours left on the release day before the time', () => {
    // 00:30 on 28 August in New York; the premiere is at 03:00 there.
    const now = at('2026-08-28T04:30:00Z');
    const embed = renderCountdown(
      countdownState(premiere, now, 'America/New_York'),
      premiere,
      premiered,
      now,
    );
    expect(embed.title).toBe("Today's the day: Purple Hearts 2 premiere");
    expect(embed.description).toContain(`<t:${unix(premiere.at)}:R>`);
    expect(embed.description).toContain('**2 hours** from now');
  });

  it('says the film premiered today once the time has passed on the day', () => {
    const now = at('2026-08-28T18:00:00Z');
    const embed = renderCountdown(
      countdownState(premiere, now, 'America/Los_Angeles'),
      premiere,
      premiered,
      now,
    );
    expect(embed.title).toBe('Out now: Purple Hearts 2');
    expect(embed.description).toContain('Purple Hearts 2 premiered today on Netflix');
    expect(embed.description).toContain(`<t:${unix(premiere.at)}:F>`);
  });

  it('says "out now, released N days ago" after the premiere', () => {
    const now = at('2026-09-03T18:00:00Z');
    const embed = renderCountdown(countdownState(premiere, now, 'Etc/UTC'), premiere, premiered, now);
    expect(embed.description).toContain('Purple Hearts 2 is out now on Netflix. It came out 6 days ago: ');
  });

  it("says how long ago a server's own date was, and how to set a new one", () => {
    const now = at('2027-02-16T18:00:00Z');
    const embed = renderCountdown(
      countdownState(watchParty, now, 'Etc/UTC'),
      watchParty,
      shippedRelease,
      now,
    );
    expect(embed.description).toContain('**Watch party** was 1 day ago');
    expect(embed.description).toContain('/config release');
  });

  it('shows the next milestone when one is still to come, and none when none is', () => {
    const release = releaseWith({
      milestones: [
        ...shippedRelease.milestones,
        {
          id: 'trailer',
          label: 'Full trailer',
          date: '2027-01-10',
          precision: 'day',
          note: 'A made-up test milestone.',
        },
      ],
    });
    const state = countdownState(watchParty, TODAY, 'Etc/UTC');
    expect(renderCountdown(state, watchParty, release, TODAY).fields).toEqual([
      { name: 'Next milestone', value: '**Full trailer** on 10 January 2027\nA made-up test milestone.' },
    ]);
    expect(renderCountdown(state, watchParty, shippedRelease, TODAY).fields).toBeUndefined();
  });
});

/** The state on the local day `daysLeft` days before the watch party, at 09:00 in New York. */
function daysBefore(daysLeft: number): CountdownState {
  const now = zonedInstant(addDays(watchParty.date, -daysLeft), '09:00', 'America/New_York');
  return countdownState(watchParty, now, 'America/New_York');
}

const post = (state: CountdownState, options: { roleId?: string | null; milestones?: boolean } = {}) =>
  renderCountdownPost({
    state,
    target: watchParty,
    fact: 'A test fact.',
    roleId: options.roleId ?? null,
    milestones: options.milestones ?? true,
  });

describe('renderCountdownPost', () => {
  const role = '123456789012345678';

  it('pings the role, and allows only that ping, when a role is set', () => {
    const message = post(daysBefore(82), { roleId: role });
    expect(message.content.startsWith(`<@&${role}> `)).toBe(true);
    expect(message.allowedMentions).toEqual({ parse: [], roles: [role] });
  });

  it('pings nobody when no role is set', () => {
    const message = post(daysBefore(82));
    expect(message.content).not.toContain('<@');
    expect(message.allowedMentions).toEqual({ parse: [], roles: [] });
  });

  it('has the days left, the target in timestamp markup and the fact on an ordinary day', () => {
    const message = post(daysBefore(82));
    expect(message.content).toBe('**82 days** to go: Watch party.');
    const [embed] = message.embeds;
    expect(embed?.description).toBe(`<t:${unix(watchParty.at)}:F> (<t:${unix(watchParty.at)}:R>)`);
    expect(embed?.fields).toEqual([{ name: 'Did you know?', value: 'A test fact.' }]);
  });

  const expected: Record<(typeof MILESTONE_DAYS)[number], string> = {
    100: '💯 **100 days** to go: Watch party! Triple digits for the last time.',
    50: '**50 days** to go: Watch party! Halfway through the last hundred.',
    30: '📅 **30 days** to go: Watch party! One month left.',
    14: '**Two weeks** to go: Watch party!',
    7: '**One week** to go: Watch party!',
    3: '**Three days** to go: Watch party!',
    1: '**Tomorrow!** Watch party is one day away.',
    0: "🎉 **Today's the day:** Watch party!",
  };

  it.each(MILESTONE_DAYS.map((day) => [day]))('gives milestone %i its own wording', (day) => {
    const message = post(daysBefore(day), { roleId: role });
    expect(message.content).toBe(`<@&${role}> ${expected[day]}`);
    expect(message.embeds[0]?.description).toContain(`<t:${unix(watchParty.at)}:R>`);
  });

  it.each([
    [100, '**100 days** to go: Watch party.'],
    [7, '**7 days** to go: Watch party.'],
    [1, '**1 day** to go: Watch party.'],
    [0, '**Watch party** is today.'],
  ])('uses the ordinary wording %i days before when milestones are off', (day, words) => {
    expect(post(daysBefore(day), { milestones: false }).content).toBe(words);
  });

  it('has no milestones for a window, since there is no date to count to', () => {
    const now = zonedInstant(addDays(windowTarget.start, -100), '09:00', 'Etc/UTC');
    const message = renderCountdownPost({
      state: countdownState(windowTarget, now, 'Etc/UTC'),
      target: windowTarget,
      fact: 'A test fact.',
      roleId: null,
      milestones: true,
    });
    expect(message.content).toBe(
      '**100 days** until the release window (late summer 2026) opens. The bot knows of no announced date.',
    );
    expect(text(message.embeds)).not.toMatch(/<t:/);
    expect(message.embeds[0]?.footer?.text).toContain("the bot's own reading");
  });

  it('says "any day now" while the window is open', () => {
    const now = at('2026-08-15T09:00:00Z');
    const message = renderCountdownPost({
      state: countdownState(windowTarget, now, 'Etc/UTC'),
      target: windowTarget,
      fact: 'A test fact.',
      roleId: null,
      milestones: true,
    });
    expect(message.content).toMatch(
      /^\*\*Any day now:\*\* today is inside the release window \(late summer 2026\), and the bot knows of no/,
    );
  });
});

describe('a window from the operator’s news', () => {
  const ahead = at('2026-12-20T12:00:00Z');
  const inside = at('2027-02-10T12:00:00Z');
  const over = at('2027-03-05T12:00:00Z');
  const countdown = (now: Date, locale: 'en' | 'de' = 'en') =>
    renderCountdown(countdownState(newsWindow, now, 'Etc/UTC'), newsWindow, newsRelease, now, locale);
  const dailyPost = (now: Date, locale: 'en' | 'de' = 'en') =>
    renderCountdownPost({
      state: countdownState(newsWindow, now, 'Etc/UTC'),
      target: newsWindow,
      fact: 'A test fact.',
      roleId: null,
      milestones: true,
      locale,
    });

  it('makes /countdown say the window comes from the latest news the bot was given, not the article', () => {
    expect(countdown(ahead).description).toBe(
      'The latest news the bot was given says **February 2027** for the release. The bot knows of no announced ' +
        'date, and it reads the window as 1 February 2027 to 28 February 2027.\n**43 days** until that window opens.',
    );
    expect(countdown(over).description).toMatch(
      /^The latest news the bot was given said February 2027 for the release\. That window has passed/,
    );
    for (const now of [ahead, inside, over]) {
      const embed = countdown(now);
      expect(text(embed), now.toISOString()).not.toMatch(/article/i);
      // The source is under "Where this comes from" in /countdown's reply: not said twice.
      expect(text(embed)).not.toContain('Netflix Tudum');
      expect(embed.footer?.text).toBe(
        "This span is the bot's own reading of the news, not an official one. Days are counted in Etc/UTC.",
      );
    }
  });

  it('keeps the article’s words for the built-in window', () => {
    const embed = renderCountdown(
      countdownState(windowTarget, TODAY, 'Etc/UTC'),
      windowTarget,
      shippedRelease,
      TODAY,
    );
    expect(embed.description).toMatch(/^The announcement article gave late summer 2026/);
    expect(text(embed)).not.toMatch(/latest news/);
    expect(embed.footer?.text).toBe(`${shippedRelease.window.reading} Days are counted in Etc/UTC.`);
  });

  it('makes the daily post name the news and its source, which cannot ping', () => {
    const target = { ...newsWindow, source: 'Tudum @everyone' };
    const message = renderCountdownPost({
      state: countdownState(target, ahead, 'Etc/UTC'),
      target,
      fact: 'A test fact.',
      roleId: null,
      milestones: true,
    });
    const [embed] = message.embeds;
    expect(embed?.description).toBe(
      'This comes from the latest news the bot was given. The bot knows of no announced date, and it reads ' +
        'the window as 1 February 2027 to 28 February 2027.',
    );
    expect(embed?.fields).toEqual([
      { name: 'Source', value: 'Tudum @\u200beveryone' },
      { name: 'Did you know?', value: 'A test fact.' },
    ]);
    expect(text(message)).not.toMatch(/article/i);
    // The built-in window's post has no source field: the article is the bot's own content.
    const builtIn = renderCountdownPost({
      state: countdownState(windowTarget, at('2026-05-01T09:00:00Z'), 'Etc/UTC'),
      target: windowTarget,
      fact: 'A test fact.',
      roleId: null,
      milestones: true,
    });
    expect(builtIn.embeds[0]?.fields).toEqual([{ name: 'Did you know?', value: 'A test fact.' }]);
  });

  it('says the same in German, with German dates', () => {
    expect(countdown(ahead, 'de').description).toBe(
      'Die neueste Meldung, die der Bot bekommen hat, nennt **February 2027** als Zeitraum für das Erscheinen. ' +
        'Von einem angekündigten Datum weiß der Bot nichts; er liest das Zeitfenster als Zeitraum vom ' +
        '1. Februar 2027 bis zum 28. Februar 2027.\nNoch **43 Tage**, bis dieses Zeitfenster beginnt.',
    );
    expect(countdown(over, 'de').description).toMatch(
      /^Die neueste Meldung, die der Bot bekommen hat, nannte/,
    );
    expect(countdown(inside, 'de').footer?.text).toMatch(
      /^Diese Spanne ist die eigene Lesart des Bots aus der Meldung/,
    );
    const [embed] = dailyPost(ahead, 'de').embeds;
    expect(embed?.description).toMatch(/^Das stammt aus der neuesten Meldung, die der Bot bekommen hat\./);
    expect(embed?.fields?.[0]).toEqual({ name: 'Quelle', value: 'Netflix Tudum livestream' });
    for (const now of [ahead, inside, over]) {
      expect(text(countdown(now, 'de'))).not.toMatch(/Artikel/);
      expect(text(dailyPost(now, 'de'))).not.toMatch(/Artikel/);
    }
    // The article's window keeps the article's words in German too.
    const builtIn = renderCountdown(
      countdownState(windowTarget, TODAY, 'Etc/UTC'),
      windowTarget,
      shippedRelease,
      TODAY,
      'de',
    );
    expect(builtIn.description).toMatch(/^Der Artikel zur Ankündigung nannte late summer 2026/);
  });
});

describe('the wording of every state', () => {
  const targets = [
    resolveTarget(shippedRelease, noServerDate),
    resolveTarget(newsRelease, noServerDate, 'en', newsOrigin),
    resolveTarget(premiered, noServerDate),
    watchParty,
  ];
  // Every day (morning and evening) from before the window to after the watch party: every phase of every target.
  const moments = Array.from({ length: 500 }, (_, day) =>
    [9, 21].map((hour) => at(`2026-01-01T00:00:00Z`).getTime() + (day * 24 + hour) * 3_600_000),
  )
    .flat()
    .map((ms) => new Date(ms));

  /** Every member-visible text of the /countdown embed and the daily post for each target at each moment. */
  function everyText(): { phase: string; text: string }[] {
    const texts: { phase: string; text: string }[] = [];
    for (const target of targets) {
      for (const now of moments) {
        const state = countdownState(target, now, 'America/New_York');
        const release =
          target.kind === 'premiere'
            ? premiered
            : target.label === 'February 2027'
              ? newsRelease
              : shippedRelease;
        const embed = renderCountdown(state, target, release, now);
        const post = renderCountdownPost({ state, target, fact: 'A fact.', roleId: null, milestones: true });
        for (const text of [embed.title, embed.description, post.content, post.embeds[0]?.description]) {
          if (text !== undefined) texts.push({ phase: `${target.kind} ${state.phase}`, text });
        }
      }
    }
    return texts;
  }

  it('covers every phase of the countdown', () => {
    const phases = new Set(everyText().map(({ phase }) => phase.split(' ')[1]));
    expect([...phases].sort()).toEqual(
      ['release-day', 'released', 'upcoming', 'window-open', 'window-passed', 'window-upcoming'].sort(),
    );
  });

  it('never puts words in the studio’s mouth, nor claims no date has been announced anywhere', () => {
    for (const { phase, text } of everyText()) {
      expect(text, phase).not.toMatch(/Netflix said|no date has been announced|not (yet )?been announced/i);
    }
  });

  it('while only the window is known, says what is known: the article’s window, and that the bot knows of no date', () => {
    for (const { phase, text } of everyText()) {
      if (!phase.startsWith('window') || text.startsWith('Purple Hearts 2:')) continue;
      expect(text, phase).toMatch(/the bot knows of no announced date/i);
    }
  });

  it('writes whole sentences: no comma splice, every line of a description ends a sentence', () => {
    for (const { phase, text } of everyText()) {
      expect(text, phase).not.toMatch(/, (that|it|we|this) (window )?(has|is|was|are)\b/);
      if (text.includes('\n') || /[.!:]$/.test(text)) {
        for (const line of text.split('\n')) expect(line, phase).toMatch(/[.!]$/);
      }
    }
  });
});

describe('Discord’s limits', () => {
  /** Every text of the release as long as data/release.json's schema allows. */
  const longest = releaseWith({
    title: 'T'.repeat(100),
    studio: 'S'.repeat(100),
    window: { ...shippedRelease.window, label: 'L'.repeat(60), reading: 'R'.repeat(300) },
    milestones: [
      { id: 'a', label: 'M'.repeat(100), date: '2026-12-01', precision: 'day', note: 'N'.repeat(300) },
      { id: 'b', label: 'M'.repeat(100), date: '2027-06-01', precision: 'month', note: 'N'.repeat(300) },
      { id: 'c', label: 'M'.repeat(100), date: '2028-06-01', precision: 'season', note: 'N'.repeat(300) },
    ],
  });
  const targets = [
    resolveTarget(longest, {
      releaseDate: '2027-02-14',
      releaseTime: '20:00',
      releaseTimezone: 'America/Argentina/ComodRivadavia',
      releaseLabel: 'W'.repeat(MAX_TEXT_LENGTH),
    }),
    resolveTarget({ ...longest, premiere: '2026-08-28T00:00:00-07:00' }, noServerDate),
    resolveTarget(longest, noServerDate),
    resolveTarget(longest, noServerDate, 'en', { from: 'operator', source: 'S'.repeat(200) }),
  ];
  // Every day from well before the window to well after the server's date, so every phase is rendered.
  const days = Array.from({ length: 700 }, (_, day) => new Date(Date.UTC(2026, 0, 1, 15) + day * 86_400_000));

  it('keeps the /countdown embed within them in every phase with the longest texts allowed', () => {
    for (const target of targets) {
      for (const now of days) {
        const state = countdownState(target, now, 'America/Argentina/ComodRivadavia');
        const embed = renderCountdown(state, target, longest, now);
        expect(embedLimitBreaches(embed), `${target.kind} on ${now.toISOString()}`).toEqual([]);
      }
    }
  });

  it('keeps the daily post’s embed within them, cutting a fact too long for its field', () => {
    for (const target of targets) {
      for (const now of days.filter((_, index) => index % 7 === 0)) {
        const message = renderCountdownPost({
          state: countdownState(target, now, 'Etc/UTC'),
          target,
          fact: 'F'.repeat(5000),
          roleId: '123456789012345678',
          milestones: true,
        });
        expect(embedLimitBreaches(message.embeds[0]!), `${target.kind} on ${now.toISOString()}`).toEqual([]);
        expect(message.embeds[0]?.fields?.at(-1)?.value).toBe('F'.repeat(1024));
      }
    }
  });
});

describe('pickFact', () => {
  let content: Content;
  beforeAll(async () => {
    content = await loadContent(path.join(PROJECT_ROOT, 'data'));
  });

  it('gives the same fact for the same day, and another one the next day', () => {
    expect(pickFact(content, 20_000)).toBe(pickFact(content, 20_000));
    expect(pickFact(content, 20_001)).not.toBe(pickFact(content, 20_000));
  });

  it('goes through every non-rumour trivia explanation and confirmed cast note, and never a rumour', () => {
    const rumours = content.trivia.filter((q) => q.rumour).map((q) => q.explanation);
    const unconfirmed = content.cast.filter((p) => p.status !== 'confirmed').map((p) => p.name);
    const poolSize =
      content.trivia.filter((q) => !q.rumour).length +
      content.cast.filter((p) => p.status === 'confirmed' && p.films.sequel !== null).length;
    const facts = new Set(Array.from({ length: poolSize * 2 }, (_, day) => pickFact(content, 20_000 + day)));
    expect(facts.size).toBe(poolSize);
    for (const fact of facts) {
      expect(rumours).not.toContain(fact);
      for (const name of unconfirmed) expect(fact.startsWith(name)).toBe(false);
      // Nothing hedged slips in through an item not flagged as a rumour.
      expect(fact).not.toMatch(HEDGE);
    }
    expect(facts).toContain(
      `Chosen Jacobs (Frankie): ${content.cast.find((p) => p.id === 'chosen-jacobs')?.films.sequel}`,
    );
  });

  it('works for day numbers before 1970 too', () => {
    expect(typeof pickFact(content, -3)).toBe('string');
    expect(pickFact(content, -3).length).toBeGreaterThan(0);
  });

  it('still has something true to say when all the trivia is rumour', () => {
    const rumoursOnly = { ...content, trivia: content.trivia.filter((q) => q.rumour), cast: [] };
    expect(pickFact(rumoursOnly, 1)).toBe('Purple Hearts 2 is coming to Netflix.');
  });
});

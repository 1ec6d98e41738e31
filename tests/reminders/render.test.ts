import { describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/schemas.js';
import { renderReminderDm } from '../../src/reminders/render.js';

const newsWindow: Release = {
  title: 'Purple Hearts 2',
  studio: 'Netflix',
  window: { label: 'February 2027', start: '2027-02-01', end: '2027-02-28', reading: 'r' },
  premiere: null,
  milestones: [],
};
const articleWindow: Release = {
  ...newsWindow,
  window: { label: 'late summer 2026', start: '2026-08-01', end: '2026-09-22', reading: 'r' },
};
const announced = { key: 'announced:3', kind: 'announced', at: new Date('2026-12-06T10:03:00Z') } as const;
const description = (dm: ReturnType<typeof renderReminderDm>) => dm.embeds?.[0]?.description ?? '';

describe('the DM about a new release window', () => {
  it("says the operator's window is the latest news the bot was given, with its source, never the studio's words", () => {
    const dm = renderReminderDm(announced, { release: newsWindow, source: 'Tudum', locale: 'en' });
    expect(description(dm)).toMatch(
      /^The latest news the bot was given says \*\*February 2027\*\*, with no day announced yet\.\nSource: Tudum\n/,
    );
    expect(description(dm)).not.toMatch(/Netflix/);
  });

  it('says a withdrawn date sends the bot back to the article’s window', () => {
    const dm = renderReminderDm(announced, { release: articleWindow, source: null, locale: 'en' });
    expect(description(dm)).toMatch(
      /^The news the bot had was withdrawn: it is back to what the announcement article said, \*\*late summer 2026\*\*/,
    );
  });

  it('says both in German', () => {
    const news = renderReminderDm(announced, { release: newsWindow, source: 'Tudum', locale: 'de' });
    expect(description(news)).toMatch(
      /^Die neueste Meldung, die der Bot bekommen hat, nennt \*\*February 2027\*\*/,
    );
    const back = renderReminderDm(announced, { release: articleWindow, source: null, locale: 'de' });
    expect(description(back)).toMatch(/^Die Meldung, die der Bot hatte, wurde zurückgezogen/);
  });
});

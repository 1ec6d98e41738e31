import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  createCountdownEvent,
  EVENT_LENGTH_MS,
  planCountdownEvent,
  requireEventPermission,
  type EventCreator,
} from '../../src/admin/countdown-event.js';
import { resolveTarget, type CountdownTarget } from '../../src/countdown/target.js';
import { UserError } from '../../src/errors.js';
import { LOCALES, localizedText, t, type Locale } from '../../src/i18n/index.js';
import {
  noServerDate,
  releaseWith,
  shippedRelease,
  watchParty,
  windowTarget,
} from '../countdown/fixtures.js';

const before = new Date('2026-06-01T00:00:00Z');

describe('planCountdownEvent', () => {
  it('places a premiere where the content says the film comes out, not a name written into the code', () => {
    const release = releaseWith({ studio: 'Some Streamer', premiere: '2026-08-28T00:00:00-07:00' });
    const plan = planCountdownEvent(resolveTarget(release, noServerDate), release, before);
    expect(plan.location).toBe('Some Streamer');
    expect(plan.name).toBe('Purple Hearts 2 premiere');
    expect(plan.start).toEqual(new Date('2026-08-28T07:00:00Z'));
  });

  it('places a server’s own date in the server', () => {
    const plan = planCountdownEvent(watchParty, shippedRelease, before);
    expect(plan.location).toBe('This server');
    expect(plan.description).toMatch(/^Purple Hearts 2: /);
  });

  it('refuses a window, which has no date to put in a calendar', () => {
    expect(() => planCountdownEvent(windowTarget, shippedRelease, before)).toThrow(UserError);
  });

  it("words the event in the server's language: the target's name, the description and the place", () => {
    const release = releaseWith({ premiere: '2026-08-28T00:00:00-07:00' });
    const premiere = planCountdownEvent(resolveTarget(release, noServerDate, 'de'), release, before, 'de');
    expect(premiere.name).toBe('Premiere von Purple Hearts 2');
    expect(premiere.description).toBe(
      'Purple Hearts 2: Hier endet der Countdown. Vom Bot aus dem Countdown dieses Servers erstellt.',
    );
    const party = planCountdownEvent(watchParty, shippedRelease, before, 'pt-BR');
    expect(party.name).toBe(watchParty.label);
    expect(party.location).toBe('Este servidor');
    expect(party.description).toBe(t('pt-BR', 'countdown.event.description', { title: 'Purple Hearts 2' }));
    for (const locale of LOCALES) {
      const plan = planCountdownEvent(watchParty, shippedRelease, before, locale);
      expect(plan.description.length, locale).toBeLessThanOrEqual(1000);
      expect(plan.location.length, locale).toBeLessThanOrEqual(100);
      if (locale !== 'en')
        expect(plan.description, locale).not.toBe(
          planCountdownEvent(watchParty, shippedRelease, before).description,
        );
    }
  });

  it("says why it refuses in the moderator's language", () => {
    const said = (run: () => unknown, locale: Locale): string => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return localizedText(locale, (error as UserError).localized!);
      }
      throw new Error('expected a refusal');
    };
    const windowRefusal = () => planCountdownEvent(windowTarget, shippedRelease, before);
    expect(said(windowRefusal, 'en')).toMatch(/^There is no exact date yet \(only "/);
    expect(said(windowRefusal, 'fr')).toMatch(/^Il n’y a pas encore de date exacte/);
    expect(said(windowRefusal, 'fr')).toContain(windowTarget.label);
    const passed = () =>
      planCountdownEvent(watchParty, shippedRelease, new Date(watchParty.at.getTime() + 1));
    expect(said(passed, 'es-ES')).toMatch(/^La fecha de la cuenta atrás ya ha pasado/);
    expect(said(passed, 'es-419')).toMatch(/^La fecha de la cuenta regresiva ya pasó/);
    expect(said(() => requireEventPermission(0n), 'de')).toMatch(/Berechtigung \*\*„Events erstellen“\*\*/);
  });
});

const NOW = new Date('2026-06-01T12:00:00Z');
const AT = new Date('2026-08-28T07:00:00Z');

/** Records what it was asked to create, and answers as Discord would. */
function recordingEvents() {
  const created: Parameters<EventCreator['create']>[0][] = [];
  const events: EventCreator = {
    create(options) {
      created.push(options);
      return Promise.resolve({ id: '2', name: options.name, url: 'https://discord.com/events/1/2' });
    },
  };
  return { events, created };
}

const exact: CountdownTarget = {
  kind: 'premiere',
  label: 'Purple Hearts 2 premiere',
  at: AT,
  date: '2026-08-28',
};

describe('createCountdownEvent', () => {
  it('creates an external event from the target to three hours after it, and says what was created and the words it wrote', async () => {
    const { events, created } = recordingEvents();
    const event = await createCountdownEvent(events, {
      target: exact,
      release: shippedRelease,
      now: NOW,
      botPermissions: PermissionFlagsBits.CreateEvents,
    });
    expect(created).toHaveLength(1);
    // The words it wrote are kept, so that a later move can tell them from a moderator's own.
    expect(event).toEqual({
      id: '2',
      name: exact.label,
      url: 'https://discord.com/events/1/2',
      start: AT,
      words: {
        name: exact.label,
        description: created[0]?.description,
        location: shippedRelease.studio,
      },
    });
    expect(created[0]).toMatchObject({
      name: exact.label,
      scheduledStartTime: AT,
      scheduledEndTime: new Date(AT.getTime() + EVENT_LENGTH_MS),
      entityMetadata: { location: shippedRelease.studio },
    });
  });

  it('creates nothing without the permission, and names it', async () => {
    const { events, created } = recordingEvents();
    await expect(
      createCountdownEvent(events, { target: exact, release: shippedRelease, now: NOW, botPermissions: 0n }),
    ).rejects.toThrow(/Create Events/);
    expect(created).toHaveLength(0);
  });

  it('creates nothing for a target that has passed', async () => {
    const { events, created } = recordingEvents();
    await expect(
      createCountdownEvent(events, {
        target: exact,
        release: shippedRelease,
        now: new Date(AT.getTime() + 1),
        botPermissions: PermissionFlagsBits.Administrator,
      }),
    ).rejects.toThrow(UserError);
    expect(created).toHaveLength(0);
  });
});

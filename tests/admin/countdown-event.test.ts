import { describe, expect, it } from 'vitest';
import { planCountdownEvent } from '../../src/admin/countdown-event.js';
import { resolveTarget } from '../../src/countdown/target.js';
import { UserError } from '../../src/errors.js';
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
});

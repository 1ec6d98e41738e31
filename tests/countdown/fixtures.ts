/** Releases and targets for the countdown tests, built on the real data/release.json. */
import { readFileSync } from 'node:fs';
import { releaseFileSchema, type Release } from '../../src/content/schemas.js';
import type { CountdownTarget, TargetSettings } from '../../src/countdown/target.js';

/** The built-in release as shipped: no premiere, the late-summer-2026 window. */
export const shippedRelease: Release = releaseFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../data/release.json', import.meta.url), 'utf8')),
);

export function releaseWith(changes: Partial<Release>): Release {
  return releaseFileSchema.parse({ ...shippedRelease, ...changes });
}

export const noServerDate: TargetSettings = {
  releaseDate: null,
  releaseTime: '00:00',
  releaseTimezone: 'Etc/UTC',
  releaseLabel: null,
};

/** A watch party on 14 February 2027 at 20:00 in New York (15 February, 01:00 UTC). */
export const watchParty: Extract<CountdownTarget, { kind: 'server' }> = {
  kind: 'server',
  at: new Date('2027-02-15T01:00:00Z'),
  date: '2027-02-14',
  label: 'Watch party',
};

export const windowTarget: Extract<CountdownTarget, { kind: 'window' }> = {
  kind: 'window',
  start: shippedRelease.window.start,
  end: shippedRelease.window.end,
  label: shippedRelease.window.label,
  reading: shippedRelease.window.reading,
  from: 'article',
};

/** A window the operator gave with `/operator release window`, over the shipped release. */
export const newsRelease: Release = releaseWith({
  window: { label: 'February 2027', start: '2027-02-01', end: '2027-02-28', reading: 'Not shown.' },
});
export const newsOrigin = { from: 'operator', source: 'Netflix Tudum livestream' } as const;
export const newsWindow: Extract<CountdownTarget, { kind: 'window' }> = {
  kind: 'window',
  start: '2027-02-01',
  end: '2027-02-28',
  label: 'February 2027',
  reading: 'Not shown.',
  ...newsOrigin,
};

/** TODAY in the issue: the window is over and no date has been announced. */
export const TODAY = new Date('2026-11-25T10:00:00Z');

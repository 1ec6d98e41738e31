/** The cast as a {@link Feature}: only the `/cast` command, read from the built-in content; nothing stored. */
import type { Feature } from '../feature.js';

export const castFeature: Feature = { name: 'cast', commands: ['cast'] };

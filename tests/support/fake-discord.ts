/** The fake Discord (see `fake-discord/index.ts`); this path stays so existing imports keep working. */
export * from './fake-discord/index.js';

import { defineConfig } from 'vitest/config';

/**
 * The tests that start processes or servers: the bot against a fake Discord on 127.0.0.1 (e2e, reliability,
 * sharding, the fake's own tests), child processes (logger) and Redis/PostgreSQL (store). Everything else is a
 * unit test: `npm run test:unit` runs those alone, `npm test` runs both tiers.
 */
const INTEGRATION_TESTS = [
  'tests/e2e/**/*.test.ts',
  'tests/reliability/**/*.test.ts',
  'tests/sharding/**/*.test.ts',
  'tests/support/**/*.test.ts',
  'tests/store.test.ts',
  'tests/logger.test.ts',
];

export default defineConfig({
  test: {
    // End-to-end tests start servers and bots; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two tiers that split every test file between them: unit takes all that integration does not.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: INTEGRATION_TESTS,
          // One module graph per worker, not one per file (imports were most of the time). Unit tests keep no
          // global state (no environment changes, fake timers or spies), which sharing relies on.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION_TESTS,
          // Prints the reliability summary (faults injected and survived, bad inputs, data lost) after the run.
          globalSetup: ['tests/reliability/global-setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests start servers and bots; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Prints the reliability summary (faults injected and survived, bad inputs, data lost) after the run.
    globalSetup: ['tests/reliability/global-setup.ts'],
  },
});

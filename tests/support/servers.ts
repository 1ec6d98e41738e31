/**
 * The servers some tests need besides Node (Redis, PostgreSQL), found through the URL variables that
 * `.ci/services.sh start` prints or as a program on PATH. Without one, a test skips itself (`describe.skipIf`)
 * after {@link reportMissingServers} printed one line saying what was left out and how to run it, so `npm test`
 * passes on a machine with only Node and npm. Under `CI=true` a missing server is a failing test instead.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Whether this is a CI run (`CI=true`, as `.ci/run` sets): there every server must be present. */
export const UNDER_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/** How `.ci/services.sh` gets the servers: one command for every "how to run it". */
const START_SERVERS = 'eval "$(bash .ci/services.sh start)" && npm test';
const INSTALL_SERVERS = 'sudo bash .ci/services.sh install';

/** A server that some tests need, found or not. */
export interface TestServer {
  /** What is left out without it, such as "the Redis store". */
  leftOut: string;
  /** Its URL or program path, or undefined when this machine has none. */
  found: string | undefined;
  /** Why it is missing, such as "TEST_REDIS_URL is not set". */
  missing: string;
  /** The command that provides it. */
  howTo: string;
}

/** A server named by a URL variable, such as TEST_REDIS_URL (which `.ci/services.sh start` prints). */
export function serverUrl(leftOut: string, variable: 'TEST_REDIS_URL' | 'TEST_POSTGRES_URL'): TestServer {
  const url = process.env[variable]?.trim();
  return {
    leftOut,
    found: url === '' ? undefined : url,
    missing: `${variable} is not set`,
    howTo: START_SERVERS,
  };
}

/** A server program, such as redis-server: the path in `variable` when set, else the first one on PATH. */
export function serverProgram(leftOut: string, program: string, variable: string): TestServer {
  const forced = process.env[variable]?.trim() || undefined;
  const candidates =
    forced !== undefined
      ? [forced]
      : (process.env.PATH ?? '')
          .split(path.delimiter)
          .filter(Boolean)
          .map((folder) => path.join(folder, program));
  return {
    leftOut,
    found: candidates.find(isExecutable),
    missing:
      forced !== undefined ? `${variable}=${forced} is not an executable` : `${program} is not on PATH`,
    howTo: `${INSTALL_SERVERS}, then npm test`,
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Call at the top of a test file with every server it needs. Prints one line naming what this file leaves out
 * and how to run it, when any is missing; under CI adds a test per server that fails when it is missing.
 */
export function reportMissingServers(testFile: string, servers: TestServer[]): void {
  const missing = servers.filter((server) => server.found === undefined);
  if (missing.length > 0 && !UNDER_CI) {
    const list = (parts: string[]) => [...new Set(parts)].join(' and ');
    console.warn(
      `${testFile}: NOT TESTED: ${list(missing.map((server) => server.leftOut))}, as ` +
        `${list(missing.map((server) => server.missing))} (to run: ${list(missing.map((server) => server.howTo))}).`,
    );
  }
  describe.runIf(UNDER_CI)('test servers under CI', () => {
    for (const server of servers) {
      it(`has the server for ${server.leftOut}`, () => {
        expect(
          server.found,
          `${server.missing} (.ci/run installs and starts them with .ci/services.sh)`,
        ).toBeTruthy();
      });
    }
  });
}

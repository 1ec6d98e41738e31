import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, PROJECT_ROOT } from '../../src/config.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

let harness: Harness;
let dataDir: string;

beforeEach(async () => {
  harness = await createHarness();
  dataDir = await mkdtemp(path.join(tmpdir(), 'phb-data-'));
  await cp(path.join(PROJECT_ROOT, 'data'), dataDir, {
    recursive: true,
    filter: (src) => !src.endsWith('.sqlite'),
  });
});
afterEach(async () => {
  await harness.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function corrupt(file: string, change: (text: string) => string): Promise<void> {
  const full = path.join(dataDir, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

describe('corrupted content files', () => {
  it.each([
    ['cast.json', (t: string) => t.slice(0, t.length / 2), /^data\/cast\.json: is not valid JSON/],
    [
      'trivia.json',
      (t: string) => t.replace('"category": "cast"', '"category": "gossip"'),
      /^data\/trivia\.json: questions\[\d+\] \([a-z0-9-]+\)\.category: /,
    ],
    [
      'release.json',
      (t: string) => t.replace('"start": "2026-08-01"', '"start": "August"'),
      /^data\/release\.json: window\.start: /,
    ],
    [
      'cast.json',
      (t: string) => t.replace('"status": "rumored"', '"status": "certain"'),
      /^data\/cast\.json: people\[\d+\] \(alexa-demie\)\.status: /,
    ],
  ])(
    'stops start-up when %s is broken, naming the file, the entry and the fault',
    async (file, change, message) => {
      await corrupt(file, change);
      const attempt = harness.start({ dataDir });
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(message);
      // Nothing was started: no gateway session was opened.
      expect(harness.fake.identifies).toHaveLength(0);
      record({ area: 'data files', badInputsTried: 1, badInputsHandled: 1 });
    },
  );
});

/**
 * Collects what the reliability tests record (faults injected and survived, bad inputs tried, data lost) and
 * prints the summary at the end of `npm test`. Each test file appends JSON lines to a file in a shared folder.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { summarise, type ReliabilityRecord } from './summary.js';

export default function setup(project: TestProject): () => void {
  const folder = mkdtempSync(path.join(tmpdir(), 'phb-reliability-'));
  project.provide('reliabilityDir', folder);
  return () => {
    const records: ReliabilityRecord[] = readdirSync(folder).flatMap((file) =>
      readFileSync(path.join(folder, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ReliabilityRecord),
    );
    rmSync(folder, { recursive: true, force: true });
    if (records.length > 0) console.log(`\n${summarise(records)}\n`);
  };
}

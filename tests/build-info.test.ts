import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectedOutputs, forgetStaleBuildInfo } from '../src/build-info.js';

let root: string;

/** Writes `files` (paths relative to the project) with some content. */
async function write(...files: string[]): Promise<void> {
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), '// built\n');
  }
}

const buildInfo = () => path.join(root, 'dist/build.tsbuildinfo');

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'phb-build-info-'));
  await write('src/index.ts', 'src/cast/cast.ts', 'src/i18n/i18next.d.ts', 'commands/cast.ts');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the build info before npm start builds', () => {
  it('expects one compiled file per source file of src/ and commands/, and none for declaration files', () => {
    expect(
      expectedOutputs(root)
        .map((file) => file.split(path.sep).join('/'))
        .sort(),
    ).toEqual(['dist/commands/cast.js', 'dist/src/cast/cast.js', 'dist/src/index.js']);
  });

  it('is removed when a compiled file is missing, so tsc builds dist/ again', async () => {
    await write('dist/build.tsbuildinfo', 'dist/src/index.js', 'dist/commands/cast.js');
    expect(forgetStaleBuildInfo(root)).toBe(true);
    expect(existsSync(buildInfo())).toBe(false);
  });

  it('is kept when every compiled file is there, so an unchanged tree is not rebuilt', async () => {
    await write(
      'dist/build.tsbuildinfo',
      'dist/src/index.js',
      'dist/src/cast/cast.js',
      'dist/commands/cast.js',
    );
    expect(forgetStaleBuildInfo(root)).toBe(false);
    expect(existsSync(buildInfo())).toBe(true);
  });

  it('changes nothing before the first build, when there is no build info yet', () => {
    expect(forgetStaleBuildInfo(root)).toBe(false);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });
});

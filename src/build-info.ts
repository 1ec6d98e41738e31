/**
 * `npm start` builds with `tsc -b`, which trusts its build info: with `dist/build.tsbuildinfo` kept and a compiled
 * file deleted (by hand, or a half-cleaned dist/), it calls the build up to date and `node dist/src/index.js`
 * fails on the missing module. Run before the build (by src/check-env.ts), {@link forgetStaleBuildInfo} removes
 * the build info when a compiled file is missing, so tsc builds again; a complete dist/ is left alone.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** The folders tsconfig.build.json compiles, and where its build info goes. */
const SOURCE_FOLDERS = ['src', 'commands'];
const OUT_DIR = 'dist';
const BUILD_INFO = 'dist/build.tsbuildinfo';

/** The compiled file of every source file under `root` (`src/a/b.ts` → `dist/src/a/b.js`), relative to `root`. */
export function expectedOutputs(root: string): string[] {
  return SOURCE_FOLDERS.flatMap((folder) =>
    readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => path.join(OUT_DIR, folder, file.replace(/\.ts$/, '.js'))),
  );
}

/**
 * Removes the build info under `root` when a compiled file is missing from dist/; returns whether it did. Costs a
 * directory walk (a few milliseconds), so a start with dist/ current stays fast.
 */
export function forgetStaleBuildInfo(root: string): boolean {
  const buildInfo = path.join(root, BUILD_INFO);
  if (!existsSync(buildInfo)) return false;
  const missing = expectedOutputs(root).some((file) => !existsSync(path.join(root, file)));
  if (missing) rmSync(buildInfo);
  return missing;
}

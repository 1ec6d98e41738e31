/**
 * The layering rule, read from the import graph of src/: only the wiring (the bot's start-up, the process entry
 * points and the deploy script) may import the interaction layer or the command modules; everything else sits
 * below them. src/errors.ts is the bottom: it imports nothing of the bot's own.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';

/** Modules that put the bot together, and so may import anything. */
const WIRING = new Set([
  'src/bot.ts',
  'src/index.ts',
  'src/shard.ts',
  'src/shard-child.ts',
  'src/deploy-commands.ts',
]);

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(PROJECT_ROOT, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) =>
      path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
    )
    .sort();
}

/** The project files a module imports (static, type-only and dynamic imports), as paths from the project root. */
function importsOf(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] ?? '');
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts'),
    );
}

async function importGraph(): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for (const file of await sourceFiles('src')) {
    graph.set(file, importsOf(file, await readFile(path.join(PROJECT_ROOT, file), 'utf8')));
  }
  return graph;
}

const isUpperLayer = (file: string) => file.startsWith('src/interactions/') || file.startsWith('commands/');

describe('the import graph of src/', () => {
  it('is read correctly: the wiring is seen importing the router and the command list', async () => {
    const graph = await importGraph();
    expect(graph.get('src/bot.ts')).toEqual(
      expect.arrayContaining(['src/interactions/router.ts', 'commands/index.ts', 'src/context.ts']),
    );
    expect(graph.get('src/index.ts')).toContain('src/bot.ts');
  });

  it('finds every kind of import statement', () => {
    const source = [
      "import type { A } from './a.js';",
      "import {\n  B,\n  C,\n} from '../b.js';",
      "export { D } from './d.js';",
      "import './side-effect.js';",
      "const e = await import('./e.js');",
      "import { F } from 'discord.js';",
    ].join('\n');
    expect(importsOf('src/x/y.ts', source)).toEqual([
      'src/x/a.ts',
      'src/b.ts',
      'src/x/d.ts',
      'src/x/side-effect.ts',
      'src/x/e.ts',
    ]);
  });

  it('lets no module outside the wiring import src/interactions/ or commands/', async () => {
    const offending = [...(await importGraph())]
      .filter(([file]) => !WIRING.has(file) && !file.startsWith('src/interactions/'))
      .flatMap(([file, imports]) => imports.filter(isUpperLayer).map((target) => `${file} -> ${target}`));
    expect(offending).toEqual([]);
  });

  it('keeps src/interactions/ from importing the command modules', async () => {
    const offending = [...(await importGraph())]
      .filter(([file]) => file.startsWith('src/interactions/'))
      .flatMap(([file, imports]) =>
        imports.filter((target) => target.startsWith('commands/')).map((target) => `${file} -> ${target}`),
      );
    expect(offending).toEqual([]);
  });

  it('keeps src/errors.ts at the bottom, importing nothing of the bot', async () => {
    expect((await importGraph()).get('src/errors.ts')).toEqual([]);
  });
});

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent, type Content } from '../../src/content/load.js';
import { parseDate } from '../../src/settings/validate.js';

let content: Content;
beforeAll(async () => {
  content = await loadContent(path.join(PROJECT_ROOT, 'data'));
});

const EXAMPLE_DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
const HAS_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

/** Every option description of a command, however deeply its subcommands nest. */
function optionDescriptions(options: readonly unknown[] | undefined): string[] {
  return (options ?? []).flatMap((option) => {
    const { description, options: nested } = option as { description?: string; options?: unknown[] };
    return [...(description === undefined ? [] : [description]), ...optionDescriptions(nested)];
  });
}

/** An example date a moderator could take for the real one: inside the year of the release window. */
function couldBeMistaken(date: string): boolean {
  const { start, end } = content.release.window;
  return date.slice(0, 4) >= start.slice(0, 4) && date.slice(0, 4) <= end.slice(0, 4);
}

describe('example dates shown to moderators', () => {
  it('in /config release’s date option, are marked as examples and cannot be mistaken for the release', () => {
    const config = commands.find((command) => command.data.name === 'config');
    const dated = optionDescriptions(config?.data.options).filter((text) => HAS_DATE.test(text));
    expect(dated.length).toBeGreaterThan(0);
    for (const text of dated) {
      expect(text).toMatch(/e\.g\./);
      for (const date of text.match(EXAMPLE_DATE) ?? []) expect(couldBeMistaken(date), text).toBe(false);
    }
  });

  it('in the message for a badly written date, are marked as examples and cannot be mistaken for the release', () => {
    let message = '';
    try {
      parseDate('releaseDate', '28/08/2026');
    } catch (error) {
      message = (error as Error).message;
    }
    const dates = message.match(EXAMPLE_DATE) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    expect(message).toMatch(/e\.g\./);
    for (const date of dates) expect(couldBeMistaken(date), message).toBe(false);
  });
});

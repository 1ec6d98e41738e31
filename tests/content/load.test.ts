import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';

const realData = path.join(PROJECT_ROOT, 'data');
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'phb-content-'));
  for (const file of ['cast.json', 'release.json', 'trivia.json']) {
    await cp(path.join(realData, file), path.join(dataDir, file));
  }
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function edit(file: string, change: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(path.join(dataDir, file), 'utf8'));
  change(json);
  await writeFile(path.join(dataDir, file), JSON.stringify(json));
}

describe('loadContent', () => {
  it('accepts the content shipped in data/', async () => {
    const content = await loadContent(realData);
    expect(content.cast.length).toBeGreaterThan(0);
    expect(content.release.title).toBe('Purple Hearts 2');
    expect(content.trivia.length).toBeGreaterThanOrEqual(80);
  });

  it('names the file, the entry and the field of a bad value', async () => {
    await edit('cast.json', (json) => {
      json.people[1].status = 'maybe';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /^data\/cast\.json: people\[1\] \(nicholas-galitzine\)\.status: /,
    );
  });

  it('refuses unknown fields, so a typo in a field name cannot hide a value', async () => {
    await edit('cast.json', (json) => {
      json.people[0].staus = 'confirmed';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /data\/cast\.json: people\[0\] \(sofia-carson\): .*staus/,
    );
  });

  it('refuses duplicate ids', async () => {
    await edit('cast.json', (json) => {
      json.people[1].id = json.people[0].id;
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/duplicate id "sofia-carson"/);
  });

  it('refuses a trivia question with two identical choices or an over-long button label', async () => {
    await edit('trivia.json', (json) => {
      json.questions[0].wrong[0] = json.questions[0].answer.toUpperCase();
    });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /data\/trivia\.json: questions\[0\] \(.+\)\.wrong: the four choices must be distinct/,
    );
    await edit('trivia.json', (json) => {
      json.questions[0].wrong[0] = 'x'.repeat(81);
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/questions\[0\] \(.+\)\.wrong\[0\]: .*80/);
  });

  it('refuses a status note that repeats the status shown before it', async () => {
    await edit('cast.json', (json) => {
      json.people[0].statusNote = 'Confirmed: she is back.';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(
      /people\[0\] \(sofia-carson\)\.statusNote: the status note repeats the status/,
    );
  });

  it('refuses a rumored person whose sequel text reads as a fact', async () => {
    await edit('cast.json', (json) => {
      const demie = json.people.find((person: { id: string }) => person.id === 'alexa-demie');
      demie.films.sequel = 'Plays a music executive who tempts Cassie.';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/\(alexa-demie\)\.films\.sequel: .*hedge/);
  });

  it('refuses a missing fact written out instead of null, which has one rendering', async () => {
    await edit('cast.json', (json) => {
      const julia = json.people.find((person: { id: string }) => person.id === 'javier-julia');
      julia.films.original = 'Not part of the original film.';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/\(javier-julia\)\.films\.original: .*null/);
  });

  it('refuses a described part that starts with a capital, as it is shown mid-sentence', async () => {
    await edit('cast.json', (json) => {
      const demie = json.people.find((person: { id: string }) => person.id === 'alexa-demie');
      demie.character = 'A music executive';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/\(alexa-demie\)\.character: .*lower case/);
  });

  it('refuses British "rumour" in any text, so the bot spells it one way', async () => {
    await edit('cast.json', (json) => {
      json.people[0].films.sequel = 'Back as Cassie, though a rumour says otherwise.';
    });
    await expect(loadContent(dataDir)).rejects.toThrow(/\(sofia-carson\)\.films\.sequel: .*US spelling/);
  });

  it('reports a file that is not JSON at all', async () => {
    await writeFile(path.join(dataDir, 'release.json'), '{ "title": ');
    await expect(loadContent(dataDir)).rejects.toThrow(/^data\/release\.json: is not valid JSON/);
  });

  it('reports a missing file', async () => {
    await rm(path.join(dataDir, 'trivia.json'));
    await expect(loadContent(dataDir)).rejects.toThrow(/^data\/trivia\.json: cannot be read \(ENOENT\)/);
  });
});

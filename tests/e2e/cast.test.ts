import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedOf, isEphemeral } from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
  await harness.start();
});
afterAll(() => harness.close());

const focused = (value: string) => [{ name: 'person', type: 3, value, focused: true }];

describe('/cast', () => {
  it('shows the overview of the cast and crew, grouped, with each status', async () => {
    const { reply } = await harness.fake.chatInput({ name: 'cast' });
    expect(reply.type).toBe(4);
    const embed = embedOf(reply.data);
    expect(embed.title).toMatch(/Purple Hearts 2/);
    expect(embed.fields?.map((field) => field.name)).toEqual([
      'Returning leads',
      'Returning supporting cast',
      'New additions',
      'Key crew',
      'Source material of the 2022 film',
    ]);
    const text = embed.fields?.map((field) => field.value).join('\n');
    expect(text).toMatch(/Sofia Carson.*Cassie Salazar.*Confirmed/);
    expect(text).toMatch(/\*\*Alexa Demie\*\* · rumored to play a music executive · ❓ Rumored/);
    expect(text).toMatch(/Idris Elba.*In talks/);
    expect(reply.data?.flags ?? 0).toBe(0);
  });

  it('shows one person in detail, with both films and the status', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'idris-elba' }],
    });
    const embed = embedOf(reply.data);
    expect(embed.title).toBe('Idris Elba');
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(Object.keys(fields)).toEqual(['Purple Hearts (2022)', 'Purple Hearts 2', 'Status']);
    expect(fields.Status).toMatch(/In talks/);
  });

  it('answers a person typed by hand without picking from the list', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'Frankie' }],
    });
    expect(reply.data?.embeds?.[0]?.title).toBe('Chosen Jacobs');
  });

  it.each([
    ['galitzin', 'nicholas-galitzine'],
    ['cassie', 'sofia-carson'],
    ['frankie', 'chosen-jacobs'],
    ['idris', 'idris-elba'],
    ['GALITZÍNE', 'nicholas-galitzine'],
    ['galitzen', 'nicholas-galitzine'],
  ])('suggests the right person first while typing "%s"', async (value, id) => {
    const { reply } = await harness.fake.autocomplete({ name: 'cast', options: focused(value) });
    expect(reply.type).toBe(8);
    expect(reply.data?.choices?.[0]?.value).toBe(id);
    expect(reply.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it('suggests everyone for an empty query, never more than 25', async () => {
    const { reply } = await harness.fake.autocomplete({ name: 'cast', options: focused('') });
    expect(reply.data?.choices?.length).toBeGreaterThan(5);
    expect(reply.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it('answers an unknown person ephemerally with the closest names', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'Nicolas Galitzyne-Smith' }],
    });
    expect(reply.type).toBe(4);
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(
      /Nobody in the cast or crew matches .* Closest names: Nicholas Galitzine/,
    );
  });

  it('never lets echoed input ping anyone', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: '@everyone <@&123456789012345678>' }],
    });
    expect(reply.data?.content).toContain('@everyone');
    expect(reply.data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('works in a direct message with the bot', async () => {
    const { reply } = await harness.fake.chatInput({ name: 'cast', guildId: null });
    expect(reply.type).toBe(4);
    expect(reply.data?.embeds?.[0]?.fields).toHaveLength(5);
  });

  it('logs one line per interaction with its latency', async () => {
    const before = harness.logs.length;
    const { id } = await harness.fake.chatInput({ name: 'cast' });
    await expect.poll(() => harness.logs.slice(before).filter((l) => l.interaction === id)).toHaveLength(1);
    const line = harness.logs.slice(before).find((l) => l.interaction === id)!;
    expect(line).toMatchObject({ msg: 'interaction', name: 'cast', outcome: 'ok' });
    expect(typeof line.ms).toBe('number');
  });
});

import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { describeDiscordError, permanentDiscordFailure } from '../src/errors.js';

const apiError = (code: number, status: number) =>
  new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', '/channels/1/messages', {
    body: undefined,
    files: undefined,
  });

describe('describeDiscordError', () => {
  it.each([
    [50001, 403, /Missing Access/],
    [50013, 403, /Missing Permissions/],
    [10003, 404, /Unknown Channel/],
    [10008, 404, /Unknown Message/],
    [10011, 404, /Unknown Role/],
    [50007, 403, /direct messages/],
  ])('puts Discord error %i into plain words', (code, status, words) => {
    expect(describeDiscordError(apiError(code, status))).toMatchObject({
      code,
      words: expect.stringMatching(words),
    });
  });

  it('names no error it does not know, and nothing that is not a Discord refusal', () => {
    expect(describeDiscordError(apiError(40060, 400))).toBeUndefined();
    expect(describeDiscordError(new Error('Missing Access'))).toBeUndefined();
  });
});

describe('permanentDiscordFailure', () => {
  it('gives the same kind and words as the classifier for a refusal it names', () => {
    const refusal = describeDiscordError(apiError(50013, 403));
    expect(permanentDiscordFailure(apiError(50013, 403))).toEqual({
      kind: 'missingPermissions',
      words: refusal?.words,
    });
    expect(refusal?.kind).toBe('missingPermissions');
  });

  it('treats any other 403 or 404 as permanent, by kind and in words', () => {
    expect(permanentDiscordFailure(apiError(20001, 403))).toMatchObject({ kind: 'forbidden', words: /403/ });
    expect(permanentDiscordFailure(apiError(10062, 404))).toMatchObject({ kind: 'notFound', words: /404/ });
  });

  it('leaves failures worth another try unnamed', () => {
    expect(permanentDiscordFailure(apiError(0, 500))).toBeUndefined();
    expect(permanentDiscordFailure(apiError(0, 429))).toBeUndefined();
    expect(permanentDiscordFailure(new Error('socket hang up'))).toBeUndefined();
  });
});

import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { STORE_UNAVAILABLE_MESSAGE, StoreUnavailableError, UserError } from '../../src/errors.js';
import { explainError } from '../../src/interactions/errors.js';
import { createLogger } from '../../src/logger.js';
import { parseTime } from '../../src/settings/validate.js';

const logger = createLogger({ level: 'silent' });
const apiError = (code: number, status: number) =>
  new DiscordAPIError({ code, message: 'refused' }, code, status, 'POST', '/channels/1/messages', {
    body: undefined,
    files: undefined,
  });

describe('explainError', () => {
  it('shows a UserError as it is', () => {
    expect(explainError(new UserError('Pick a channel.'), logger)).toEqual({
      message: 'Pick a channel.',
      outcome: 'user-error',
    });
  });

  it("names a setting by its label in the member's language when refusing its value", () => {
    let refusal: unknown;
    try {
      parseTime('qotdTime', '25:00');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).message).toMatch(/^Question of the day time must be a 24-hour time/);
    expect(explainError(refusal, logger, 'de').message).toContain('Uhrzeit der Frage des Tages');
  });

  it('turns Discord refusals into plain words', () => {
    expect(explainError(apiError(50013, 403), logger).message).toMatch(/Missing Permissions/);
    expect(explainError(apiError(50001, 403), logger).message).toMatch(/Missing Access/);
    expect(explainError(apiError(10003, 404), logger).message).toMatch(/Unknown Channel/);
  });

  it('says the store is temporarily unavailable during an outage', () => {
    expect(explainError(new StoreUnavailableError('down'), logger)).toEqual({
      message: STORE_UNAVAILABLE_MESSAGE,
      outcome: 'store-unavailable',
    });
  });

  it('gives anything else an error id, without its details', () => {
    const explained = explainError(new Error('secret internals'), logger);
    expect(explained.outcome).toBe('error');
    expect(explained.message).toContain(`\`${explained.errorId ?? 'missing'}\``);
    expect(explained.message).not.toContain('secret internals');
  });
});

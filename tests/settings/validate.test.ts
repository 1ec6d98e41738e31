import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { localizedText } from '../../src/i18n/index.js';
import {
  checkChannel,
  checkRole,
  parseDate,
  parseSeconds,
  parseText,
  parseTime,
  parseTimezone,
  parseTriviaSource,
  searchTimezones,
} from '../../src/settings/validate.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const CHANNEL = '333333333333333333';
const ROLE = '222222222222222222';
const POSTING =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

describe('parseTime', () => {
  it.each([
    ['09:00', '09:00'],
    ['18:30', '18:30'],
    ['9:05', '09:05'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
    [' 7:45 ', '07:45'],
  ])('accepts "%s" as %s', (text, time) => {
    expect(parseTime('countdownTime', text)).toBe(time);
  });

  it.each(['24:00', '12:60', '9am', '9', '09:0', '123:00', '', '09h00'])('refuses "%s"', (text) => {
    expect(() => parseTime('countdownTime', text)).toThrow(UserError);
  });

  it('names the setting and the accepted form when it refuses', () => {
    expect(() => parseTime('countdownTime', '9am')).toThrow(
      'Countdown time must be a 24-hour time like 09:00 or 18:30; got "9am".',
    );
  });

  it('shows refused text without markdown or mentions', () => {
    expect(() => parseTime('countdownTime', '**@everyone**')).toThrow('got "\\*\\*@\u200beveryone\\*\\*"');
  });
});

describe('parseTimezone', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['america/new_york', 'America/New_York'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
    ['Etc/UTC', 'Etc/UTC'],
    ['UTC', 'Etc/UTC'],
    ['utc', 'Etc/UTC'],
    ['asia/kolkata', 'Asia/Kolkata'],
  ])('accepts "%s" as %s', (text, zone) => {
    expect(parseTimezone('countdownTimezone', text)).toBe(zone);
  });

  it('stores a former name under the current one', () => {
    expect(parseTimezone('countdownTimezone', 'Asia/Calcutta')).toBe('Asia/Kolkata');
  });

  it('accepts a city that names a single zone', () => {
    expect(parseTimezone('countdownTimezone', 'new york')).toBe('America/New_York');
    expect(parseTimezone('countdownTimezone', 'Tokyo')).toBe('Asia/Tokyo');
  });

  it.each(['EST', 'PST', 'CEST', 'EST5EDT', 'GMT'])(
    'refuses the abbreviation "%s" and suggests a name',
    (text) => {
      const attempt = () => parseTimezone('countdownTimezone', text);
      expect(attempt).toThrow(UserError);
      expect(attempt).toThrow(
        new RegExp(
          `^Countdown timezone must be a timezone name like America/New_York.*abbreviation.*got "${text}"\\.$`,
        ),
      );
    },
  );

  it.each(['+02:00', '-0500', 'UTC+2', 'GMT-05:30', 'Etc/GMT+2'])(
    'refuses the offset "%s" and suggests a name',
    (text) => {
      const attempt = () => parseTimezone('countdownTimezone', text);
      expect(attempt).toThrow(UserError);
      expect(attempt).toThrow(/timezone name like America\/New_York.*not an offset/);
    },
  );

  it('refuses a name no timezone has', () => {
    expect(() => parseTimezone('countdownTimezone', 'Mars/Olympus')).toThrow(
      /Countdown timezone must be a timezone name.*got "Mars\/Olympus"/,
    );
  });
});

describe('searchTimezones', () => {
  it('lists common zones first for an empty query', () => {
    expect(searchTimezones('').slice(0, 5)).toEqual([
      'Etc/UTC',
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Los_Angeles',
    ]);
    expect(searchTimezones('')).toContain('Europe/London');
    expect(searchTimezones('')).toContain('Asia/Tokyo');
  });

  it('returns at most the limit', () => {
    expect(searchTimezones('')).toHaveLength(25);
    expect(searchTimezones('america', 10)).toHaveLength(10);
    expect(searchTimezones('a', 0)).toEqual([]);
  });

  it('matches spaces against underscores, in any case', () => {
    expect(searchTimezones('new york')).toContain('America/New_York');
    expect(searchTimezones('NEW_YORK')).toContain('America/New_York');
  });

  it('puts names or cities starting with the query before other matches', () => {
    expect(searchTimezones('tok')[0]).toBe('Asia/Tokyo');
    expect(searchTimezones('lon')[0]).toBe('Europe/London');
    const results = searchTimezones('york');
    expect(results).toContain('America/New_York');
    expect(searchTimezones('ondon')).toEqual(['Europe/London']);
  });

  it('offers UTC and current names rather than former ones', () => {
    expect(searchTimezones('utc')).toContain('Etc/UTC');
    expect(searchTimezones('kolkata')).toEqual(['Asia/Kolkata']);
    expect(searchTimezones('calcutta')).toEqual([]);
  });

  it('finds nothing for a query no name contains', () => {
    expect(searchTimezones('zzzz')).toEqual([]);
  });

  it('only offers names that parseTimezone accepts as they are', () => {
    for (const zone of searchTimezones('', 1000)) expect(parseTimezone('countdownTimezone', zone)).toBe(zone);
  });
});

describe('checkChannel', () => {
  const text = { id: CHANNEL, type: ChannelType.GuildText, guildId: GUILD, name: 'countdown' };

  it('accepts a text or announcement channel of this server where the bot can post', () => {
    expect(checkChannel('countdownChannel', text, GUILD, POSTING)).toBe(CHANNEL);
    const news = { ...text, type: ChannelType.GuildAnnouncement };
    expect(checkChannel('countdownChannel', news, GUILD, POSTING)).toBe(CHANNEL);
  });

  it('accepts a channel where the bot is an administrator', () => {
    expect(checkChannel('countdownChannel', text, GUILD, PermissionFlagsBits.Administrator)).toBe(CHANNEL);
  });

  it('refuses a voice channel', () => {
    const voice = { ...text, type: ChannelType.GuildVoice, name: 'hangout' };
    expect(() => checkChannel('countdownChannel', voice, GUILD, POSTING)).toThrow(
      'Countdown channel must be a text or announcement channel; #hangout is neither.',
    );
  });

  it('refuses threads and forums', () => {
    for (const type of [ChannelType.PublicThread, ChannelType.GuildForum]) {
      expect(() => checkChannel('countdownChannel', { ...text, type }, GUILD, POSTING)).toThrow(UserError);
    }
  });

  it('refuses a channel of another server', () => {
    const elsewhere = { ...text, guildId: OTHER_GUILD };
    expect(() => checkChannel('countdownChannel', elsewhere, GUILD, POSTING)).toThrow(
      'Countdown channel must be a channel of this server; #countdown is not.',
    );
  });

  it('names the missing permission in plain words', () => {
    const withoutSend = POSTING & ~PermissionFlagsBits.SendMessages;
    const attempt = () => checkChannel('countdownChannel', text, GUILD, withoutSend);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      /^Countdown channel must be a channel where I have .*; in #countdown I'm missing Send Messages\. /,
    );
  });

  it('names every missing permission when the bot has none there', () => {
    for (const permissions of [0n, null]) {
      expect(() => checkChannel('countdownChannel', text, GUILD, permissions)).toThrow(
        /I'm missing View Channel, Send Messages and Embed Links\./,
      );
    }
  });

  it('names the permissions as Discord does in the reader’s language, joined as that language lists them', () => {
    const withoutSend = POSTING & ~PermissionFlagsBits.SendMessages & ~PermissionFlagsBits.EmbedLinks;
    let refusal: unknown;
    try {
      checkChannel('countdownChannel', text, GUILD, withoutSend);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    const localized = (refusal as UserError).localized;
    expect(localized).toBeDefined();
    if (localized === undefined) return;
    expect(localizedText('es-ES', localized)).toMatch(
      /^Canal de la cuenta atrás debe ser un canal donde yo tenga Ver canal, Enviar mensajes e Insertar enlaces; en #countdown me falta: Enviar mensajes e Insertar enlaces\. /,
    );
    expect(localizedText('de', localized)).toMatch(
      /in #countdown fehlt mir „Nachrichten senden“ und „Links einbetten“\. /,
    );
  });
});

describe('checkRole', () => {
  const role = { id: ROLE, name: 'Moderators', managed: false };

  it('accepts a role members can be given', () => {
    expect(checkRole('modRole', role, GUILD)).toBe(ROLE);
    expect(checkRole('countdownRole', role, GUILD)).toBe(ROLE);
  });

  it('refuses @everyone without mentioning it', () => {
    const everyone = { id: GUILD, name: '@everyone', managed: false };
    const attempt = () => checkRole('modRole', everyone, GUILD);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/^Moderator role must be a role given to some members, not @\u200beveryone/);
    expect(attempt).not.toThrow(/@everyone/);
  });

  it('refuses a role managed by an integration, showing its name escaped', () => {
    const managed = { id: ROLE, name: '*Bot* @here', managed: true };
    const attempt = () => checkRole('countdownRole', managed, GUILD);
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      /^Countdown ping role must be a role you can give to members; \\\*Bot\\\* @\u200bhere is managed/,
    );
    expect(attempt).not.toThrow(/<@&/);
  });
});

describe('parseDate', () => {
  it('accepts a real calendar date', () => {
    expect(parseDate('releaseDate', ' 2026-08-28 ')).toBe('2026-08-28');
    expect(parseDate('releaseDate', '2028-02-29')).toBe('2028-02-29');
  });

  it.each(['2026-02-30', '2026-13-01', '28/08/2026', 'tomorrow', '1999-12-31'])('refuses "%s"', (text) => {
    expect(() => parseDate('releaseDate', text)).toThrow(/Release date must be a date written YYYY-MM-DD/);
  });
});

describe('parseText', () => {
  it('accepts one short line, trimmed', () => {
    expect(parseText('releaseLabel', '  Watch party! ')).toBe('Watch party!');
  });

  it.each(['', '   ', 'a\nb', 'x'.repeat(101)])('refuses %j', (text) => {
    expect(() => parseText('releaseLabel', text)).toThrow(/Release label must be one line of 1 to 100/);
  });

  it.each(['@everyone party', 'for @here', 'hi <@&123456789012345678>', '<@123456789012345678>'])(
    'refuses the mention in %j',
    (text) => {
      expect(() => parseText('releaseLabel', text)).toThrow(/cannot contain mentions/);
    },
  );
});

describe('parseSeconds', () => {
  it.each([5, 20, 120])('accepts %i seconds', (seconds) => {
    expect(parseSeconds('triviaAnswerTime', seconds)).toBe(seconds);
  });

  it.each([4, 121, 7.5, Number.NaN])('refuses %s, naming the range', (seconds) => {
    expect(() => parseSeconds('triviaAnswerTime', seconds)).toThrow(
      'Trivia answer time must be a whole number of seconds from 5 to 120.',
    );
  });
});

describe('parseTriviaSource', () => {
  it.each(['built-in', 'custom', 'both'])('accepts %s', (source) => {
    expect(parseTriviaSource('triviaSource', source)).toBe(source);
  });

  it('refuses anything else, listing the choices', () => {
    expect(() => parseTriviaSource('triviaSource', 'Both')).toThrow(
      'Trivia questions must be built-in, custom or both.',
    );
  });
});

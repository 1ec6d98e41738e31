import {
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  SlashCommandSubcommandBuilder,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { ChannelInfo, GuildView } from '../../src/admin/guild-view.js';
import {
  addSettingOptions,
  dailyPostOptions,
  readSettingChanges,
  readSettingValues,
  type OptionReader,
  type SettingOption,
} from '../../src/admin/options.js';
import { UserError } from '../../src/errors.js';
import { localizedText } from '../../src/i18n/index.js';

const GUILD = '100000000000000000';
const CHANNEL = '200000000000000001';
const ROLE = '300000000000000001';
const POSTING =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

const general: ChannelInfo = {
  id: CHANNEL,
  name: 'general',
  type: ChannelType.GuildText,
  guildId: GUILD,
  botPermissions: POSTING,
};
const guild: GuildView = {
  id: GUILD,
  channel: (id) => (id === CHANNEL ? general : undefined),
  role: () => undefined,
};

/** What a member typed or picked, by option name, read as discord.js's resolver would give it back. */
function reader(given: Record<string, unknown>): OptionReader {
  const get = (name: string) => given[name] ?? null;
  return {
    getString: (name) => get(name) as string | null,
    getBoolean: (name) => get(name) as boolean | null,
    getInteger: (name) => get(name) as number | null,
    getRole: (name) => get(name) as ReturnType<OptionReader['getRole']>,
    getChannel: (name) => get(name) as ReturnType<OptionReader['getChannel']>,
  };
}

const post = dailyPostOptions(
  { channel: 'qotdChannel', time: 'qotdTime', timezone: 'qotdTimezone', enabled: 'qotdEnabled' },
  { timeExample: 'e.g. 12:00', enabled: 'Post a question every day' },
);
const QOTD: readonly SettingOption[] = [post.channel, post.time, post.timezone, post.enabled];
const TRIVIA: readonly SettingOption[] = [
  { name: 'answer-time', setting: 'triviaAnswerTime', description: 'Seconds' },
  { name: 'source', setting: 'triviaSource', description: 'Which questions' },
];

describe('addSettingOptions', () => {
  it('types and limits each option by the kind of the setting it sets', () => {
    const sub = addSettingOptions(new SlashCommandSubcommandBuilder().setName('x').setDescription('x'), [
      ...QOTD,
      ...TRIVIA,
      { name: 'date', setting: 'releaseDate', description: 'The date', required: true },
    ]).toJSON();
    expect(sub.options).toEqual([
      expect.objectContaining({
        name: 'channel',
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      }),
      expect.objectContaining({
        name: 'time',
        type: ApplicationCommandOptionType.String,
        description: '24-hour time, e.g. 12:00',
        max_length: 5,
      }),
      expect.objectContaining({ name: 'timezone', autocomplete: true, max_length: 64 }),
      expect.objectContaining({ name: 'enabled', type: ApplicationCommandOptionType.Boolean }),
      expect.objectContaining({
        name: 'answer-time',
        type: ApplicationCommandOptionType.Integer,
        min_value: 5,
        max_value: 120,
      }),
      expect.objectContaining({
        name: 'source',
        choices: [
          { name: 'Built-in questions', value: 'built-in' },
          { name: "This server's own questions", value: 'custom' },
          { name: 'Built-in and custom questions', value: 'both' },
        ],
      }),
      expect.objectContaining({ name: 'date', required: true, max_length: 10 }),
    ]);
  });
});

describe('readSettingChanges', () => {
  it('checks each given option with its setting’s validator and leaves the others out', () => {
    const changes = readSettingChanges(
      reader({ channel: { id: CHANNEL, type: ChannelType.GuildText, name: 'general' }, time: '7:05' }),
      QOTD,
      guild,
    );
    expect(changes).toEqual({ qotdChannel: CHANNEL, qotdTime: '07:05' });
  });

  it('keeps a false switch, which is a change too', () => {
    expect(readSettingChanges(reader({ enabled: false }), QOTD, guild)).toEqual({ qotdEnabled: false });
  });

  it('reads numbers and choices, and refuses ones out of range naming the setting', () => {
    expect(readSettingChanges(reader({ 'answer-time': 30, source: 'custom' }), TRIVIA, guild)).toEqual({
      triviaAnswerTime: 30,
      triviaSource: 'custom',
    });
    expect(() => readSettingChanges(reader({ 'answer-time': 121 }), TRIVIA, guild)).toThrow(
      'Trivia answer time must be a whole number of seconds from 5 to 120.',
    );
    expect(() => readSettingChanges(reader({ source: 'all' }), TRIVIA, guild)).toThrow(
      'Trivia questions must be built-in, custom or both.',
    );
  });

  it('reports the first bad option in the order the options are listed', () => {
    expect(() => readSettingChanges(reader({ time: '25:00', timezone: 'EST' }), QOTD, guild)).toThrow(
      /^Question of the day time must be/,
    );
  });

  it('refuses a channel the bot cannot see, naming the setting', () => {
    const unknown = { id: '200000000000000009', type: ChannelType.GuildText, name: 'secret' };
    expect(() => readSettingChanges(reader({ channel: unknown }), QOTD, guild)).toThrow(
      /^Question of the day channel must be a channel of this server/,
    );
  });

  it('asks for at least one option, listing them all', () => {
    expect(() => readSettingChanges(reader({}), QOTD, guild)).toThrow(
      /^Give at least one option: channel, time, timezone or enabled\.$/,
    );
  });

  it('lists the options with the “or” of the member’s language, the option names kept as Discord shows them', () => {
    const refusal = (): UserError => {
      try {
        readSettingChanges(reader({}), QOTD, guild);
      } catch (error) {
        if (error instanceof UserError) return error;
        throw error;
      }
      throw new Error('no option was given, yet nothing was refused');
    };
    const { localized } = refusal();
    expect(localized).toBeDefined();
    if (localized === undefined) return;
    expect(localizedText('fr', localized)).toBe(
      'Indique au moins une option\u00a0: channel, time, timezone ou enabled.',
    );
    expect(localizedText('de', localized)).toBe(
      'Gib mindestens eine Option an: channel, time, timezone oder enabled.',
    );
  });

  it('refuses @everyone as a role', () => {
    const options: SettingOption[] = [{ name: 'role', setting: 'countdownRole', description: 'Ping' }];
    expect(() =>
      readSettingChanges(reader({ role: { id: GUILD, name: '@everyone', managed: false } }), options, guild),
    ).toThrow(UserError);
    expect(
      readSettingChanges(reader({ role: { id: ROLE, name: 'Fans', managed: false } }), options, guild),
    ).toEqual({ countdownRole: ROLE });
  });
});

describe('readSettingValues', () => {
  const RELEASE: readonly SettingOption[] = [
    { name: 'date', setting: 'releaseDate', description: 'Date', required: true },
    { name: 'time', setting: 'releaseTime', description: 'Time' },
    { name: 'label', setting: 'releaseLabel', description: 'Label' },
  ];

  it('puts the settings of options left out back to their defaults', () => {
    expect(readSettingValues(reader({ date: '2026-08-28' }), RELEASE, guild)).toEqual({
      releaseDate: '2026-08-28',
      releaseTime: '00:00',
      releaseLabel: null,
    });
  });

  it('checks the given ones', () => {
    expect(() => readSettingValues(reader({ date: '2026-02-30' }), RELEASE, guild)).toThrow(
      /^Release date must be a date written YYYY-MM-DD/,
    );
    expect(() =>
      readSettingValues(reader({ date: '2026-08-28', label: '@everyone party' }), RELEASE, guild),
    ).toThrow('Release label cannot contain mentions such as @everyone or a role.');
  });

  it('refuses to go without a required option', () => {
    expect(() => readSettingValues(reader({ time: '20:00' }), RELEASE, guild)).toThrow(UserError);
  });
});

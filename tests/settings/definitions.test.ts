import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  readStoredSettings,
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  settingDescription,
  settingLabel,
  settingSchema,
  storedSettingsSchema,
} from '../../src/settings/definitions.js';
import { localizedText, type KeyedMessage, type Locale } from '../../src/i18n/index.js';

const ROLE = '222222222222222222';

/** A stored value's problem as a moderator reads it in `locale`. */
const said = (locale: Locale, problem: KeyedMessage | undefined): string | undefined =>
  problem === undefined ? undefined : localizedText(locale, problem);

describe('SETTING_DEFINITIONS', () => {
  it('lists the settings in display order with their labels and kinds', () => {
    expect(
      SETTING_KEYS.map((key) => [key, SETTING_DEFINITIONS[key].label, SETTING_DEFINITIONS[key].kind]),
    ).toEqual([
      ['modRole', 'Moderator role', 'role'],
      ['countdownChannel', 'Countdown channel', 'channel'],
      ['countdownTime', 'Countdown time', 'time'],
      ['countdownTimezone', 'Countdown timezone', 'timezone'],
      ['countdownRole', 'Countdown ping role', 'role'],
      ['countdownEnabled', 'Countdown posts', 'boolean'],
      ['countdownMilestones', 'Milestone posts', 'boolean'],
      ['countdownAnnouncements', 'Release announcements', 'boolean'],
      ['releaseDate', 'Release date', 'date'],
      ['releaseTime', 'Release time', 'time'],
      ['releaseTimezone', 'Release timezone', 'timezone'],
      ['releaseLabel', 'Release label', 'text'],
      ['triviaAnswerTime', 'Trivia answer time', 'seconds'],
      ['triviaSource', 'Trivia questions', 'trivia-source'],
      ['qotdChannel', 'Question of the day channel', 'channel'],
      ['qotdTime', 'Question of the day time', 'time'],
      ['qotdTimezone', 'Question of the day timezone', 'timezone'],
      ['qotdEnabled', 'Question of the day', 'boolean'],
      ['language', 'Language', 'language'],
    ]);
  });

  it('gives every label and description to the language files, word for word in English', () => {
    for (const key of SETTING_KEYS) {
      expect(settingLabel(key, 'en')).toBe(SETTING_DEFINITIONS[key].label);
      expect(settingDescription(key, 'en')).toBe(SETTING_DEFINITIONS[key].description);
    }
  });

  it('describes every setting in a sentence', () => {
    for (const key of SETTING_KEYS) expect(SETTING_DEFINITIONS[key].description).toMatch(/^[A-Z].+\.$/);
  });

  it('derives the defaults from the definitions', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      modRole: null,
      countdownChannel: null,
      countdownTime: '09:00',
      countdownTimezone: 'Etc/UTC',
      countdownRole: null,
      countdownEnabled: false,
      countdownMilestones: true,
      countdownAnnouncements: true,
      releaseDate: null,
      releaseTime: '00:00',
      releaseTimezone: 'Etc/UTC',
      releaseLabel: null,
      triviaAnswerTime: 20,
      triviaSource: 'both',
      qotdChannel: null,
      qotdTime: '12:00',
      qotdTimezone: 'Etc/UTC',
      qotdEnabled: false,
      language: null,
    });
  });

  it('has defaults that pass their own schemas', () => {
    for (const key of SETTING_KEYS)
      expect(settingSchema(key).safeParse(DEFAULT_SETTINGS[key]).success).toBe(true);
  });
});

describe('storedSettingsSchema', () => {
  it('accepts a partial record and keeps keys it does not know', () => {
    const stored = { countdownTime: '18:30', modRole: ROLE, futureSetting: 1 };
    expect(storedSettingsSchema.parse(stored)).toEqual(stored);
  });

  it('refuses values of the wrong form', () => {
    for (const stored of [
      { countdownTime: '9:00' },
      { countdownTime: '24:00' },
      { modRole: 'moderators' },
      { countdownTimezone: 'Mars/Olympus' },
      { countdownEnabled: 'yes' },
    ]) {
      expect(storedSettingsSchema.safeParse(stored).success).toBe(false);
    }
  });
});

describe('readStoredSettings', () => {
  it('gives the defaults, with no problems, when nothing is stored', () => {
    expect(readStoredSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: {} });
  });

  it('merges stored values over the defaults', () => {
    const { settings, problems } = readStoredSettings({ countdownTime: '18:30', countdownEnabled: true });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, countdownTime: '18:30', countdownEnabled: true });
    expect(problems).toEqual({});
  });

  it('falls back to the default for each invalid value and says what was stored', () => {
    const { settings, problems } = readStoredSettings({
      countdownTime: '25:99',
      modRole: 42,
      countdownEnabled: true,
    });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, countdownEnabled: true });
    expect(Object.keys(problems).sort()).toEqual(['countdownTime', 'modRole']);
    expect(said('en', problems.countdownTime)).toMatch(/"25:99" is not valid.*default is used/);
    expect(said('en', problems.modRole)).toMatch(/42 is not valid/);
    expect(said('pt-BR', problems.countdownTime)).toMatch(
      /^O valor salvo "25:99" não é válido \(.+\), então o padrão é usado/,
    );
  });

  it('falls back to every default when the record is not an object at all', () => {
    const { settings, problems } = readStoredSettings('garbage');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(Object.keys(problems)).toEqual([...SETTING_KEYS]);
    expect(said('fr', problems.modRole)).toBe(
      'Les réglages enregistrés de ce serveur n’ont pas pu être lus, donc la valeur par défaut est utilisée.',
    );
  });
});

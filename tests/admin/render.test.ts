import { describe, expect, it } from 'vitest';
import { describeChanges, renderChecks, renderHistory, renderSettings } from '../../src/admin/render.js';
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingProblems } from '../../src/settings/definitions.js';
import type { SettingChange } from '../../src/settings/service.js';
import { embedLimitBreaches } from '../embed-limits.js';

const longLabel = 'Purple Hearts 2 premiere watch party with the whole server '.repeat(2).slice(0, 100);

function labelChange(index: number): SettingChange {
  return {
    at: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString(),
    actorId: '123456789012345678',
    setting: 'releaseLabel',
    old: longLabel,
    new: `${index} ${longLabel}`.slice(0, 100),
  };
}

describe('renderHistory', () => {
  it('keeps 100 long changes within Discord’s limits, newest first, and says how many did not fit', () => {
    const changes = Array.from({ length: 100 }, (_, index) => labelChange(99 - index));
    const embed = renderHistory(changes);
    expect(embedLimitBreaches(embed)).toEqual([]);
    const lines = embed.description?.split('\n') ?? [];
    expect(lines[0]).toContain('99 Purple Hearts 2');
    expect(lines.at(-1)).toMatch(/^…and \d+ more$/);
    const shown = lines.length - 1;
    expect(lines.at(-1)).toBe(`…and ${100 - shown} more`);
  });

  it('says so when nothing has changed', () => {
    expect(renderHistory([]).description).toBe('No changes yet.');
  });
});

describe('renderSettings', () => {
  it('shows every setting within Discord’s limits, even when each has a problem', () => {
    const problems: SettingProblems = Object.fromEntries(
      SETTING_KEYS.map((key) => [key, 'The channel was deleted; pick another one with /config countdown.']),
    );
    const embed = renderSettings({ ...DEFAULT_SETTINGS, releaseLabel: longLabel }, problems);
    expect(embedLimitBreaches(embed)).toEqual([]);
    expect(embed.fields).toHaveLength(SETTING_KEYS.length);
    expect(embed.footer?.text).toBe(`${SETTING_KEYS.length} settings need attention.`);
  });
});

describe('renderChecks', () => {
  it('fits a section with more results than one field holds, and counts every failed check', () => {
    const results = Array.from({ length: 40 }, (_, index) => ({
      ok: index % 2 === 0,
      text: `#channel-${index}: the bot cannot send messages or embed links here`,
    }));
    const embed = renderChecks({
      Channels: results,
      Timezone: [{ ok: true, text: 'Europe/Paris is valid' }],
    });
    expect(embedLimitBreaches(embed)).toEqual([]);
    expect(embed.fields?.[0]?.value).toMatch(/…and \d+ more$/);
    expect(embed.footer?.text).toBe('20 checks need attention.');
  });
});

describe('the trivia source setting', () => {
  const change: SettingChange = {
    at: '2026-11-01T00:00:00.000Z',
    actorId: '123456789012345678',
    setting: 'triviaSource',
    old: 'both',
    new: 'custom',
  };

  it("is named as the picker names it, in the moderator's language", () => {
    expect(describeChanges([change], 'en')).toContain(
      "**Trivia questions**: Built-in and custom questions → This server's own questions",
    );
    expect(describeChanges([change], 'fr')).toContain(
      'Questions intégrées et personnalisées → Questions propres à ce serveur',
    );
    expect(renderHistory([change], 'de').description).toContain(
      'Eingebaute und eigene Fragen → Eigene Fragen dieses Servers',
    );
    const shown = renderSettings({ ...DEFAULT_SETTINGS, triviaSource: 'built-in' }, {}, 'pt-BR');
    expect(JSON.stringify(shown.fields)).toContain('Perguntas do bot');
  });
});

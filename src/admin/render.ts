/** Embeds and messages for /config: settings, history, diagnostics and confirmations. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';
import { t, type Locale } from '../i18n/index.js';
import {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  settingDescription,
  settingLabel,
  type GuildSettings,
  type SettingProblems,
} from '../settings/definitions.js';
import type { SettingChange } from '../settings/service.js';
import type { CheckResult } from './diagnose.js';
import { formatValue } from './diagnose.js';

const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** Every setting: its value, its default, and what is wrong with it; in the moderator's `locale`. */
export function renderSettings(
  settings: GuildSettings,
  problems: SettingProblems,
  locale: Locale = 'en',
): APIEmbed {
  const fields = SETTING_KEYS.map((key) => {
    const lines = [
      formatValue(key, settings[key], locale),
      t(locale, 'config.show.defaultLine', {
        value: formatValue(key, DEFAULT_SETTINGS[key], locale),
        description: settingDescription(key, locale),
      }),
    ];
    const problem = problems[key];
    if (problem !== undefined) lines.push(`⚠️ ${problem}`);
    return field(settingLabel(key, locale), lines, locale);
  });
  const count = Object.keys(problems).length;
  return {
    color: BRAND_COLOUR,
    title: t(locale, 'config.show.title'),
    fields,
    footer: {
      text:
        count === 0 ? t(locale, 'config.show.allGood') : t(locale, 'config.show.needAttention', { count }),
    },
  };
}

/** The latest changes, newest first (as many as fit in one embed, then how many more). */
export function renderHistory(changes: readonly SettingChange[], locale: Locale = 'en'): APIEmbed {
  const lines = changes.map((change) =>
    t(locale, 'config.history.line', {
      at: `<t:${unix(change.at)}:f>`,
      actor: `<@${change.actorId}>`,
      label: settingLabel(change.setting, locale),
      old: formatValue(change.setting, change.old, locale),
      new: formatValue(change.setting, change.new, locale),
    }),
  );
  return {
    color: BRAND_COLOUR,
    title: t(locale, 'config.history.title'),
    description:
      lines.length === 0
        ? t(locale, 'config.history.none')
        : joinLinesWithin(lines, EMBED_LIMITS.description, locale),
  };
}

/** Diagnostics, each passed (✅) or not (⚠️), by section (its name already in `locale`). */
export function renderChecks(
  sections: Record<string, readonly CheckResult[]>,
  locale: Locale = 'en',
): APIEmbed {
  let failed = 0;
  const fields = Object.entries(sections).map(([name, results]) => {
    failed += results.filter((result) => !result.ok).length;
    return field(
      name,
      results.map((r) => `${r.ok ? '✅' : '⚠️'} ${r.text}`),
      locale,
    );
  });
  return {
    color: BRAND_COLOUR,
    title: t(locale, 'config.check.title'),
    fields,
    footer: {
      text:
        failed === 0
          ? t(locale, 'config.check.allPassed')
          : t(locale, 'config.check.needAttention', { count: failed }),
    },
  };
}

/** A field of whole lines, as many as Discord takes in one field. */
function field(name: string, lines: readonly string[], locale: Locale): APIEmbedField {
  return {
    name: clip(name, EMBED_LIMITS.fieldName),
    value: joinLinesWithin(lines, EMBED_LIMITS.fieldValue, locale),
  };
}

/** "Saved. • Countdown time `09:00` → `18:30`" or that nothing changed, in the moderator's `locale`. */
export function describeChanges(changes: readonly SettingChange[], locale: Locale = 'en'): string {
  if (changes.length === 0) return t(locale, 'config.changes.none');
  const lines = changes.map((change) =>
    t(locale, 'config.changes.line', {
      label: settingLabel(change.setting, locale),
      old: formatValue(change.setting, change.old, locale),
      new: formatValue(change.setting, change.new, locale),
    }),
  );
  return t(locale, 'config.changes.saved', { lines: lines.join('\n') });
}

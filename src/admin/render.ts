/** Embeds and messages for /config: settings, history, diagnostics and confirmations. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { clip, EMBED_LIMITS, joinLinesWithin } from '../embed.js';
import {
  DEFAULT_SETTINGS,
  SETTING_DEFINITIONS,
  SETTING_KEYS,
  type GuildSettings,
  type SettingProblems,
} from '../settings/definitions.js';
import type { SettingChange } from '../settings/service.js';
import type { CheckResult } from './diagnose.js';
import { formatValue } from './diagnose.js';

const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** Every setting: its value, its default, and what is wrong with it. */
export function renderSettings(settings: GuildSettings, problems: SettingProblems): APIEmbed {
  const fields = SETTING_KEYS.map((key) => {
    const lines = [
      formatValue(key, settings[key]),
      `-# default: ${formatValue(key, DEFAULT_SETTINGS[key])} · ${SETTING_DEFINITIONS[key].description}`,
    ];
    const problem = problems[key];
    if (problem !== undefined) lines.push(`⚠️ ${problem}`);
    return field(SETTING_DEFINITIONS[key].label, lines);
  });
  const count = Object.keys(problems).length;
  return {
    color: BRAND_COLOUR,
    title: 'Settings of this server',
    fields,
    footer: { text: count === 0 ? 'Everything looks right.' : `${count} setting(s) need attention.` },
  };
}

/** The latest changes, newest first (as many as fit in one embed, then how many more). */
export function renderHistory(changes: readonly SettingChange[]): APIEmbed {
  const lines = changes.map(
    (change) =>
      `<t:${unix(change.at)}:f> <@${change.actorId}> **${SETTING_DEFINITIONS[change.setting].label}**: ` +
      `${formatValue(change.setting, change.old)} → ${formatValue(change.setting, change.new)}`,
  );
  return {
    color: BRAND_COLOUR,
    title: 'Recent setting changes',
    description: lines.length === 0 ? 'No changes yet.' : joinLinesWithin(lines, EMBED_LIMITS.description),
  };
}

/** Diagnostics, each passed (✅) or not (⚠️). */
export function renderChecks(sections: Record<string, readonly CheckResult[]>): APIEmbed {
  let failed = 0;
  const fields = Object.entries(sections).map(([name, results]) => {
    failed += results.filter((result) => !result.ok).length;
    return field(
      name,
      results.map((r) => `${r.ok ? '✅' : '⚠️'} ${r.text}`),
    );
  });
  return {
    color: BRAND_COLOUR,
    title: 'Check of this server’s set-up',
    fields,
    footer: { text: failed === 0 ? 'All checks passed.' : `${failed} check(s) need attention.` },
  };
}

/** A field of whole lines, as many as Discord takes in one field. */
function field(name: string, lines: readonly string[]): APIEmbedField {
  return { name: clip(name, EMBED_LIMITS.fieldName), value: joinLinesWithin(lines, EMBED_LIMITS.fieldValue) };
}

/** "Saved: Countdown time `09:00` → `18:30`." or that nothing changed. */
export function describeChanges(changes: readonly SettingChange[]): string {
  if (changes.length === 0) return 'Nothing changed: those are already the settings.';
  const lines = changes.map(
    (change) =>
      `• **${SETTING_DEFINITIONS[change.setting].label}**: ${formatValue(change.setting, change.old)} → ${formatValue(change.setting, change.new)}`,
  );
  return `Saved.\n${lines.join('\n')}`;
}

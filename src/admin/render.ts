/** Embeds and messages for /config: settings, history, diagnostics and confirmations. */
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
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
  const embed = new EmbedBuilder().setColor(BRAND_COLOUR).setTitle('Settings of this server');
  for (const key of SETTING_KEYS) {
    const lines = [
      formatValue(key, settings[key]),
      `-# default: ${formatValue(key, DEFAULT_SETTINGS[key])} · ${SETTING_DEFINITIONS[key].description}`,
    ];
    const problem = problems[key];
    if (problem !== undefined) lines.push(`⚠️ ${problem}`);
    embed.addFields({ name: SETTING_DEFINITIONS[key].label, value: lines.join('\n') });
  }
  const count = Object.keys(problems).length;
  return embed
    .setFooter({ text: count === 0 ? 'Everything looks right.' : `${count} setting(s) need attention.` })
    .toJSON();
}

/** The latest changes, newest first. */
export function renderHistory(changes: readonly SettingChange[]): APIEmbed {
  const lines = changes.map(
    (change) =>
      `<t:${unix(change.at)}:f> <@${change.actorId}> **${SETTING_DEFINITIONS[change.setting].label}**: ` +
      `${formatValue(change.setting, change.old)} → ${formatValue(change.setting, change.new)}`,
  );
  return new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle('Recent setting changes')
    .setDescription(lines.length === 0 ? 'No changes yet.' : lines.join('\n'))
    .toJSON();
}

/** Diagnostics, each passed (✅) or not (⚠️). */
export function renderChecks(sections: Record<string, readonly CheckResult[]>): APIEmbed {
  const embed = new EmbedBuilder().setColor(BRAND_COLOUR).setTitle('Check of this server’s set-up');
  let failed = 0;
  for (const [name, results] of Object.entries(sections)) {
    failed += results.filter((result) => !result.ok).length;
    embed.addFields({ name, value: results.map((r) => `${r.ok ? '✅' : '⚠️'} ${r.text}`).join('\n') });
  }
  return embed
    .setFooter({ text: failed === 0 ? 'All checks passed.' : `${failed} check(s) need attention.` })
    .toJSON();
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

import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_WORDS,
  countdownChecks,
  scheduleCheck,
  settingProblems,
} from '../../src/admin/diagnose.js';
import type { ChannelInfo, GuildView, RoleInfo } from '../../src/admin/guild-view.js';
import { DEFAULT_SETTINGS, type GuildSettings } from '../../src/settings/definitions.js';

const GUILD = '100000000000000000';
const CHANNEL = '200000000000000001';
const ROLE = '300000000000000001';
const POSTING =
  PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

function view(channels: ChannelInfo[], roles: RoleInfo[]): GuildView {
  return {
    id: GUILD,
    channel: (id) => channels.find((channel) => channel.id === id),
    role: (id) => roles.find((role) => role.id === id),
  };
}
const channel = (botPermissions: bigint): ChannelInfo => ({
  id: CHANNEL,
  name: 'general',
  type: ChannelType.GuildText,
  guildId: GUILD,
  botPermissions,
});
const settings = (changes: Partial<GuildSettings>): GuildSettings => ({ ...DEFAULT_SETTINGS, ...changes });

describe('countdownChecks', () => {
  it('passes every check when the bot can post and mention the role', () => {
    const results = countdownChecks(
      settings({ countdownChannel: CHANNEL, countdownRole: ROLE, countdownEnabled: true }),
      view([channel(POSTING)], [{ id: ROLE, name: 'Fans', managed: false, mentionable: true }]),
    );
    expect(results.every((result) => result.ok)).toBe(true);
  });

  it('names each missing permission, and a role the bot cannot mention', () => {
    const results = countdownChecks(
      settings({ countdownChannel: CHANNEL, countdownRole: ROLE, countdownEnabled: true }),
      view(
        [channel(PermissionFlagsBits.ViewChannel)],
        [{ id: ROLE, name: 'Fans', managed: false, mentionable: false }],
      ),
    );
    expect(results.filter((result) => !result.ok).map((result) => result.text)).toEqual([
      `I am missing Send Messages in <#${CHANNEL}>.`,
      `I am missing Embed Links in <#${CHANNEL}>.`,
      `I cannot mention @Fans: make the role mentionable, or give me Mention @everyone in <#${CHANNEL}>.`,
    ]);
  });

  it('treats Administrator as every permission', () => {
    const results = countdownChecks(
      settings({ countdownChannel: CHANNEL }),
      view([channel(PermissionFlagsBits.Administrator)], []),
    );
    expect(results.every((result) => result.ok)).toBe(true);
  });
});

describe('settingProblems', () => {
  it('reports a deleted channel and role, and posts stopped by Discord', () => {
    const problems = settingProblems(
      settings({ countdownChannel: CHANNEL, modRole: ROLE }),
      {},
      view([], []),
      { state: 'disabled', reason: 'the channel no longer exists (Unknown Channel)', since: new Date() },
    );
    expect(problems).toEqual({
      countdownChannel: 'This channel no longer exists, or I cannot see it.',
      modRole: 'This role no longer exists.',
      countdownEnabled: 'Posts stopped because the channel no longer exists (Unknown Channel).',
    });
  });

  it('reports posts turned on without a channel', () => {
    const problems = settingProblems(settings({ countdownEnabled: true }), {}, view([], []), {
      state: 'idle',
      reason: 'No countdown channel is set.',
    });
    expect(problems).toEqual({ countdownEnabled: 'Posts are on but no countdown channel is set.' });
  });
});

describe('scheduleCheck', () => {
  it('shows the next post in timestamp markup', () => {
    const at = new Date('2027-02-14T20:00:00Z');
    expect(scheduleCheck({ state: 'planned', date: '2027-02-14', at }, true, COUNTDOWN_WORDS)).toEqual({
      ok: true,
      text: 'Next countdown post: <t:1802635200:F> (<t:1802635200:R>).',
    });
  });

  it('flags an idle schedule only when posts are meant to be on', () => {
    const idle = { state: 'idle' as const, reason: 'The release window has passed.' };
    expect(scheduleCheck(idle, true, COUNTDOWN_WORDS).ok).toBe(false);
    expect(scheduleCheck(idle, false, COUNTDOWN_WORDS).ok).toBe(true);
  });
});

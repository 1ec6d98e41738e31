import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_WORDS,
  countdownChecks,
  QOTD_WORDS,
  scheduleCheck,
  settingProblems,
} from '../../src/admin/diagnose.js';
import type { ChannelInfo, GuildView, RoleInfo } from '../../src/admin/guild-view.js';
import type { Locale } from '../../src/i18n/index.js';
import type { ScheduleStatus } from '../../src/schedule/daily-scheduler.js';
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
      'en',
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
      'en',
    );
    expect(results.filter((result) => !result.ok).map((result) => result.text)).toEqual([
      `I am missing Send Messages in <#${CHANNEL}>.`,
      `I am missing Embed Links in <#${CHANNEL}>.`,
      `I cannot mention @Fans: make the role mentionable, or give me Mention @everyone, @here, and All Roles in <#${CHANNEL}>.`,
    ]);
  });

  it('says every check in the moderator’s language, permissions named as Discord names them there', () => {
    const results = countdownChecks(
      settings({ countdownChannel: CHANNEL, countdownRole: ROLE, countdownEnabled: true }),
      view(
        [channel(PermissionFlagsBits.ViewChannel)],
        [{ id: ROLE, name: 'Fans', managed: false, mentionable: false }],
      ),
      'fr',
    );
    expect(results.map((result) => result.text)).toEqual([
      `J’ai la permission Voir le salon dans <#${CHANNEL}>.`,
      `Il me manque la permission Envoyer des messages dans <#${CHANNEL}>.`,
      `Il me manque la permission Intégrer des liens dans <#${CHANNEL}>.`,
      `Je ne peux pas mentionner @Fans\u00a0: rends le rôle mentionnable, ou donne-moi la permission Mentionner @everyone, @here et tous les rôles dans <#${CHANNEL}>.`,
      'Les heures sont en Etc/UTC, un fuseau horaire valide.',
      'Les messages du compte à rebours sont activés, chaque jour à 09:00.',
    ]);
    expect(countdownChecks(settings({ countdownChannel: CHANNEL }), view([], []), 'de')[0]?.text).toBe(
      'Den Countdown-Kanal gibt es nicht mehr, oder ich kann ihn nicht sehen.',
    );
  });

  it('treats Administrator as every permission', () => {
    const results = countdownChecks(
      settings({ countdownChannel: CHANNEL }),
      view([channel(PermissionFlagsBits.Administrator)], []),
      'en',
    );
    expect(results.every((result) => result.ok)).toBe(true);
  });
});

describe('settingProblems', () => {
  const stopped: ScheduleStatus = {
    state: 'disabled',
    reason: { key: 'schedule.refused.unknownChannel' },
    since: new Date(),
  };

  it('reports a deleted channel and role, and posts stopped by Discord', () => {
    const problems = settingProblems(
      settings({ countdownChannel: CHANNEL, modRole: ROLE }),
      {},
      view([], []),
      stopped,
      'en',
    );
    expect(problems).toEqual({
      countdownChannel: 'This channel no longer exists, or I cannot see it.',
      modRole: 'This role no longer exists.',
      countdownEnabled: 'Posts stopped because the channel no longer exists (Unknown Channel).',
    });
  });

  it('says the same in the moderator’s language, the refusal read as a clause after “because”', () => {
    const problems = settingProblems(
      settings({ countdownChannel: CHANNEL, modRole: ROLE }),
      {},
      view([], []),
      stopped,
      'de',
    );
    expect(problems).toEqual({
      countdownChannel: 'Diesen Kanal gibt es nicht mehr, oder ich kann ihn nicht sehen.',
      modRole: 'Diese Rolle gibt es nicht mehr.',
      countdownEnabled: 'Die Posts wurden gestoppt, weil es den Kanal nicht mehr gibt (Unknown Channel).',
    });
  });

  it('lists the missing permissions as a list in the moderator’s language', () => {
    const problems = (locale: Locale) =>
      settingProblems(
        settings({ countdownChannel: CHANNEL }),
        {},
        view([channel(PermissionFlagsBits.ViewChannel)], []),
        { state: 'idle', reason: { key: 'schedule.idle.countdownOff' } },
        locale,
      ).countdownChannel;
    expect(problems('en')).toBe('I am missing Send Messages and Embed Links there.');
    expect(problems('pt-BR')).toBe('Faltam estas permissões lá: Enviar mensagens e Inserir links.');
    expect(problems('de')).toBe(
      'Dort fehlen mir diese Berechtigungen: „Nachrichten senden“ und „Links einbetten“.',
    );
  });

  it('says what was wrong with a stored value in the moderator’s language', () => {
    const problems = settingProblems(
      settings({}),
      {
        countdownTime: {
          key: 'diagnose.stored.invalid',
          values: { value: '"25:99"', detail: 'Invalid string' },
        },
      },
      view([], []),
      { state: 'idle', reason: { key: 'schedule.idle.countdownOff' } },
      'es-ES',
    );
    expect(problems).toEqual({
      countdownTime:
        'El valor guardado "25:99" no es válido (Invalid string), así que se usa el predeterminado hasta que se cambie o se restablezca el ajuste.',
    });
  });

  it('reports posts turned on without a channel', () => {
    const problems = settingProblems(
      settings({ countdownEnabled: true }),
      {},
      view([], []),
      { state: 'idle', reason: { key: 'schedule.idle.noCountdownChannel' } },
      'en',
    );
    expect(problems).toEqual({ countdownEnabled: 'Posts are on but no countdown channel is set.' });
  });
});

describe('scheduleCheck', () => {
  const at = new Date('2027-02-14T20:00:00Z');

  it('shows the next post in timestamp markup', () => {
    expect(scheduleCheck({ state: 'planned', date: '2027-02-14', at }, true, COUNTDOWN_WORDS, 'en')).toEqual({
      ok: true,
      text: 'Next countdown post: <t:1802635200:F> (<t:1802635200:R>).',
    });
    expect(scheduleCheck({ state: 'planned', date: '2027-02-14', at }, true, QOTD_WORDS, 'es-ES').text).toBe(
      'Próxima pregunta del día: <t:1802635200:F> (<t:1802635200:R>).',
    );
  });

  it('flags an idle schedule only when posts are meant to be on', () => {
    const idle = { state: 'idle' as const, reason: { key: 'schedule.idle.windowPassed' as const } };
    expect(scheduleCheck(idle, true, COUNTDOWN_WORDS, 'en').ok).toBe(false);
    expect(scheduleCheck(idle, false, COUNTDOWN_WORDS, 'en').ok).toBe(true);
  });

  it('says why none is planned in the moderator’s language, with the job’s own values', () => {
    const premiered: ScheduleStatus = {
      state: 'idle',
      reason: {
        key: 'schedule.idle.premierePassed',
        values: { title: 'Purple Hearts 2', full: '<t:1802635200:F>' },
      },
    };
    expect(scheduleCheck(premiered, true, COUNTDOWN_WORDS, 'en').text).toBe(
      'No countdown post is planned: Purple Hearts 2 is out (it premiered <t:1802635200:F>): there is nothing left to count down to, so the daily posts have stopped.',
    );
    expect(scheduleCheck(premiered, true, COUNTDOWN_WORDS, 'pt-BR').text).toBe(
      'Nenhum post da contagem regressiva está programado: Purple Hearts 2 já estreou (<t:1802635200:F>): não há mais nada para contar, então os posts diários pararam.',
    );
    const off: ScheduleStatus = { state: 'idle', reason: { key: 'schedule.idle.qotdOff' } };
    expect(scheduleCheck(off, false, QOTD_WORDS, 'es-419').text).toBe(
      'No hay ninguna pregunta del día programada: La pregunta del día está desactivada.',
    );
  });

  it('says why Discord stopped the posts, and how to resume, in the moderator’s language', () => {
    const since = new Date('2027-02-13T20:00:00Z');
    const stopped: ScheduleStatus = {
      state: 'disabled',
      reason: { key: 'schedule.refused.missingAccess' },
      since,
    };
    expect(scheduleCheck(stopped, true, COUNTDOWN_WORDS, 'en')).toEqual({
      ok: false,
      text:
        "Countdown posts stopped <t:1802548800:R> because I can't see or use the channel (Missing Access). " +
        'Fix that, then change any of its settings (e.g. `/config countdown enabled:True`) to resume.',
    });
    expect(scheduleCheck(stopped, true, QOTD_WORDS, 'fr').text).toBe(
      'Les questions du jour se sont arrêtées <t:1802548800:R> parce que je ne peux pas voir ou utiliser le salon (Missing Access). ' +
        'Corrige ça, puis modifie n’importe lequel de leurs réglages (par exemple `/config qotd enabled:True`) pour les relancer.',
    );
    // A record kept before refusals were stored by kind still says its English words.
    const legacy: ScheduleStatus = {
      state: 'disabled',
      reason: {
        key: 'schedule.refused.other',
        values: { words: 'Discord refused the post (403 Forbidden)' },
      },
      since,
    };
    expect(scheduleCheck(legacy, true, COUNTDOWN_WORDS, 'en').text).toMatch(
      /^Countdown posts stopped <t:1802548800:R> because Discord refused the post \(403 Forbidden\)\. /,
    );
  });
});

/**
 * The question of the day's post: a trivia question posted once a day in a server's chosen channel, at its local
 * time, as a {@link DailyJob} of the shared daily scheduler (`src/schedule/daily-scheduler.ts`), which keeps it to
 * exactly once per local day, across restarts and daylight-saving changes. The answer and its explanation are
 * in spoilers; it scores nothing. Questions come from the same no-repeat pass as the server's games.
 */
import type { APIEmbed } from 'discord.js';
import { BRAND_COLOUR } from '../cast/render.js';
import { serverLocale, t, type Locale } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { DailyJob, DailyPlan } from '../schedule/daily-scheduler.js';
import type { GuildSettings } from '../settings/definitions.js';
import { plainText } from '../settings/validate.js';
import type { PoolQuestion } from '../trivia/questions.js';
import { questionLabels } from '../trivia/questions.js';
import type { MessageBody } from '../trivia/render.js';
import type { TriviaSender, TriviaService } from '../trivia/service.js';

const LETTERS = ['🇦', '🇧', '🇨', '🇩'];

/** The post: the question, its four choices, and the answer (with why) hidden in spoilers. */
export function renderQuestionOfTheDay(
  question: PoolQuestion,
  choices: readonly string[],
  date: string,
  locale: Locale = 'en',
): MessageBody {
  const lines = [
    `**${plainText(question.question, 300)}**`,
    ...(question.rumour ? [t(locale, 'trivia.rumorNotice')] : []),
    '',
    ...choices.map((choice, index) => `${LETTERS[index] ?? '•'} ${plainText(choice, 80)}`),
    '',
    t(locale, 'qotd.answer', { answer: plainText(question.answer, 80) }),
  ];
  if (question.explanation !== null) lines.push(`||${plainText(question.explanation, 200)}||`);
  const embed: APIEmbed = {
    color: BRAND_COLOUR,
    title: t(locale, 'qotd.title', { date }),
    description: lines.join('\n'),
    footer: {
      text: [...questionLabels(question, locale), t(locale, 'qotd.playMore')].join(' · '),
    },
  };
  return { embeds: [embed] };
}

export function qotdJob(deps: {
  settings: { get(guildId: string): Promise<Readonly<GuildSettings>> };
  trivia: Pick<TriviaService, 'questionOfTheDay'>;
  sender: TriviaSender;
  logger: Logger;
  /** The server's own Discord language (`guild.preferredLocale`), for servers that chose none with /config. */
  guildLocale?: (guildId: string) => string | undefined;
}): DailyJob {
  return {
    name: 'qotd',
    async plan(guildId): Promise<DailyPlan> {
      const values = await deps.settings.get(guildId);
      if (!values.qotdEnabled) return { kind: 'idle', reason: { key: 'schedule.idle.qotdOff' } };
      if (values.qotdChannel === null)
        return { kind: 'idle', reason: { key: 'schedule.idle.noQotdChannel' } };
      return { kind: 'planned', time: values.qotdTime, timeZone: values.qotdTimezone };
    },
    async post(guildId, date, nonce) {
      const values = await deps.settings.get(guildId);
      if (!values.qotdEnabled || values.qotdChannel === null) return;
      // The whole channel reads the post: in the server's language.
      const locale = serverLocale(values.language, deps.guildLocale?.(guildId));
      const picked = await deps.trivia.questionOfTheDay(guildId, locale);
      if (picked === undefined) {
        deps.logger.warn({ guild: guildId, date }, 'no question of the day: the question pool is empty');
        return;
      }
      await deps.sender.send(
        values.qotdChannel,
        renderQuestionOfTheDay(picked.question, picked.choices, date, locale),
        nonce,
      );
    },
  };
}

/**
 * 10,000 generated interactions, most of them nonsense or hostile: wrong option types, missing and extra
 * options, over-long and empty strings, unknown commands, subcommands and custom ids, forged custom ids,
 * zero-width and right-to-left text, mentions. The bot must neither crash nor leak an unhandled rejection,
 * must answer each one (or ignore it), refuse privately, and never ping anyone.
 */
import { InteractionResponseType, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import {
  type CommandOption,
  DEFAULT_IDS,
  defaultUsers,
  type FakeUser,
  isEphemeral,
  makeGuild,
} from '../support/fake-discord.js';
import { createHarness, type Harness } from '../e2e/harness.js';
import { record } from './summary.js';

const TOTAL = Number(process.env.FUZZ_TOTAL ?? 10_000);
const CONCURRENCY = 40;

/** A small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, int: (max: number) => Math.floor(next() * max) };
}

const otherGuild = makeGuild('Other Fans');
const hostileStrings = [
  '',
  ' ',
  '\u200b\u200b\u200b',
  '\u202eevil text',
  '@everyone',
  '@here hello',
  `<@&${DEFAULT_IDS.moderatorRole}>`,
  `<@${DEFAULT_IDS.owner}>`,
  '**bold** __under__ `code` ```block```',
  'a'.repeat(6000),
  'x'.repeat(101),
  '\u0000\u0001',
  "Robert'); DROP TABLE settings;--",
  '../../etc/passwd',
  '🫶💜'.repeat(40),
  'galitzine',
  'Europe/London',
  '25:99',
  '2026-02-30',
  '2027-02-14',
  '09:30',
  DEFAULT_IDS.generalChannel,
  DEFAULT_IDS.voiceChannel,
  'all',
  'countdownTime',
];
const commandNames = ['cast', 'config', 'countdown', 'trivia', 'nope', 'CAST', ''];
const subcommands = [
  'show',
  'reset',
  'history',
  'check',
  'mod-role',
  'countdown',
  'release',
  'countdown-event',
  'play',
  'stop',
  'leaderboard',
  'stats',
  'questions',
  'nope',
];
const optionNames = [
  'person',
  'setting',
  'channel',
  'time',
  'timezone',
  'role',
  'enabled',
  'milestones',
  'date',
  'label',
  'rounds',
  'category',
  'user',
  'id',
  'x',
];
const optionTypes = [3, 4, 5, 6, 7, 8, 10];

let harness: Harness;
let bot: RunningBot;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeAll(async () => {
  harness = await createHarness();
  harness.fake.addGuild(otherGuild);
  bot = await harness.start();
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await harness.close();
});

describe('fuzzing interactions', () => {
  it(`survives ${TOTAL.toLocaleString('en')} generated payloads, refusing privately and pinging nobody`, async () => {
    const { next, pick, int } = generator(20261125);
    const users: FakeUser[] = [
      defaultUsers.fan,
      defaultUsers.moderator,
      defaultUsers.owner,
      defaultUsers.otherFan,
    ];
    const value = (type: number): unknown => {
      // Wrong types on purpose, a third of the time.
      if (next() < 0.33) return pick([pick(hostileStrings), int(1e9), next() < 0.5, null, { nested: true }]);
      if (type === 4 || type === 10) return pick([0, -1, 21, 5, 1e12, 3.5]);
      if (type === 5) return next() < 0.5;
      if (type === 6 || type === 7 || type === 8)
        return pick([
          DEFAULT_IDS.generalChannel,
          DEFAULT_IDS.voiceChannel,
          DEFAULT_IDS.moderatorRole,
          DEFAULT_IDS.guild,
          otherGuild.channels[0]!.id,
          '1',
          pick(hostileStrings),
        ]);
      return pick(hostileStrings);
    };
    // Options with wrong value types on purpose (see `value`), as a forged payload may carry them.
    const options = (depth: number): CommandOption[] =>
      Array.from({ length: int(4) }, () => {
        if (depth < 1 && next() < 0.5) {
          return { name: pick(subcommands), type: pick([1, 1, 2]), options: options(depth + 1) };
        }
        const type = pick(optionTypes);
        return { name: pick(optionNames), type, value: value(type) as string };
      });
    const forgedCustomIds = () =>
      pick([
        `config:reset-all:confirm:${DEFAULT_IDS.guild}:${pick(users).id}`,
        `config:reset-all:confirm:${otherGuild.id}:${pick(users).id}`,
        `config:reset-all:cancel:${pick(users).id}`,
        `config:reset-all:confirm`,
        `config:nope`,
        `trivia:answer:${otherGuild.id}:${int(4)}`,
        `trivia:answer:${DEFAULT_IDS.guild}:${DEFAULT_IDS.announcementChannel}:${int(4)}`,
        `trivia:page:${otherGuild.id}:${int(99)}`,
        `cast:${pick(hostileStrings).slice(0, 50)}`,
        `unknown:${int(1e6)}`,
        ':',
        '',
        'x'.repeat(100),
        pick(hostileStrings).slice(0, 100),
      ]);

    const anchor = await harness.fake.chatInput({ name: 'cast' });
    const message = anchor.original()!;
    let answered = 0;
    let ignored = 0;
    const problems: string[] = [];

    const one = async (): Promise<void> => {
      const kind = next();
      const guildId = next() < 0.15 ? null : next() < 0.1 ? otherGuild.id : DEFAULT_IDS.guild;
      const common = { guildId, user: pick(users), timeoutMs: 5_000 };
      let handle;
      try {
        if (kind < 0.55) {
          handle = await harness.fake.chatInput({ ...common, name: pick(commandNames), options: options(0) });
        } else if (kind < 0.75) {
          const focused = {
            name: pick(optionNames),
            type: pick([3, 3, 3, 4]),
            value: next() < 0.9 ? pick(hostileStrings).slice(0, 100) : int(1000),
            focused: true,
          };
          const opts = next() < 0.5 ? [focused] : [{ name: pick(subcommands), type: 1, options: [focused] }];
          handle = await harness.fake.autocomplete({ ...common, name: pick(commandNames), options: opts });
        } else if (kind < 0.9) {
          handle = await harness.fake.button({ ...common, customId: forgedCustomIds(), message });
        } else if (kind < 0.95) {
          // The real custom-question form, filled with hostile text: mentions, markdown, empty and long fields.
          const field = () => pick(hostileStrings).slice(0, 300);
          handle = await harness.fake.modalSubmit({
            ...common,
            customId: `config:question-add:${pick(['cast', 'sequel', 'music', 'nope'])}:${pick(['easy', 'hard', 'x'])}`,
            fields: { question: field(), answer: field(), wrong1: field(), wrong2: field(), wrong3: field() },
          });
        } else {
          const fields = Object.fromEntries(
            Array.from({ length: int(6) }, () => [pick(optionNames), pick(hostileStrings).slice(0, 4000)]),
          );
          handle = await harness.fake.modalSubmit({ ...common, customId: forgedCustomIds(), fields });
        }
      } catch (error) {
        if (String(error).includes('within')) {
          ignored++;
          return;
        }
        throw error;
      }
      answered++;
      const reply = handle.reply;
      const data = reply.data ?? {};
      const textOnly = typeof data.content === 'string' && (data.embeds ?? []).length === 0;
      if (reply.type === InteractionResponseType.ChannelMessageWithSource && textOnly && !isEphemeral(data)) {
        problems.push(`public text reply: ${String(data.content).slice(0, 80)}`);
      }
    };

    let started = 0;
    const worker = async () => {
      while (started < TOTAL) {
        started++;
        await one();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Nothing the bot sent could ping: every body with content or embeds says who may be pinged, and nobody is.
    const sent = harness.fake.requests.filter(
      (r) => ['POST', 'PATCH'].includes(r.method) && r.body !== null && typeof r.body === 'object',
    );
    for (const request of sent) {
      // A message body, or a callback carrying one under `data`.
      const body = request.body as RESTPostAPIChannelMessageJSONBody & {
        data?: RESTPostAPIChannelMessageJSONBody;
      };
      const payload = body.data ?? body;
      if (payload.content === undefined && payload.embeds === undefined) continue;
      const mentions = payload.allowed_mentions;
      if (
        mentions === undefined ||
        (mentions.parse ?? []).length > 0 ||
        (mentions.roles ?? []).length > 0 ||
        (mentions.users ?? []).length > 0
      ) {
        problems.push(`may ping: ${request.method} ${request.path} ${JSON.stringify(mentions)}`);
      }
    }
    const crashes = harness.logs.filter((line) => line.msg === 'interaction handler failed');
    const unexpected = harness.logs.filter(
      (line) => line.msg === 'unexpected error while handling an interaction',
    );

    record({
      area: 'fuzzing',
      badInputsTried: TOTAL,
      badInputsHandled: answered + ignored - problems.length - unexpected.length,
    });
    expect(problems).toEqual([]);
    expect(rejections).toEqual([]);
    expect(crashes).toEqual([]);
    expect(unexpected.map((line) => JSON.stringify(line.err).slice(0, 300))).toEqual([]);
    expect(answered + ignored).toBe(TOTAL);
    expect(answered).toBeGreaterThan(TOTAL * 0.95);

    // And the bot still works.
    const after = await harness.fake.chatInput({ name: 'cast' });
    expect(after.reply.data?.embeds?.[0]?.fields).toHaveLength(5);
    expect(bot.client.isReady()).toBe(true);
  }, 300_000);
});

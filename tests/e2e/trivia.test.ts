import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import type { TriviaQuestion } from '../../src/content/schemas.js';
import { plainText } from '../../src/settings/validate.js';
import { storedAnswers } from '../../src/trivia/answers.js';
import { FILM_LABELS, RUMOR_NOTICE } from '../../src/trivia/questions.js';
import {
  apiUser,
  buttonsOf,
  type CommandOption,
  customIdsOf,
  DEFAULT_IDS,
  defaultUsers,
  embedOf,
  type FakeUser,
  int,
  type MessageRef,
  optionsOf,
  type StoredMessage,
  str,
  isEphemeral,
} from '../support/fake-discord.js';
import { ManualClock } from '../support/manual-clock.js';
import { createHarness, type Harness } from './harness.js';

const general = DEFAULT_IDS.generalChannel;
const PAUSE_MS = 3_000;

let harness: Harness;
let bot: RunningBot;
let clock: ManualClock;

beforeAll(async () => {
  harness = await createHarness();
  clock = new ManualClock('2026-05-10T12:00:00Z');
  bot = await harness.start({ now: clock.now, trivia: { timers: clock, timing: { pauseMs: PAUSE_MS } } });
});
afterAll(() => harness.close());

const trivia = (sub: string, options: CommandOption[] = [], user: FakeUser = defaultUsers.fan) =>
  harness.fake.command(`trivia ${sub}`, options, { user });
const config = (sub: string, options: CommandOption[] = [], user: FakeUser = defaultUsers.moderator) =>
  harness.fake.command(`config ${sub}`, options, { user });
const questionsCommand = (
  sub: string,
  options: CommandOption[] = [],
  user: FakeUser = defaultUsers.moderator,
) => harness.fake.command(`config questions ${sub}`, options, { user });

const questionMessages = (): StoredMessage[] =>
  harness.fake.channelMessages(general).filter((m) => (customIdsOf(m)[0] ?? '').startsWith('trivia:a:'));

/** Waits until the bot has posted its `count`-th question in #general, and returns it. */
async function question(count: number): Promise<StoredMessage> {
  await expect.poll(() => questionMessages().length).toBe(count);
  return questionMessages().at(-1)!;
}

/** The built-in answer of a posted question, looked up by its text in data/trivia.json. */
function builtInQuestion(message: StoredMessage): TriviaQuestion {
  const description = message.embeds[0]?.description ?? '';
  const found = bot.context.content.trivia.find((q) => description.includes(plainText(q.question, 300)));
  if (found === undefined) throw new Error(`unknown question: ${description}`);
  return found;
}

function builtInAnswer(message: StoredMessage): string {
  return builtInQuestion(message).answer;
}

function buttonFor(message: StoredMessage, label: string) {
  const button = buttonsOf(message).find((b) => b.label === label);
  if (button === undefined) throw new Error(`no button "${label}"`);
  return button;
}

/** A member clicks a button on `message` (a test fails here if the message is not there). */
const press = (message: MessageRef | undefined, customId: string, user: FakeUser) => {
  if (message === undefined) throw new Error('no message to click on');
  return harness.fake.button({ customId, message, user });
};

describe('/trivia', () => {
  it('is registered for servers only, with play, stop, leaderboard and stats', () => {
    const registered = harness.fake.commands().find((command) => command.name === 'trivia');
    expect(registered?.contexts).toEqual([0]);
    expect(optionsOf(registered).map((option) => option.name)).toEqual([
      'play',
      'stop',
      'leaderboard',
      'stats',
    ]);
  });

  it('plays a two-round game with three members, scoring the fast, the slow and the wrong', async () => {
    const setting = await config('trivia', [int('answer-time', 10)]);
    expect(setting.reply.data?.content).toMatch(/Trivia answer time\*\*: `20` → `10`/);

    const play = await trivia('play', [int('rounds', 2)]);
    expect(isEphemeral(play.reply.data)).toBe(false);
    expect(play.reply.data?.embeds?.[0]?.description).toMatch(
      /started a game: \*\*2\*\* rounds · Any category · any difficulty · 10 s to answer each/,
    );
    expect(play.reply.data?.allowed_mentions).toEqual({ parse: [] });

    const first = await question(1);
    expect(buttonsOf(first)).toHaveLength(4);
    const deadline = Math.floor(clock.now().getTime() / 1000) + 10;
    expect(first.embeds[0]?.description).toContain(`<t:${deadline}:R>`);
    expect(first.embeds[0]?.title).toBe('Trivia · Question 1 of 2');
    // The built-in question's film and rumor flag reach the member, not just the pool.
    const asked = builtInQuestion(first);
    expect(first.embeds[0]?.footer?.text).toContain(FILM_LABELS[asked.film]);
    expect(first.embeds[0]?.description?.includes(RUMOR_NOTICE)).toBe(asked.rumour);

    const again = await trivia('play', [], defaultUsers.otherFan);
    expect(isEphemeral(again.reply.data)).toBe(true);
    expect(again.reply.data?.content).toMatch(/already running in this channel/);

    const answer = builtInAnswer(first);
    const right = buttonFor(first, answer);
    const wrong = buttonsOf(first).find((b) => b.label !== answer);
    if (wrong === undefined) throw new Error('no wrong button');

    await clock.advance(1_000);
    const fast = await press(first, right.custom_id, defaultUsers.fan);
    expect(isEphemeral(fast.reply.data)).toBe(true);
    expect(fast.reply.data?.content).toMatch(/^🔒 Locked in: \*\*.+\*\*\. The answer comes <t:\d+:R>\.$/);
    // Stored before the reply: it is in the store, where a restart would find it.
    const stored = await storedAnswers(bot.store, DEFAULT_IDS.guild, general);
    expect(stored.map((entry) => entry.userId)).toEqual([defaultUsers.fan.id]);
    const doubleClick = await press(first, wrong.custom_id, defaultUsers.fan);
    expect(isEphemeral(doubleClick.reply.data)).toBe(true);
    expect(doubleClick.reply.data?.content).toMatch(/You already locked in .*only your first answer counts/);

    await clock.advance(6_000);
    expect((await press(first, right.custom_id, defaultUsers.otherFan)).reply.data?.content).toMatch(
      /Locked in/,
    );
    expect((await press(first, wrong.custom_id, defaultUsers.moderator)).reply.data?.content).toMatch(
      /Locked in/,
    );

    await clock.advance(3_000);
    const revealed = harness.fake.message(first.id)!;
    const embed = embedOf(revealed);
    expect(embed.title).toBe("Trivia · Question 1 of 2 · Time's up");
    expect(embed.description).toContain('✅ The answer:');
    expect(embed.fields?.[0]?.name).toBe('Right (2)');
    const [fanLine, otherLine] = embed.fields?.[0]?.value.split('\n') ?? [];
    expect(fanLine).toMatch(new RegExp(`^<@${defaultUsers.fan.id}> \\*\\*\\+(\\d+)\\*\\*$`));
    expect(otherLine).toMatch(new RegExp(`^<@${defaultUsers.otherFan.id}> \\*\\*\\+(\\d+)\\*\\*$`));
    const points = (line: string | undefined) => Number(/\+(\d+)/.exec(line ?? '')?.[1]);
    expect(points(fanLine)).toBeGreaterThan(points(otherLine));
    expect(embed.fields?.[1]).toMatchObject({ name: 'Wrong (1)' });
    expect(embed.fields?.[1]?.value).toContain(`<@${defaultUsers.moderator.id}>`);
    expect(buttonsOf(revealed).every((b) => b.disabled === true)).toBe(true);
    expect(buttonFor(revealed, answer).style).toBe(3);

    await clock.advance(PAUSE_MS);
    const second = await question(2);
    expect(second.embeds[0]?.title).toBe('Trivia · Question 2 of 2');
    const secondRight = buttonFor(second, builtInAnswer(second));
    await press(second, secondRight.custom_id, defaultUsers.fan);
    await clock.advance(10_000);
    const over = harness.fake.channelMessages(general).at(-1)!;
    expect(over.embeds[0]?.title).toBe('Trivia over');
    expect(over.embeds[0]?.description).toMatch(
      new RegExp(`All 2 rounds played\\.\\n\\n🥇 <@${defaultUsers.fan.id}>`),
    );

    const late = await press(second, secondRight.custom_id, defaultUsers.otherFan);
    expect(late.reply.data?.content).toMatch(/This trivia game is over/);
  });

  it('refuses privately to start where the bot cannot post, naming what it misses', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'trivia',
      options: [{ name: 'play', type: 1, options: [] }],
      user: defaultUsers.otherFan,
      appPermissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
    });
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(/I'm missing Embed Links/);
    expect(await bot.context.trivia.games.read(DEFAULT_IDS.guild, general)).toBeUndefined();
  });

  it('names the missing permissions as Discord does in the member’s language', async () => {
    const { reply } = await harness.fake.chatInput({
      name: 'trivia',
      options: [{ name: 'play', type: 1, options: [] }],
      user: defaultUsers.otherFan,
      locale: 'fr',
      appPermissions: String(PermissionFlagsBits.ViewChannel),
    });
    expect(reply.data?.content).toBe(
      'Pour lancer le quiz ici, j’ai besoin des permissions Voir le salon, Envoyer des messages et Intégrer des liens dans ce salon\u00a0; il me manque\u00a0: Envoyer des messages et Intégrer des liens.',
    );
  });

  it('ranks the leaderboard by points and shows a member’s stats', async () => {
    const board = await trivia('leaderboard');
    const lines = embedOf(board.reply.data).description?.split('\n') ?? [];
    expect(lines.map((line) => /<@(\d+)>/.exec(line)?.[1])).toEqual([
      defaultUsers.fan.id,
      defaultUsers.otherFan.id,
      defaultUsers.moderator.id,
    ]);
    expect(lines[2]).toMatch(/\*\*0\*\* points · 0\/1 right/);
    const month = await trivia('leaderboard', [str('period', 'month')]);
    expect(month.reply.data?.embeds?.[0]?.title).toBe('Trivia leaderboard · May 2026');

    const stats = await harness.fake.chatInput({
      name: 'trivia',
      options: [
        { name: 'stats', type: 1, options: [{ name: 'user', type: 6, value: defaultUsers.otherFan.id }] },
      ],
      resolved: { users: { [defaultUsers.otherFan.id]: apiUser(defaultUsers.otherFan) } },
    });
    const [allTime, thisMonth] = embedOf(stats.reply.data).fields ?? [];
    expect(allTime?.value).toMatch(/Rank \*\*#2\*\* of 3/);
    expect(allTime?.value).toMatch(/1 of 1 right \(100%\)/);
    expect(thisMonth?.name).toBe('May 2026');
  });

  it('lets only the starter or a moderator stop a game', async () => {
    await trivia('play', [int('rounds', 5)], defaultUsers.otherFan);
    const open = await question(3);
    // Its buttons pressed from another channel never count in this game.
    const elsewhere = await harness.fake.button({
      customId: buttonsOf(open)[0]!.custom_id,
      message: open,
      user: defaultUsers.fan,
      channelId: DEFAULT_IDS.announcementChannel,
    });
    expect(isEphemeral(elsewhere.reply.data)).toBe(true);
    expect(elsewhere.reply.data?.content).toMatch(/This trivia game is over/);
    expect((await bot.context.trivia.games.read(DEFAULT_IDS.guild, general))?.question?.answers).toEqual([]);
    const refused = await trivia('stop', [], defaultUsers.fan);
    expect(isEphemeral(refused.reply.data)).toBe(true);
    expect(refused.reply.data?.content).toMatch(
      /Only <@\d+>, who started this game, or a moderator can stop it/,
    );

    const stopped = await trivia('stop', [], defaultUsers.moderator);
    expect(stopped.reply.data?.embeds?.[0]?.description).toMatch(
      new RegExp(`^Stopped by <@${defaultUsers.moderator.id}>`),
    );
    expect(harness.fake.message(open.id)?.embeds[0]?.description).toMatch(/scores nothing/);
    expect(await bot.context.trivia.games.read(DEFAULT_IDS.guild, general)).toBeUndefined();
  });

  it('pages through a long leaderboard with buttons', async () => {
    const deltas = Array.from({ length: 22 }, (_, i) => ({
      userId: `3000000000000000${String(i).padStart(2, '0')}`,
      correct: true,
      points: 10 + i,
    }));
    await bot.context.trivia.scores.apply(DEFAULT_IDS.guild, 'seed:1', '2026-05', deltas);
    const board = await trivia('leaderboard');
    expect(board.reply.data?.embeds?.[0]?.footer?.text).toBe('Page 1 of 3 · 25 members scored');
    const [previous, next] = buttonsOf(board.reply.data);
    expect(previous?.disabled).toBe(true);
    const paged = await press(board.original(), next?.custom_id ?? '', defaultUsers.otherFan);
    expect(paged.reply.type).toBe(7);
    expect(paged.reply.data?.embeds?.[0]?.footer?.text).toBe('Page 2 of 3 · 25 members scored');
    expect(paged.reply.data?.embeds?.[0]?.description?.split('\n')[0]).toMatch(/^\*\*11\.\*\*/);
  });
});

describe('custom questions', () => {
  const fields = {
    question: 'Which song does Cassie sing at the @everyone bar?',
    answer: 'Come Back Home',
    wrong1: 'Love Me Like You Do',
    wrong2: 'Hold On',
    wrong3: 'Stay',
  };

  async function openModal(user: FakeUser = defaultUsers.moderator) {
    const opened = await questionsCommand('add', [str('category', 'music'), str('difficulty', 'easy')], user);
    return opened;
  }

  it('adds a question through the modal, then asks it in a game', async () => {
    const opened = await openModal();
    expect(opened.reply.type).toBe(9);
    const customId = opened.reply.data?.custom_id ?? '';
    expect(customId).toBe('config:question-add:music:easy');

    const added = await harness.fake.modalSubmit({ customId, fields, user: defaultUsers.moderator });
    expect(isEphemeral(added.reply.data)).toBe(true);
    expect(added.reply.data?.content).toMatch(
      /^Added `custom-1` \(Music · Easy\): Which song does Cassie sing at the @\u200beveryone bar\?/,
    );
    expect(added.reply.data?.allowed_mentions).toEqual({ parse: [] });

    expect((await config('trivia', [str('source', 'custom')])).reply.data?.content).toMatch(
      /Trivia questions\*\*: Built-in and custom questions → This server's own questions/,
    );
    await clock.advance(60_000);
    await trivia('play', [int('rounds', 1)], defaultUsers.fan);
    const asked = await question(4);
    expect(asked.embeds[0]?.description).toContain('Which song does Cassie sing at the @\u200beveryone bar?');
    expect(asked.embeds[0]?.footer?.text).toBe("Music · Easy · This server's own question");
    expect(
      buttonsOf(asked)
        .map((b) => b.label)
        .sort(),
    ).toEqual(['Come Back Home', 'Hold On', 'Love Me Like You Do', 'Stay']);
    await press(asked, buttonFor(asked, 'Come Back Home').custom_id, defaultUsers.otherFan);
    await clock.advance(10_000);
    const revealed = harness.fake.message(asked.id)!;
    expect(revealed.embeds[0]?.description).toContain('✅ The answer: **Come Back Home**');
    expect(revealed.mention_everyone).toBe(false);
    await config('trivia', [str('source', 'both')]);
  });

  it('refuses duplicate choices, an over-long label and an empty field, with a clear message', async () => {
    const customId = (await openModal()).reply.data?.custom_id ?? '';
    const submit = (changes: Partial<typeof fields>) =>
      harness.fake.modalSubmit({
        customId,
        fields: { ...fields, question: 'Another one?', ...changes },
        user: defaultUsers.moderator,
      });

    const duplicate = await submit({ wrong2: 'come back home' });
    expect(isEphemeral(duplicate.reply.data)).toBe(true);
    expect(duplicate.reply.data?.content).toMatch(
      /The question was not added:\n• The four answers must all be different \(ignoring case\)/,
    );
    const long = await submit({ answer: 'x'.repeat(81) });
    expect(long.reply.data?.content).toMatch(
      /The correct answer is too long for a button: at most 80 characters/,
    );
    const empty = await submit({ wrong3: '   ' });
    expect(empty.reply.data?.content).toMatch(/Wrong answer 3 is empty/);
    const inGerman = await harness.fake.modalSubmit({
      customId,
      fields: { ...fields, question: 'Another one?', wrong3: '   ' },
      user: defaultUsers.moderator,
      locale: 'de',
    });
    expect(inGerman.reply.data?.content).toBe(
      'Die Frage wurde nicht hinzugefügt:\n• Falsche Antwort 3 ist leer.',
    );

    const list = await questionsCommand('list');
    expect(list.reply.data?.embeds?.[0]?.title).toBe("This server's trivia questions (1)");
  });

  it('is for moderators only', async () => {
    const refused = await openModal(defaultUsers.fan);
    expect(refused.reply.type).toBe(4);
    expect(refused.reply.data?.content).toMatch(/Only members with the Manage Server permission/);
    const forged = await harness.fake.modalSubmit({
      customId: 'config:question-add:cast:easy',
      fields,
      user: defaultUsers.fan,
    });
    expect(forged.reply.data?.content).toMatch(/Only members with the Manage Server permission/);
    expect((await bot.context.trivia.questions.list(DEFAULT_IDS.guild)).length).toBe(1);
  });

  it('lists, suggests and removes questions', async () => {
    const list = await questionsCommand('list');
    expect(isEphemeral(list.reply.data)).toBe(true);
    expect(list.reply.data?.embeds?.[0]?.description).toMatch(/^`custom-1` · Music · Easy\n\*\*Which song/);

    const suggested = await harness.fake.autocomplete({
      name: 'config',
      options: [
        {
          name: 'questions',
          type: 2,
          options: [
            {
              name: 'remove',
              type: 1,
              options: [{ name: 'id', type: 3, value: 'which song', focused: true }],
            },
          ],
        },
      ],
      user: defaultUsers.moderator,
    });
    expect(suggested.reply.data?.choices).toEqual([
      { name: 'custom-1 · Which song does Cassie sing at the @everyone bar?', value: 'custom-1' },
    ]);

    const removed = await questionsCommand('remove', [str('id', 'custom-1')]);
    expect(removed.reply.data?.content).toMatch(/^Removed `custom-1`/);
    const gone = await questionsCommand('remove', [str('id', 'custom-1')]);
    expect(gone.reply.data?.content).toMatch(/no question `custom-1`/);
  });
});

/**
 * Trivia answer clicks. Our bot: a game is started in #general of every bench server (`/trivia <start>`, the
 * subcommand found in the registered command), and each click is a different member pressing one of the open
 * question's answer buttons (a member answers once per round, so every click is a real answer). The bare bot
 * gets the same clicks on a message of the same shape. Answer time is seeded at its maximum (see
 * {@link seedTriviaSettings}) so a question stays open across a block; a question that closed is looked up again.
 */
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  InteractionResponseType,
  MessageType,
  type APIApplicationCommandSubcommandOption,
} from 'discord-api-types/v10';
import {
  apiUser,
  buttonsOf,
  fixedSnowflake,
  makeUser,
  type FakeUser,
  type MessageRef,
} from '../../tests/support/fake-discord.js';
import { GuildSettingsService } from '../../src/settings/service.js';
import { openStore } from '../../src/store.js';
import { generalChannel } from './guilds.js';
import type { InteractionKind, Side } from './interactions.js';
import { sleep } from './stats.js';

const ANSWER_PREFIX = 'trivia:a:';
/** The open question message of each guild, per bot side. */
const questions = new WeakMap<Side, Map<string, MessageRef>>();

/** A member per click, the same ids for both bots. */
const clicker = (index: number): FakeUser =>
  makeUser(`Trivia Fan ${index}`, fixedSnowflake('2022-03-01T00:00:00Z', index));
/** A member per game start (starting has a cooldown per member). */
let starts = 0;
const starter = (): FakeUser =>
  makeUser(`Trivia Host ${starts}`, fixedSnowflake('2022-02-01T00:00:00Z', starts++));

/** Before our bot starts: the longest answer time, so questions stay open while the bench clicks. */
export async function seedTriviaSettings(storeUrl: string, guildIds: readonly string[]): Promise<void> {
  const store = await openStore(storeUrl);
  const settings = new GuildSettingsService(store, () => new Date());
  for (const guildId of guildIds) await settings.update(guildId, 'bench', { triviaAnswerTime: 120 });
  await store.close();
}

function answerIds(message: MessageRef): string[] {
  return buttonsOf(message)
    .filter((button) => button.custom_id.startsWith(ANSWER_PREFIX) && button.disabled !== true)
    .map((button) => button.custom_id);
}

/** The newest trivia question in the channel that still takes answers. */
function openQuestion(side: Side, channelId: string): MessageRef | undefined {
  return side.fake
    .channelMessages(channelId)
    .reverse()
    .find((message) => answerIds(message).length > 0);
}

function startSubcommand(side: Side): string {
  const command = side.fake.commands().find((c) => c.name === 'trivia');
  const subcommands = (command?.options ?? []).filter(
    (option): option is APIApplicationCommandSubcommandOption =>
      option.type === ApplicationCommandOptionType.Subcommand,
  );
  const start = subcommands.find((option) => /^(start|play|new)$/.test(option.name));
  if (start === undefined) throw new Error('the trivia command has no start/play subcommand');
  return start.name;
}

async function prepareOurs(side: Side): Promise<void> {
  const open = new Map<string, MessageRef>();
  const subcommand = startSubcommand(side);
  for (const guild of side.guilds) {
    const channelId = generalChannel(guild);
    let question = openQuestion(side, channelId);
    if (question === undefined) {
      await side.fake.chatInput({
        name: 'trivia',
        guildId: guild.id,
        user: starter(),
        options: [{ name: subcommand, type: 1, options: [{ name: 'rounds', type: 4, value: 20 }] }],
      });
      // The question follows the command's reply (or comes after the pause between rounds).
      for (let waited = 0; question === undefined && waited < 10_000; waited += 50) {
        await sleep(50);
        question = openQuestion(side, channelId);
      }
    }
    if (question === undefined) throw new Error(`no open trivia question in ${channelId}`);
    open.set(guild.id, question);
  }
  questions.set(side, open);
}

function prepareBare(side: Side): Promise<void> {
  const open = new Map<string, MessageRef>();
  for (const guild of side.guilds) {
    const id = fixedSnowflake('2026-01-01T00:00:00Z', open.size);
    open.set(guild.id, {
      id,
      type: MessageType.Default,
      channel_id: generalChannel(guild),
      author: apiUser(side.fake.botUser),
      content: '',
      embeds: [{ title: 'Trivia · Question 1 of 20', description: 'Bench question' }],
      components: [
        {
          type: ComponentType.ActionRow,
          components: [0, 1, 2, 3].map((choice) => ({
            type: ComponentType.Button as const,
            style: ButtonStyle.Primary as const,
            label: `Choice ${choice + 1}`,
            custom_id: `${ANSWER_PREFIX}bench:1:${choice}`,
          })),
        },
      ],
      flags: 0,
    });
  }
  questions.set(side, open);
  return Promise.resolve();
}

export const triviaKind: InteractionKind = {
  name: 'trivia answer',
  prepare: (side) => (side.kind === 'ours' ? prepareOurs(side) : prepareBare(side)),
  send(side, index) {
    const guild = side.guilds[index % side.guilds.length];
    const question = guild === undefined ? undefined : questions.get(side)?.get(guild.id);
    if (guild === undefined || question === undefined) throw new Error('trivia was not prepared');
    const ids = answerIds(question);
    return side.fake.button({
      guildId: guild.id,
      customId: ids[index % ids.length] ?? '',
      message: question,
      user: clicker(index),
    });
  },
  // Ours answers a click privately ("Locked in: …"); a refusal (closed, already answered) counts as failed.
  ok: (side, handle) =>
    side.kind === 'bare'
      ? handle.reply.type === InteractionResponseType.UpdateMessage
      : handle.reply.type === InteractionResponseType.ChannelMessageWithSource &&
        String(handle.reply.data?.content).includes('Locked in'),
};

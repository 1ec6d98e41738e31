import {
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  InteractionContextType,
  SlashCommandBuilder,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { RESTARTING_MESSAGE, type RunningBot } from '../../src/bot.js';
import type { Command } from '../../src/command.js';
import { UserError } from '../../src/errors.js';
import { SERVER_ONLY_MESSAGE } from '../../src/interactions/router.js';
import { isEphemeral } from '../support/fake-discord.js';
import { createHarness, type Harness } from './harness.js';

/** A server-only command whose subcommands exercise each path of the router and the error handling. */
let releaseSlow: () => void = () => undefined;
let signalSlowEntered: () => void = () => undefined;
const probe = {
  data: new SlashCommandBuilder()
    .setName('probe')
    .setDescription('test command')
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) => s.setName('ok').setDescription('replies'))
    .addSubcommand((s) => s.setName('user-error').setDescription('expected failure'))
    .addSubcommand((s) => s.setName('crash').setDescription('unexpected failure'))
    .addSubcommand((s) => s.setName('deferred-crash').setDescription('fails after deferring'))
    .addSubcommand((s) => s.setName('forbidden').setDescription('Discord refuses'))
    .addSubcommand((s) => s.setName('slow').setDescription('waits to be released'))
    .toJSON(),
  async execute(interaction) {
    switch (interaction.options.getSubcommand()) {
      case 'ok':
        await interaction.reply({
          content: 'ok',
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Primary,
                  customId: 'probe:press',
                  label: 'Press',
                },
              ],
            },
          ],
        });
        return;
      case 'user-error':
        throw new UserError('That is not allowed here.');
      case 'crash':
        throw new Error('kaboom');
      case 'deferred-crash':
        await interaction.deferReply();
        throw new Error('kaboom after defer');
      case 'forbidden':
        throw new DiscordAPIError(
          { code: 50013, message: 'Missing Permissions' },
          50013,
          403,
          'POST',
          'https://example/channels/1/messages',
          { body: undefined, files: undefined },
        );
      case 'slow':
        await new Promise<void>((resolve) => {
          releaseSlow = resolve;
          signalSlowEntered();
        });
        await interaction.reply({ content: 'finally' });
        return;
    }
  },
  async handleComponent(interaction) {
    if (interaction.isButton()) await interaction.update({ content: `pressed by ${interaction.user.id}` });
  },
} satisfies Command;

let harness: Harness;
let bot: RunningBot;
beforeAll(async () => {
  harness = await createHarness();
  bot = await harness.start({ commands: [...commands, probe] });
});
afterAll(() => harness.close());

const run = (sub: string, extra: { guildId?: string | null } = {}) =>
  harness.fake.chatInput({ name: 'probe', options: [{ name: sub, type: 1, options: [] }], ...extra });

describe('interaction routing and the one error path', () => {
  it('routes a chat-input command to its handler', async () => {
    const { reply } = await run('ok');
    expect(reply).toMatchObject({ type: 4, data: { content: 'ok' } });
  });

  it('routes a button by the prefix of its custom id', async () => {
    const message = (await run('ok')).original()!;
    const { reply } = await harness.fake.button({ customId: 'probe:press', message });
    expect(reply.type).toBe(7);
    expect(reply.data?.content).toMatch(/^pressed by \d+$/);
  });

  it('answers a button whose command no longer exists ephemerally', async () => {
    const message = (await run('ok')).original()!;
    const { reply } = await harness.fake.button({ customId: 'gone:press', message });
    expect(reply.type).toBe(4);
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toMatch(/no longer available/);
  });

  it('answers a server-only command from a DM with a clear ephemeral message', async () => {
    const { reply } = await run('ok', { guildId: null });
    expect(reply.type).toBe(4);
    expect(isEphemeral(reply.data)).toBe(true);
    expect(reply.data?.content).toBe(SERVER_ONLY_MESSAGE);
  });

  it('shows a UserError ephemerally, as it is', async () => {
    const { reply } = await run('user-error');
    expect(reply.data).toMatchObject({
      content: 'That is not allowed here.',
      allowed_mentions: { parse: [] },
    });
    expect(isEphemeral(reply.data)).toBe(true);
  });

  it('turns a Discord permission error into plain words', async () => {
    const { reply } = await run('forbidden');
    expect(reply.data?.content).toMatch(/missing a permission/i);
    expect(isEphemeral(reply.data)).toBe(true);
  });

  it('logs an unexpected error with an id and shows the user the same id', async () => {
    const { reply } = await run('crash');
    const errorId = /error id `([0-9a-f]{8})`/.exec(reply.data?.content ?? '')?.[1];
    expect(errorId).toBeDefined();
    expect(isEphemeral(reply.data)).toBe(true);
    const logged = harness.logs.find((line) => line.errorId === errorId);
    expect(logged?.msg).toBe('unexpected error while handling an interaction');
    expect(JSON.stringify(logged)).toContain('kaboom');
  });

  it('edits the deferred reply when a handler fails after deferring', async () => {
    const handle = await run('deferred-crash');
    expect(handle.reply.type).toBe(5);
    const edit = await handle.waitForEdit();
    expect(edit.content).toMatch(/Something went wrong on my side \(error id `[0-9a-f]{8}`\)/);
  });

  it('gives no suggestions, rather than an error, to autocomplete of an unknown command', async () => {
    const { reply } = await harness.fake.autocomplete({
      name: 'nothing',
      options: [{ name: 'x', type: 3, value: 'a', focused: true }],
    });
    expect(reply).toMatchObject({ type: 8, data: { choices: [] } });
  });

  it('logs each command at info, and routine autocomplete (one per keystroke) only at debug', async () => {
    const command = await run('ok');
    const suggestions = await harness.fake.autocomplete({
      name: 'cast',
      options: [{ name: 'person', type: 3, value: 'idr', focused: true }],
    });
    const lineOf = (id: string) =>
      harness.logs.find((line) => line.msg === 'interaction' && line.interaction === id);
    await expect.poll(() => lineOf(command.id)).toMatchObject({ level: 30, name: 'probe', outcome: 'ok' });
    await expect.poll(() => lineOf(suggestions.id)).toMatchObject({ level: 20, name: 'cast', outcome: 'ok' });
  });

  it('lets an interaction in flight finish on stop, and turns new ones away meanwhile', async () => {
    const entered = new Promise<void>((resolve) => {
      signalSlowEntered = resolve;
    });
    const slow = run('slow');
    await entered;
    const stopped = bot.stop();
    const late = await run('ok');
    expect(late.reply.data?.content).toBe(RESTARTING_MESSAGE);
    expect(isEphemeral(late.reply.data)).toBe(true);
    releaseSlow();
    expect((await slow).reply.data?.content).toBe('finally');
    await stopped;
  });
});

import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  InteractionType,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_IDS,
  FakeDiscord,
  MEMBER_PERMISSIONS,
  defaultUsers,
  fixedSnowflake,
  makeGuild,
  type FakeDiscordOptions,
} from './fake-discord';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

/** Starts a fake and a bare discord.js client (Guilds intent) logged into it, and waits for clientReady. */
async function connect(options: FakeDiscordOptions = {}, clientOptions: { shards?: 'auto' } = {}) {
  const started = await FakeDiscord.start(options);
  fake = started;
  const bot = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: started.apiUrl },
    ...clientOptions,
  });
  client = bot;
  const ready = once(bot, Events.ClientReady);
  await bot.login(started.token);
  await ready;
  return { fake: started, client: bot };
}

/** Registers an interaction handler that reports its own failures instead of crashing the process. */
function handle(bot: Client, handler: (interaction: Interaction) => Promise<unknown>): { errors: unknown[] } {
  const errors: unknown[] = [];
  bot.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => errors.push(error));
  });
  return { errors };
}

afterEach(async () => {
  await client?.destroy();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

/** An external event in the default guild from `start` to `end`, as /config countdown-event makes them. */
const externalEvent = (name: string, start: Date, end: Date, description?: string) => ({
  name,
  ...(description === undefined ? {} : { description }),
  scheduledStartTime: start,
  scheduledEndTime: end,
  privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly as const,
  entityType: GuildScheduledEventEntityType.External as const,
  entityMetadata: { location: 'Netflix' },
});

describe('FakeDiscord with a real discord.js client', () => {
  it('logs in, fires clientReady and caches the default guild', async () => {
    const { fake, client } = await connect();

    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(DEFAULT_IDS.guild);
    expect(guild?.name).toBe('Purple Hearts Fans');
    expect(guild?.channels.cache.get(DEFAULT_IDS.generalChannel)?.name).toBe('general');
    expect(guild?.roles.everyone.id).toBe(DEFAULT_IDS.guild);
    expect(fake.identifies).toEqual([
      { token: fake.token, intents: GatewayIntentBits.Guilds, shard: [0, 1] },
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('rejects a wrong token with TokenInvalid', async () => {
    fake = await FakeDiscord.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });

    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests[0]?.status).toBe(401);
    expect(fake.identifies).toHaveLength(0);
  });

  it('delivers a slash command and captures interaction.reply as callback type 4', async () => {
    const { fake, client } = await connect();
    const seen: Interaction[] = [];
    const { errors } = handle(client, async (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'hi' });
    });

    const reply = await fake.chatInput({ name: 'ping' });

    expect(errors).toEqual([]);
    expect(reply.reply).toEqual({ type: 4, data: expect.objectContaining({ content: 'hi' }) });
    expect(reply.original()).toMatchObject({ content: 'hi', channel_id: DEFAULT_IDS.generalChannel });
    const interaction = seen[0];
    expect(interaction?.guildId).toBe(DEFAULT_IDS.guild);
    expect(interaction?.channelId).toBe(DEFAULT_IDS.generalChannel);
    expect(interaction?.user.id).toBe(defaultUsers.fan.id);
    expect(interaction?.memberPermissions?.has('ManageGuild')).toBe(false);
    expect(interaction?.memberPermissions?.bitfield).toBe(BigInt(MEMBER_PERMISSIONS));
  });

  it('captures deferReply then editReply through waitForEdit', async () => {
    const { fake, client } = await connect();
    const { errors } = handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'done thinking' });
    });

    const reply = await fake.chatInput({ name: 'countdown' });
    const edited = await reply.waitForEdit();

    expect(errors).toEqual([]);
    expect(reply.reply).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(edited.content).toBe('done thinking');
    expect(reply.original()?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('captures an autocomplete respond as callback type 8', async () => {
    const { fake, client } = await connect();
    const { errors } = handle(client, async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `Cast member ${typed}`, value: typed }]);
    });

    const reply = await fake.autocomplete({
      name: 'cast',
      options: [{ name: 'actor', type: 3, value: 'Nich', focused: true }],
    });

    expect(errors).toEqual([]);
    expect(reply.reply).toEqual({
      type: 8,
      data: { choices: [{ name: 'Cast member Nich', value: 'Nich' }] },
    });
  });

  it('captures a button update as callback type 7 and edits the channel message', async () => {
    const { fake, client } = await connect();
    const channel = client.channels.cache.get(DEFAULT_IDS.generalChannel) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('trivia:answer:1').setLabel('Cassie').setStyle(ButtonStyle.Primary),
    );
    await channel.send({ content: 'Who sings "Come Back Home"?', components: [row] });
    const [question] = fake.channelMessages(DEFAULT_IDS.generalChannel);
    if (question === undefined) throw new Error('the question was not posted');
    const { errors } = handle(client, async (interaction) => {
      if (interaction.isButton())
        await interaction.update({ content: `Correct, ${interaction.user.username}!`, components: [] });
    });

    const reply = await fake.button({ customId: 'trivia:answer:1', message: question });

    expect(errors).toEqual([]);
    expect(reply.reply.type).toBe(7);
    expect(fake.channelMessages(DEFAULT_IDS.generalChannel)).toEqual([
      expect.objectContaining({ id: question.id, content: 'Correct, violet_fan!', components: [] }),
    ]);
  });

  it('delivers a DM interaction with guildId null', async () => {
    const { fake, client } = await connect();
    const seen: Interaction[] = [];
    const { errors } = handle(client, async (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'hello in DMs' });
    });

    const reply = await fake.chatInput({ name: 'ping', guildId: null, user: defaultUsers.otherFan });

    expect(errors).toEqual([]);
    expect(seen[0]?.guildId).toBeNull();
    expect(seen[0]?.member).toBeNull();
    expect(seen[0]?.user.id).toBe(defaultUsers.otherFan.id);
    expect(reply.payload.context).toBe(1);
    expect(reply.original()?.content).toBe('hello in DMs');
  });

  it('stores commands set with client.application.commands.set and uses their ids in interactions', async () => {
    const { fake, client } = await connect();

    await client.application?.commands.set([
      { name: 'ping', description: 'Check the bot is alive' },
      {
        name: 'cast',
        description: 'Look up a cast member',
        options: [
          {
            name: 'actor',
            description: 'Who',
            type: ApplicationCommandOptionType.String,
            required: true,
            autocomplete: true,
          },
        ],
      },
    ]);
    const seen: Interaction[] = [];
    handle(client, async (interaction) => {
      seen.push(interaction);
      if (interaction.isChatInputCommand()) await interaction.reply('pong');
    });
    await fake.chatInput({ name: 'ping' });

    const stored = fake.commands();
    expect(stored.map((c) => c.name)).toEqual(['ping', 'cast']);
    expect(stored[0]?.id).toMatch(/^\d{18,19}$/);
    expect(fake.commandWrites().map((r) => r.method)).toEqual(['PUT']);
    expect(seen[0]?.isChatInputCommand() && seen[0].commandId).toBe(stored[0]?.id);
  });

  it('refuses an invalid command list the way Discord does', async () => {
    const { client } = await connect();

    const attempt = client.application?.commands.set([
      { name: 'Ping', description: 'Upper case is not allowed' },
    ]);

    await expect(attempt).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(attempt).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it('resumes after closeGateway(4000) and still delivers interactions', async () => {
    const { fake, client } = await connect();
    handle(client, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    });

    fake.closeGateway(4000);
    await fake.waitForResume();
    const reply = await fake.chatInput({ name: 'ping' });

    expect(fake.resumes).toBe(1);
    expect(fake.identifies).toHaveLength(1);
    expect(reply.original()?.content).toBe('still here');
  });

  it('shows a modal and mirrors its label layout in the submission', async () => {
    const { fake, client } = await connect();
    const { errors } = handle(client, async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder().setCustomId('suggest').setTitle('Suggest a trivia question');
        modal.addLabelComponents(
          new LabelBuilder()
            .setLabel('Question')
            .setTextInputComponent(
              new TextInputBuilder().setCustomId('question').setStyle(TextInputStyle.Short),
            ),
        );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({
          content: `Thanks: ${interaction.fields.getTextInputValue('question')}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    });

    const shown = await fake.chatInput({ name: 'suggest' });
    const submitted = await fake.modalSubmit({
      customId: 'suggest',
      fields: { question: 'Who plays Luke?' },
    });

    expect(errors).toEqual([]);
    expect(shown.reply.type).toBe(9);
    const { payload } = submitted;
    expect(payload.type === InteractionType.ModalSubmit && payload.data.components).toEqual([
      {
        type: 18,
        id: expect.any(Number),
        component: expect.objectContaining({ custom_id: 'question', value: 'Who plays Luke?' }),
      },
    ]);
    expect(submitted.original()).toMatchObject({
      content: 'Thanks: Who plays Luke?',
      flags: MessageFlags.Ephemeral,
    });
  });

  it('collects follow-ups in order and replaces the deferred message with the first one', async () => {
    const { fake, client } = await connect();
    handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.followUp('first');
      await interaction.followUp('second');
    });

    const reply = await fake.chatInput({ name: 'trivia' });
    const first = await reply.waitForFollowUp();
    const second = await reply.waitForFollowUp();

    expect(first.id).toBe(reply.original()?.id);
    expect(reply.original()?.content).toBe('first');
    expect(second.content).toBe('second');
    expect(reply.followUps().map((m) => m.content)).toEqual(['first', 'second']);
  });

  it('refuses an over-long reply and lets the bot fall back', async () => {
    const { fake, client } = await connect();
    const { errors } = handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      try {
        await interaction.reply('x'.repeat(2001));
      } catch {
        await interaction.reply('too long, sorry');
      }
    });

    const reply = await fake.chatInput({ name: 'cast' });

    expect(errors).toEqual([]);
    expect(reply.original()?.content).toBe('too long, sorry');
    expect(reply.rejectedCallbacks()[0]?.error).toMatchObject({
      code: 50035,
      errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
  });

  it('parses multipart replies and answers withResponse with the created message', async () => {
    const { fake, client } = await connect();
    const created: unknown[] = [];
    const { errors } = handle(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({
        content: 'the poster',
        files: [{ attachment: Buffer.from('not really a png'), name: 'poster.png' }],
        withResponse: true,
      });
      created.push(response.resource?.message?.id);
    });

    const reply = await fake.chatInput({ name: 'release' });
    const callback = await fake.waitForRequest((r) => r.path.endsWith('/callback'));

    expect(errors).toEqual([]);
    expect(callback.files).toEqual([
      { field: 'files[0]', name: 'poster.png', contentType: expect.any(String), size: 16 },
    ]);
    expect(reply.reply.data?.content).toBe('the poster');
    expect(reply.original()?.attachments).toEqual([
      expect.objectContaining({ filename: 'poster.png', size: 16 }),
    ]);
    await expect.poll(() => created).toEqual([reply.original()?.id]);
  });

  it('rejects chatInput with a clear message when the bot never answers', async () => {
    const { fake } = await connect({ callbackTimeoutMs: 200 });

    await expect(fake.chatInput({ name: 'ignored' })).rejects.toThrow(
      /no interaction callback for \/ignored within 200 ms/,
    );
  });

  it('injects a 500 that discord.js retries transparently', async () => {
    const { fake, client } = await connect();
    fake.failNext((r) => r.method === 'POST' && r.path.endsWith('/messages'), { status: 500 });
    const channel = client.channels.cache.get(DEFAULT_IDS.generalChannel) as TextChannel;

    await channel.send('Release day is coming!');

    const posts = fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${DEFAULT_IDS.generalChannel}/messages`,
    );
    expect(posts.map((r) => r.status)).toEqual([500, 200]);
    expect(fake.channelMessages(DEFAULT_IDS.generalChannel).map((m) => m.content)).toEqual([
      'Release day is coming!',
    ]);
  });

  it('answers unknown routes with 404 and records them', async () => {
    const { fake, client } = await connect();

    await expect(client.rest.get('/guilds/123456789012345678/bans')).rejects.toMatchObject({ status: 404 });

    expect(fake.unhandledRequests().map((r) => r.path)).toEqual(['/guilds/123456789012345678/bans']);
  });

  it('creates guild scheduled events and validates them', async () => {
    const { fake, client } = await connect();
    const guild = client.guilds.cache.get(DEFAULT_IDS.guild);
    const start = new Date(Date.now() + 86_400_000);

    const event = await guild?.scheduledEvents.create(
      externalEvent('Purple Hearts 2 premiere', start, new Date(start.getTime() + 7_200_000)),
    );
    const past = guild?.scheduledEvents.create(
      externalEvent('Too late', new Date(Date.now() - 60_000), new Date(Date.now() + 60_000)),
    );

    expect(event?.name).toBe('Purple Hearts 2 premiere');
    expect(fake.guildScheduledEvents(DEFAULT_IDS.guild)).toHaveLength(1);
    await expect(past).rejects.toMatchObject({ code: 50035 });
  });

  it("keeps a moderator's edit of a scheduled event through the bot's partial PATCH, and answers 10070 once it is deleted", async () => {
    const { fake, client } = await connect();
    const guild = client.guilds.cache.get(DEFAULT_IDS.guild);
    const start = new Date(Date.now() + 86_400_000);
    const event = await guild?.scheduledEvents.create(
      externalEvent(
        'Purple Hearts 2 premiere',
        start,
        new Date(start.getTime() + 7_200_000),
        'The countdown ends here.',
      ),
    );
    const id = event?.id ?? '';

    fake.editScheduledEvent(DEFAULT_IDS.guild, id, { name: 'Watch party' });
    const later = new Date(start.getTime() + 86_400_000).toISOString();
    const end = new Date(start.getTime() + 2 * 86_400_000).toISOString();
    const route = Routes.guildScheduledEvent(DEFAULT_IDS.guild, id);
    await client.rest.patch(route, { body: { scheduled_start_time: later, scheduled_end_time: end } });

    expect(await client.rest.get(route)).toMatchObject({
      name: 'Watch party',
      description: 'The countdown ends here.',
      entity_metadata: { location: 'Netflix' },
      scheduled_start_time: later,
    });
    fake.deleteScheduledEvent(DEFAULT_IDS.guild, id);
    await expect(client.rest.get(route)).rejects.toMatchObject({ status: 404, code: 10070 });
  });

  it('answers 429 beyond the global rate limit and discord.js waits and retries', async () => {
    const { fake, client } = await connect({ globalRateLimit: 2 });
    const channel = client.channels.cache.get(DEFAULT_IDS.generalChannel) as TextChannel;
    // discord.js paces itself to 50/s, far above this fake's 2/s, so the third message provokes a 429.

    await Promise.all([channel.send('one'), channel.send('two'), channel.send('three')]);

    expect(fake.rateLimited).toBeGreaterThanOrEqual(1);
    expect(fake.channelMessages(DEFAULT_IDS.generalChannel)).toHaveLength(3);
  });

  it('gives each shard only the guilds it owns', async () => {
    // Snowflakes whose timestamps differ by 1 ms land on different shards of two.
    const even = makeGuild('Even Fans', { id: fixedSnowflake('2023-01-01T00:00:00.000Z') });
    const odd = makeGuild('Odd Fans', { id: fixedSnowflake('2023-01-01T00:00:00.001Z') });
    const { fake, client } = await connect({ guilds: [even, odd], recommendedShards: 2 }, { shards: 'auto' });

    const byShard = Object.fromEntries(client.guilds.cache.map((g) => [g.name, g.shardId]));
    expect(byShard).toEqual({ 'Even Fans': 0, 'Odd Fans': 1 });
    expect(fake.identifies.map((i) => i.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
  });
});

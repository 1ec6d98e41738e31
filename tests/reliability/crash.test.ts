import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guildSettingsKey, type SettingChange } from '../../src/settings/service.js';
import { storedAnswers } from '../../src/trivia/answers.js';
import { startBotProcess } from '../support/bot-process.js';
import { openStore } from '../../src/store.js';
import {
  DEFAULT_IDS,
  defaultGuild,
  defaultUsers,
  FakeDiscord,
  customIdsOf,
  makeUser,
} from '../support/fake-discord.js';
import { record } from './summary.js';

let fake: FakeDiscord;
let folder: string;
let storeUrl: string;

/** Members who answer the open trivia question during the burst, one answer each. */
const players = Array.from({ length: 30 }, (_, n) => makeUser(`Player ${n}`));

beforeAll(async () => {
  const guild = defaultGuild();
  guild.members = [...(guild.members ?? []), ...players.map((user) => ({ user, roles: [] }))];
  fake = await FakeDiscord.start({ guilds: [guild] });
  folder = await mkdtemp(path.join(tmpdir(), 'phb-crash-'));
  storeUrl = `sqlite://${path.join(folder, 'store.sqlite')}`;
});
afterAll(async () => {
  await fake.close();
  await rm(folder, { recursive: true, force: true });
});

/** The real bot as `npm start` runs it, in its own process, so it can be killed for real. */
function startBot() {
  const bot = startBotProcess(
    'src/index.ts',
    { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, STORE_URL: storeUrl },
    folder,
  );
  const ready = expect.poll(() => bot.stdout(), { timeout: 20_000 }).toContain('"msg":"commands"');
  return { ...bot, ready };
}

const time = (n: number) =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

describe('a crash in the middle of a burst of writes', () => {
  it('keeps every setting change and trivia answer the bot confirmed before it was killed with SIGKILL', async () => {
    const first = startBot();
    await first.ready;
    const general = DEFAULT_IDS.generalChannel;
    await fake.chatInput({
      name: 'trivia',
      options: [{ name: 'play', type: 1, options: [{ name: 'rounds', type: 4, value: 1 }] }],
    });
    await expect.poll(() => fake.channelMessages(general).length).toBeGreaterThan(0);
    const question = fake
      .channelMessages(general)
      .find((m) => (customIdsOf(m)[0] ?? '').startsWith('trivia:a:'))!;
    const answerIds = customIdsOf(question);
    const lockedIn: string[] = [];
    const answer = async (n: number): Promise<void> => {
      const player = players[n];
      if (player === undefined || first.child.killed) return;
      try {
        const { reply } = await fake.button({
          customId: answerIds[n % 4]!,
          message: question,
          user: player,
          timeoutMs: 3_000,
        });
        if (/Locked in/.test(String(reply.data?.content))) lockedIn.push(player.id);
      } catch {
        // Sent after the kill: never confirmed.
      }
    };
    const confirmed: string[] = [];
    const writes = Array.from({ length: 60 }, (_, n) => n);
    let killed = false;
    const send = async (n: number): Promise<void> => {
      if (killed) return;
      try {
        const { reply } = await fake.chatInput({
          name: 'config',
          options: [{ name: 'countdown', type: 1, options: [{ name: 'time', type: 3, value: time(n + 1) }] }],
          user: defaultUsers.moderator,
          timeoutMs: 3_000,
        });
        if (/Saved/.test(String(reply.data?.content))) confirmed.push(time(n + 1));
      } catch {
        // Sent after the kill: never confirmed, so nothing is promised.
      }
      if (confirmed.length >= 25 && !first.child.killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    };
    // Five moderators and five players at a time, until the bot dies under them.
    for (let i = 0; i < writes.length; i += 5) {
      const batch = writes.slice(i, i + 5);
      await Promise.all([...batch.map(send), ...batch.map(answer)]);
    }
    expect(await first.exited).toBe('SIGKILL');
    expect(confirmed.length).toBeGreaterThanOrEqual(25);
    expect(lockedIn.length).toBeGreaterThanOrEqual(20);

    // Restart, check the bot is whole again, then stop it and read what it kept.
    const second = startBot();
    await second.ready;
    const { reply } = await fake.chatInput({ name: 'cast' });
    expect(reply.data?.embeds?.[0]?.fields).toHaveLength(5);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const store = await openStore(storeUrl);
    const stored = await store.get<{ history: SettingChange[] }>(guildSettingsKey(DEFAULT_IDS.guild));
    const answers = await storedAnswers(store, DEFAULT_IDS.guild, general);
    await store.close();
    const kept = new Set((stored?.history ?? []).map((change) => String(change.new)));
    const answered = new Set(answers.map((entry) => entry.userId));
    const lost = [
      ...confirmed.filter((value) => !kept.has(value)),
      ...lockedIn.filter((userId) => !answered.has(userId)),
    ];
    record({
      area: 'crash (SIGKILL)',
      faultsInjected: 1,
      faultsSurvived: lost.length === 0 ? 1 : 0,
      dataLost: lost.length,
    });
    expect(lost).toEqual([]);
  }, 60_000);
});

/**
 * Figure: reminders by DM. 10,000 members asked to be reminded of the premiere, and each already has the DM
 * channel the bot opened for their first reminder, so each reminder is exactly one request
 * (POST /channels/:dm/messages). The fake Discord enforces Discord's global limit of 50 requests a second, so
 * 10,000 reminders cannot take less than 200 s; the target is 1.05× that, with no 429 and no duplicate.
 *
 * Our bot runs in this process through `startBot` with an injected clock and a copy of data/ whose premiere is
 * at 10:01 UTC: the members are seeded in its SQLite store first (their choice, and the delivery record with the
 * DM channel), the bot starts at 10:00 (its first round reads every member and finds nothing due), then the clock
 * moves to 10:01 and runs on in real time, the delivery ticks once, and the figure is the time from that tick to
 * the last message the fake created. The bare bot is discord.js's REST client alone, sending the same number of
 * DMs at once to a fresh fake with the same limit: what the machine and discord.js's own pacing allow.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, GatewayIntentBits, Routes } from 'discord.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { deliveryKey, type DeliveryRecord } from '../../src/reminders/model.js';
import { ReminderService } from '../../src/reminders/service.js';
import { openStore } from '../../src/store.js';
import { FakeDiscord, snowflake, type FakeUser } from '../../tests/support/fake-discord.js';
import { startBenchBot } from './bench-bot.js';
import { postsPerChannel } from './posts.js';
import { storeUrlIn } from './proc.js';
import { heading, ratio, type Report } from './report.js';
import { fixed, scaled, sleep } from './stats.js';

const MEMBERS = scaled(10_000);
const GLOBAL_LIMIT = 50;
const FLOOR_SECONDS = MEMBERS / GLOBAL_LIMIT;
const TIME_TARGET = 1.05;
const DUE = Date.parse('2026-11-25T10:01:00Z');

export async function remindersPhase(report: Report): Promise<void> {
  heading(
    `Reminders: ${MEMBERS.toLocaleString('en-US')} members reminded of the premiere, ${GLOBAL_LIMIT} requests/s (${Math.ceil((2.2 * FLOOR_SECONDS) / 60)}+ min)`,
  );
  const fake = await FakeDiscord.start({ globalRateLimit: GLOBAL_LIMIT });
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-bench-reminders-'));
  let clock = () => new Date(DUE - 60_000);
  const now = () => clock();
  try {
    const dataDir = path.join(folder, 'data');
    await cp(path.join(PROJECT_ROOT, 'data'), dataDir, { recursive: true });
    const releaseFile = path.join(dataDir, 'release.json');
    const release = JSON.parse(await readFile(releaseFile, 'utf8')) as Record<string, unknown>;
    release.premiere = new Date(DUE).toISOString().replace('.000Z', '+00:00');
    await writeFile(releaseFile, JSON.stringify(release));

    const seeding = performance.now();
    const users: FakeUser[] = Array.from({ length: MEMBERS }, (_, index) => ({
      id: snowflake(),
      username: `member${index}`,
    }));
    const channels = new Map<string, string>();
    const store = await openStore(storeUrlIn(folder));
    const members = new ReminderService(store, () => new Date(DUE - 86_400_000), 0);
    for (let i = 0; i < users.length; i += 100) {
      await Promise.all(
        users.slice(i, i + 100).map(async (user) => {
          const channelId = fake.dmChannelId(user);
          channels.set(channelId, user.id);
          await members.choose(user.id, { kinds: { premiere: true }, locale: 'en-US' });
          await store.set(deliveryKey(user.id), {
            handled: [],
            dmChannelId: channelId,
          } satisfies DeliveryRecord);
        }),
      );
    }
    await store.close();
    const seedSeconds = (performance.now() - seeding) / 1000;

    const { bot, stop } = await startBenchBot(fake, folder, now, dataDir);
    try {
      await bot.reminders.delivery?.idle();
      console.log(`  ours: seeded ${MEMBERS} members in ${fixed(seedSeconds)} s; bot started`);
      const from = fake.requests.length;
      const rateLimited = fake.rateLimited;
      const startedAt = Date.now();
      clock = () => new Date(DUE + (Date.now() - startedAt));
      const timer = setInterval(() => {
        const sent = fake.requests.slice(from).filter((r) => r.status === 200).length;
        console.log(`    ${fixed((Date.now() - startedAt) / 1000, 0)} s: ${sent} delivered`);
      }, 30_000);
      bot.reminders.tick();
      await bot.reminders.delivery?.idle();
      clearInterval(timer);

      const requests = fake.requests.slice(from);
      const { ok, perChannel } = postsPerChannel(fake, from);
      let duplicates = 0;
      let missing = 0;
      for (const [channel] of channels) {
        const attempts = perChannel.get(channel) ?? 0;
        const messages = attempts > 1 ? fake.channelMessages(channel).length : attempts;
        if (messages === 0) missing++;
        duplicates += Math.max(0, messages - 1);
      }
      const last = ok.reduce((latest, request) => Math.max(latest, request.at), startedAt);
      const seconds = (last - startedAt) / 1000;
      const opened = requests.filter((r) => r.route === '/users/@me/channels').length;
      const tooMany = fake.rateLimited - rateLimited;
      console.log(
        `  ours: ${MEMBERS - missing} reminded in ${fixed(seconds)} s with ${requests.length} requests ` +
          `(${opened} DM channels opened), ${tooMany} × 429, ${duplicates} duplicates, ${missing} missing`,
      );
      await sleep(1000);
      const bare = await bareBot();
      console.log(
        `  bare: ${MEMBERS - bare.missing} DMs in ${fixed(bare.seconds)} s, ${bare.rateLimited} × 429, ${bare.missing} missing`,
      );
      report.add({
        figure: `${MEMBERS.toLocaleString('en-US')} reminders: time to the last one`,
        ours: `${fixed(seconds)} s (${fixed(seconds / FLOOR_SECONDS, 3)}× floor)`,
        bare: `${fixed(bare.seconds)} s (${fixed(bare.seconds / FLOOR_SECONDS, 3)}× floor)`,
        ratio: ratio(seconds, bare.seconds),
        target: `≤ ${TIME_TARGET}× ${FLOOR_SECONDS} s = ${TIME_TARGET * FLOOR_SECONDS} s`,
        met: seconds <= TIME_TARGET * FLOOR_SECONDS && missing === 0,
      });
      report.add({
        figure: 'Reminders: requests / 429 / duplicates / missing',
        ours: `${requests.length} / ${tooMany} / ${duplicates} / ${missing}`,
        bare: `${bare.requests} / ${bare.rateLimited} / - / ${bare.missing}`,
        target: `${MEMBERS} / 0 / 0 / 0`,
        met: requests.length === MEMBERS && tooMany === 0 && duplicates === 0 && missing === 0,
      });
    } finally {
      await stop();
    }
  } finally {
    await fake.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** discord.js's REST client alone: as many DMs as there are members, at once, to channels the fake knows. */
async function bareBot(): Promise<{
  seconds: number;
  rateLimited: number;
  missing: number;
  requests: number;
}> {
  const fake = await FakeDiscord.start({ globalRateLimit: GLOBAL_LIMIT });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.rest.setToken(fake.token);
  try {
    const channels = Array.from({ length: MEMBERS }, (_, index) =>
      fake.dmChannelId({ id: snowflake(), username: `member${index}` }),
    );
    const from = fake.requests.length;
    const startedAt = Date.now();
    await Promise.all(
      channels.map((channel) =>
        client.rest.post(Routes.channelMessages(channel), {
          body: { content: 'Purple Hearts 2 is out now!' },
        }),
      ),
    );
    const ok = fake.requests.slice(from).filter((r) => r.status === 200);
    const last = ok.reduce((latest, request) => Math.max(latest, request.at), startedAt);
    return {
      seconds: (last - startedAt) / 1000,
      rateLimited: fake.rateLimited,
      missing: MEMBERS - ok.length,
      requests: fake.requests.length - from,
    };
  } finally {
    await client.destroy();
    await fake.close();
  }
}

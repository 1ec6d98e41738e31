/**
 * Figure 2: scheduled posts. 10,000 servers have their countdown due in the same minute and the fake Discord
 * enforces Discord's global limit of 50 requests a second, so 10,000 posts cannot take less than 200 s.
 *
 * Our bot runs in this process through `startBot` with an injected clock: settings are seeded in its SQLite store
 * first (#general, on, 10:01 UTC, a server release date in the future), the bot starts at 10:00 (READY with
 * 10,000 GUILD_CREATEs, then it plans every server), then the clock moves to 10:01 and runs on in real time, the
 * scheduler ticks once, and the figure is the time from that tick to the last message the fake created. The bare
 * bot is discord.js's REST client alone, sending the same 10,000 messages at once to a fresh fake with the same
 * limit, so the difference is what the bot's scheduler adds to discord.js's own pacing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, GatewayIntentBits, Routes } from 'discord.js';
import { FakeDiscord, type FakeGuild, type RecordedRequest } from '../../tests/support/fake-discord.js';
import { benchGuilds, generalChannel } from './guilds.js';
import { seedCountdownPosts, startBenchBot } from './bench-bot.js';
import { heading, ratio, type Report } from './report.js';
import { fixed, scaled, sleep } from './stats.js';

const SERVERS = scaled(10_000);
const GLOBAL_LIMIT = 50;
const FLOOR_SECONDS = SERVERS / GLOBAL_LIMIT;
const TIME_TARGET = 1.05;
const DUE = Date.parse('2026-11-25T10:01:00Z');

export interface PostsResult {
  seconds: number;
  delivered: number;
  rateLimited: number;
  duplicates: number;
  missing: number;
}

/**
 * The message POSTs that succeeded from the fake's request `from` on, and how many of them in each channel (only
 * where more than one did can a channel hold a duplicate).
 */
export function postsPerChannel(
  fake: FakeDiscord,
  from: number,
): { ok: RecordedRequest[]; perChannel: Map<string, number> } {
  const posts = fake.requests
    .slice(from)
    .filter((r: RecordedRequest) => r.method === 'POST' && r.route === '/channels/:channel/messages');
  const ok = posts.filter((r) => r.status === 200);
  const perChannel = new Map<string, number>();
  for (const request of ok) {
    const channel = request.path.split('/')[2] ?? '';
    perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
  }
  return { ok, perChannel };
}

/** Counts what reached the fake: messages per channel from the successful POSTs (a nonce repeat is not new). */
export function delivery(
  fake: FakeDiscord,
  guilds: FakeGuild[],
  from: number,
  startedAt: number,
  rateLimited: number,
) {
  const { ok, perChannel } = postsPerChannel(fake, from);
  let duplicates = 0;
  let missing = 0;
  for (const guild of guilds) {
    const channel = generalChannel(guild);
    const attempts = perChannel.get(channel) ?? 0;
    // Only where more than one POST succeeded can there be a second message: ask the fake what the channel holds.
    const messages = attempts > 1 ? fake.channelMessages(channel).length : attempts;
    if (messages === 0) missing++;
    duplicates += Math.max(0, messages - 1);
  }
  const last = ok.reduce((latest, request) => Math.max(latest, request.at), startedAt);
  return {
    seconds: (last - startedAt) / 1000,
    delivered: guilds.length - missing,
    rateLimited: fake.rateLimited - rateLimited,
    duplicates,
    missing,
  };
}

/** Prints how many posts have gone out every 30 s while a run lasts. */
export function progress(fake: FakeDiscord, from: number, startedAt: number): () => void {
  const timer = setInterval(() => {
    const sent = fake.requests
      .slice(from)
      .filter(
        (r) => r.method === 'POST' && r.route === '/channels/:channel/messages' && r.status === 200,
      ).length;
    console.log(`    ${fixed((Date.now() - startedAt) / 1000, 0)} s: ${sent} delivered`);
  }, 30_000);
  return () => clearInterval(timer);
}

async function ourBot(): Promise<
  PostsResult & { startSeconds: number; seedSeconds: number; guilds: number }
> {
  const guilds = benchGuilds(SERVERS);
  const fake = await FakeDiscord.start({ guilds, globalRateLimit: GLOBAL_LIMIT });
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-bench-posts-'));
  let clock = () => new Date(DUE - 60_000);
  const now = () => clock();
  try {
    const seeding = performance.now();
    await seedCountdownPosts(folder, guilds, now, { countdownTime: '10:01', releaseDate: '2027-02-14' });
    const seedSeconds = (performance.now() - seeding) / 1000;

    const starting = performance.now();
    const { bot, stop } = await startBenchBot(fake, folder, now);
    try {
      await bot.countdown.idle();
      const startSeconds = (performance.now() - starting) / 1000;
      console.log(
        `  ours: seeded in ${fixed(seedSeconds)} s; started with ${bot.client.guilds.cache.size} servers in ${fixed(startSeconds)} s`,
      );

      const from = fake.requests.length;
      const rateLimited = fake.rateLimited;
      const startedAt = Date.now();
      clock = () => new Date(DUE + (Date.now() - startedAt));
      const stopProgress = progress(fake, from, startedAt);
      bot.countdown.tick();
      await bot.countdown.idle();
      stopProgress();
      return {
        ...delivery(fake, guilds, from, startedAt, rateLimited),
        startSeconds,
        seedSeconds,
        guilds: bot.client.guilds.cache.size,
      };
    } finally {
      await stop();
    }
  } finally {
    await fake.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** discord.js's REST client alone, sending as many messages as there are servers, at once. */
export async function bareBot(): Promise<PostsResult> {
  const guilds = benchGuilds(SERVERS);
  const fake = await FakeDiscord.start({ guilds, globalRateLimit: GLOBAL_LIMIT });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.rest.setToken(fake.token);
  try {
    const from = fake.requests.length;
    const rateLimited = fake.rateLimited;
    const startedAt = Date.now();
    const stopProgress = progress(fake, from, startedAt);
    await Promise.all(
      guilds.map((guild, index) =>
        client.rest.post(Routes.channelMessages(generalChannel(guild)), {
          body: { content: `Purple Hearts 2: countdown post ${index + 1}` },
        }),
      ),
    );
    stopProgress();
    return delivery(fake, guilds, from, startedAt, rateLimited);
  } finally {
    await client.destroy();
    await fake.close();
  }
}

export async function postsPhase(report: Report): Promise<void> {
  heading(
    `Scheduled posts: ${SERVERS.toLocaleString('en-US')} servers due in the same minute, ${GLOBAL_LIMIT} requests/s (${Math.ceil((2 * FLOOR_SECONDS) / 60)}+ min)`,
  );
  const ours = await ourBot();
  console.log(
    `  ours: ${ours.delivered} delivered in ${fixed(ours.seconds)} s, ${ours.rateLimited} × 429, ` +
      `${ours.duplicates} duplicates, ${ours.missing} missing`,
  );
  await sleep(1000);
  const bare = await bareBot();
  console.log(
    `  bare: ${bare.delivered} delivered in ${fixed(bare.seconds)} s, ${bare.rateLimited} × 429, ` +
      `${bare.duplicates} duplicates, ${bare.missing} missing`,
  );
  report.add({
    figure: `${SERVERS.toLocaleString('en-US')} posts: time to the last one`,
    ours: `${fixed(ours.seconds)} s (${fixed(ours.seconds / FLOOR_SECONDS, 3)}× floor)`,
    bare: `${fixed(bare.seconds)} s (${fixed(bare.seconds / FLOOR_SECONDS, 3)}× floor)`,
    ratio: ratio(ours.seconds, bare.seconds),
    target: `≤ ${TIME_TARGET}× ${FLOOR_SECONDS} s = ${TIME_TARGET * FLOOR_SECONDS} s`,
    met: ours.seconds <= TIME_TARGET * FLOOR_SECONDS && ours.missing === 0,
  });
  report.add({
    figure: 'Posts: 429 responses',
    ours: String(ours.rateLimited),
    bare: String(bare.rateLimited),
    target: '0',
    met: ours.rateLimited === 0,
  });
  report.add({
    figure: 'Posts: duplicates / missing',
    ours: `${ours.duplicates} / ${ours.missing}`,
    bare: `${bare.duplicates} / ${bare.missing}`,
    target: '0 duplicates',
    met: ours.duplicates === 0,
  });
  report.add({
    figure: `Posts: start-up with ${SERVERS.toLocaleString('en-US')} servers (in-process, until planned)`,
    ours: `${fixed(ours.startSeconds)} s, ${ours.guilds} servers`,
  });
}

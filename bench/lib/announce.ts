/**
 * Figure: a release announcement. 10,000 servers have their countdown posts on (and no date of their own); the
 * operator sets a premiere date, and every server gets one announcement. The fake Discord enforces Discord's
 * global limit of 50 requests a second, so 10,000 announcements cannot take less than 200 s.
 *
 * Measured like the scheduled posts (posts.ts): settings seeded in the store, the bot started in this process
 * with an injected clock; the operator's change is made through the bot's timeline (as `/operator release set`
 * does), the re-plan of every server is timed, then the clock jumps to the end of the announcement delay and runs
 * on in real time, the release posts tick once, and the figure is the time from that tick to the last message
 * the fake created. The bare bot is the posts phase's, run right after on the same machine: discord.js's REST
 * client alone sending 10,000 messages at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ANNOUNCE_DELAY_MS } from '../../src/release/timeline.js';
import { FakeDiscord } from '../../tests/support/fake-discord.js';
import { benchGuilds } from './guilds.js';
import { bareBot, delivery, progress } from './posts.js';
import { seedCountdownPosts, startBenchBot } from './bench-bot.js';
import { heading, ratio, type Report } from './report.js';
import { fixed, scaled, sleep } from './stats.js';

const SERVERS = scaled(10_000);
const GLOBAL_LIMIT = 50;
const FLOOR_SECONDS = SERVERS / GLOBAL_LIMIT;
const TIME_TARGET = 1.05;
const CHANGE = Date.parse('2026-12-06T10:00:00Z');

export async function announcePhase(report: Report): Promise<void> {
  heading(
    `Release announcement: ${SERVERS.toLocaleString('en-US')} servers, ${GLOBAL_LIMIT} requests/s (${Math.ceil(FLOOR_SECONDS / 60)}+ min)`,
  );
  const guilds = benchGuilds(SERVERS);
  const fake = await FakeDiscord.start({ guilds, globalRateLimit: GLOBAL_LIMIT });
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-bench-announce-'));
  let clock = () => new Date(CHANGE - 60_000);
  const now = () => clock();
  try {
    await seedCountdownPosts(folder, guilds, now, { countdownTime: '09:00' });

    const { bot, stop } = await startBenchBot(fake, folder, now);
    try {
      await Promise.all([bot.countdown.idle(), bot.releasePosts.idle()]);
      clock = () => new Date(CHANGE);
      const replanning = performance.now();
      await bot.release.setRelease(
        'bench',
        {
          kind: 'premiere',
          date: '2027-02-14',
          time: '20:00',
          timeZone: 'America/New_York',
          source: 'Netflix (benchmark)',
          by: 'bench',
          at: new Date(CHANGE).toISOString(),
        },
        'Netflix (benchmark)',
      );
      await Promise.all([bot.countdown.idle(), bot.releasePosts.idle()]);
      const replanSeconds = (performance.now() - replanning) / 1000;
      console.log(
        `  ours: ${bot.releasePosts.plannedCount()} servers re-planned in ${fixed(replanSeconds)} s after the change`,
      );

      const from = fake.requests.length;
      const rateLimited = fake.rateLimited;
      const startedAt = Date.now();
      const due = CHANGE + DEFAULT_ANNOUNCE_DELAY_MS;
      clock = () => new Date(due + (Date.now() - startedAt));
      const stopProgress = progress(fake, from, startedAt);
      bot.releasePosts.tick();
      await bot.releasePosts.idle();
      stopProgress();
      const result = delivery(fake, guilds, from, startedAt, rateLimited);
      console.log(
        `  ours: ${result.delivered} delivered in ${fixed(result.seconds)} s, ${result.rateLimited} × 429, ` +
          `${result.duplicates} duplicates, ${result.missing} missing`,
      );
      // The same number of plain messages from discord.js alone, right after, on the machine as it is now.
      await sleep(1000);
      // On a machine loaded enough, the bare bot's own connections time out: our figure is kept all the same.
      const bare = await bareBot().catch((error: unknown) => {
        report.note(
          `announce: the bare bot failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      });
      if (bare !== undefined) {
        console.log(
          `  bare: ${bare.delivered} delivered in ${fixed(bare.seconds)} s, ${bare.rateLimited} × 429, ` +
            `${bare.duplicates} duplicates, ${bare.missing} missing`,
        );
      }
      report.add({
        figure: `${SERVERS.toLocaleString('en-US')} announcements: time to the last one`,
        ours: `${fixed(result.seconds)} s (${fixed(result.seconds / FLOOR_SECONDS, 3)}× floor)`,
        ...(bare === undefined
          ? {}
          : {
              bare: `${fixed(bare.seconds)} s (${fixed(bare.seconds / FLOOR_SECONDS, 3)}× floor)`,
              ratio: ratio(result.seconds, bare.seconds),
            }),
        target: `≤ ${TIME_TARGET}× ${FLOOR_SECONDS} s = ${TIME_TARGET * FLOOR_SECONDS} s`,
        met: result.seconds <= TIME_TARGET * FLOOR_SECONDS && result.missing === 0,
      });
      report.add({
        figure: 'Announcements: 429 responses / duplicates / missing',
        ours: `${result.rateLimited} / ${result.duplicates} / ${result.missing}`,
        ...(bare === undefined ? {} : { bare: `${bare.rateLimited} / ${bare.duplicates} / ${bare.missing}` }),
        target: '0 / 0 / 0',
        met: result.rateLimited === 0 && result.duplicates === 0 && result.missing === 0,
      });
      report.add({
        figure: `Announcements: re-plan of ${SERVERS.toLocaleString('en-US')} servers after the change`,
        ours: `${fixed(replanSeconds)} s`,
      });
    } finally {
      await stop();
    }
  } finally {
    await fake.close();
    await rm(folder, { recursive: true, force: true });
  }
}

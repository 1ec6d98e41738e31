/**
 * Figure 4: the settings store. Settings reads and writes per second through the bot's own `openStore` and
 * `GuildSettingsService`, on SQLite always, and on Redis and PostgreSQL when TEST_REDIS_URL / TEST_POSTGRES_URL
 * name a server (`eval "$(.ci/services.sh start)"` starts both locally). Reads are cold: a new service for each
 * pass over the servers, so its in-memory cache never answers. Writes are `update` of one setting to a new value
 * (a store read the first time, then one store write each). Each is run one at a time and with 32 in flight.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GuildSettingsService, guildSettingsKey } from '../../src/settings/service.js';
import { openStore, type Store } from '../../src/store.js';
import { snowflake } from '../../tests/support/fake-discord.js';
import { heading, type Report } from './report.js';

const SERVERS = 1_000;
const DURATION_MS = 3_000;
const CONCURRENCY = [1, 32] as const;

/** Runs `op(k)` for k = 0, 1, 2… with `concurrency` in flight until `DURATION_MS` has passed; ops per second. */
async function throughput(concurrency: number, op: (k: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() - start < DURATION_MS) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return next / ((performance.now() - start) / 1000);
}

interface StoreFigures {
  reads: number[];
  writes: number[];
}

async function measure(store: Store): Promise<StoreFigures> {
  const guilds = Array.from({ length: SERVERS }, () => snowflake());
  const now = () => new Date();
  const seed = new GuildSettingsService(store, now);
  for (const guildId of guilds) {
    await seed.update(guildId, 'bench', {
      countdownChannel: snowflake(),
      countdownEnabled: true,
      countdownTime: '18:00',
      countdownTimezone: 'Europe/London',
      releaseDate: '2027-02-14',
    });
  }
  const figures: StoreFigures = { reads: [], writes: [] };
  try {
    for (const concurrency of CONCURRENCY) {
      // Cold reads: every pass over the servers uses a fresh service, so each read reaches the store.
      let reader = new GuildSettingsService(store, now);
      figures.reads.push(
        await throughput(concurrency, (k) => {
          if (k % SERVERS === 0) reader = new GuildSettingsService(store, now);
          return reader.get(guilds[k % SERVERS] ?? '');
        }),
      );
      const writer = new GuildSettingsService(store, now);
      figures.writes.push(
        await throughput(concurrency, (k) =>
          // Each pass flips the time, so every update changes a value and writes.
          writer.update(guilds[k % SERVERS] ?? '', 'bench', {
            countdownTime: Math.floor(k / SERVERS) % 2 === 0 ? '09:30' : '18:00',
          }),
        ),
      );
    }
  } finally {
    for (const guildId of guilds) await store.delete(guildSettingsKey(guildId));
  }
  return figures;
}

export async function storePhase(report: Report): Promise<void> {
  heading(`Store: settings reads and writes per second (${SERVERS} servers, ${DURATION_MS / 1000} s each)`);
  const folder = await mkdtemp(path.join(tmpdir(), 'phb-bench-store-'));
  const stores: { name: string; url: string | undefined; variable?: string }[] = [
    { name: 'SQLite', url: `sqlite://${path.join(folder, 'store.sqlite')}` },
    { name: 'Redis', url: process.env.TEST_REDIS_URL, variable: 'TEST_REDIS_URL' },
    { name: 'PostgreSQL', url: process.env.TEST_POSTGRES_URL, variable: 'TEST_POSTGRES_URL' },
  ];
  try {
    for (const { name, url, variable } of stores) {
      if (url === undefined || url === '') {
        report.note(`${name}: not measured: set ${variable ?? 'its URL'} (eval "$(.ci/services.sh start)")`);
        continue;
      }
      const store = await openStore(url);
      let figures: StoreFigures;
      try {
        figures = await measure(store);
      } finally {
        await store.close();
      }
      const perSecond = (values: number[]) =>
        values.map((value) => Math.round(value).toLocaleString('en-US')).join(' / ');
      console.log(
        `  ${name}: cold reads ${perSecond(figures.reads)}/s, writes ${perSecond(figures.writes)}/s ` +
          `(${CONCURRENCY.join(' / ')} in flight)`,
      );
      report.add({
        figure: `${name}: settings reads/s, cold (1 / 32 in flight)`,
        ours: perSecond(figures.reads),
      });
      report.add({
        figure: `${name}: settings writes/s (1 / 32 in flight)`,
        ours: perSecond(figures.writes),
      });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

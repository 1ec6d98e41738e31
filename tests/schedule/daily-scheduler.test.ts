import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  DailyScheduler,
  nextPost,
  postNonce,
  type DailyJob,
  type DailyPlan,
} from '../../src/schedule/daily-scheduler.js';
import type { KeyValueStore } from '../../src/store.js';
import { useTempSqliteStore } from '../support/temp-sqlite.js';

const GUILD = '100000000000000001';
const MINUTE = 60_000;

const sqlite = useTempSqliteStore('schedule');
let clock: Date;
const logger = createLogger({ level: 'silent' });

interface Post {
  guildId: string;
  date: string;
  nonce: string;
  at: string;
}

/** A job whose plan is fixed per test and whose posts are recorded; `fail` makes the next posts throw. */
function recordingJob(plan: DailyPlan) {
  const posts: Post[] = [];
  const job = {
    name: 'countdown',
    plan: (): Promise<DailyPlan> => Promise.resolve(job.currentPlan),
    currentPlan: plan,
    fail: [] as unknown[],
    inFlight: 0,
    maxInFlight: 0,
    attempts: 0,
    async post(guildId: string, date: string, nonce: string) {
      job.attempts++;
      job.inFlight++;
      job.maxInFlight = Math.max(job.maxInFlight, job.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      job.inFlight--;
      const failure = job.fail.shift();
      if (failure !== undefined) throw failure as Error;
      posts.push({ guildId, date, nonce, at: clock.toISOString() });
    },
  } satisfies DailyJob & Record<string, unknown>;
  return { job, posts };
}

function scheduler(job: DailyJob, on: KeyValueStore = sqlite.store): DailyScheduler {
  return new DailyScheduler({ job, store: on, now: () => clock, logger });
}

/** The real store underneath, counting reads. */
function countingReads(inner: KeyValueStore) {
  const counted = { reads: 0 };
  const wrapped: KeyValueStore = {
    get: <Value>(key: string) => {
      counted.reads++;
      return inner.get<Value>(key);
    },
    getMany: <Value>(keys: readonly string[]) => {
      counted.reads += keys.length;
      return inner.getMany<Value>(keys);
    },
    set: (key, value) => inner.set(key, value),
    delete: (key) => inner.delete(key),
  };
  return { store: wrapped, counted };
}

const guildIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => String(200000000000000000n + BigInt(i)));

/** Advances the clock minute by minute to `until`, ticking like the bot's cron does. */
async function runUntil(s: DailyScheduler, until: string): Promise<void> {
  const end = Date.parse(until);
  while (clock.getTime() < end) {
    clock = new Date(clock.getTime() + MINUTE);
    s.tick();
    await s.idle();
  }
}

const planned = (time: string, timeZone: string) => ({ kind: 'planned' as const, time, timeZone });
/** Why a job is idle, as jobs say it: by message key, said later in the reader's language. */
const OFF = { key: 'schedule.idle.countdownOff' } as const;

describe('nextPost', () => {
  const fresh = { lastDate: null, since: '2026-01-01T00:00:00Z' };

  it('keeps the local wall-clock time on both sides of a daylight-saving change', () => {
    const plan = planned('09:00', 'America/New_York');
    const done = (lastDate: string) => ({ ...fresh, lastDate });
    expect(nextPost(plan, done('2026-03-07'), new Date('2026-03-07T15:00:00Z'))).toMatchObject({
      date: '2026-03-08',
      at: new Date('2026-03-08T13:00:00Z'),
    });
    expect(nextPost(plan, done('2026-03-06'), new Date('2026-03-06T15:00:00Z'))).toMatchObject({
      date: '2026-03-07',
      at: new Date('2026-03-07T14:00:00Z'),
    });
  });

  it('moves a time that does not exist on a spring-forward day to the first valid minute after', () => {
    const plan = planned('02:30', 'America/New_York');
    const record = { ...fresh, lastDate: '2026-03-07' };
    expect(nextPost(plan, record, new Date('2026-03-08T05:00:00Z'))).toMatchObject({
      date: '2026-03-08',
      at: new Date('2026-03-08T07:00:00Z'),
    });
  });

  it('counts a day as done once, whatever the instant', () => {
    const plan = planned('01:30', 'America/New_York');
    const done = { lastDate: '2026-11-01', since: fresh.since };
    expect(nextPost(plan, done, new Date('2026-11-01T06:10:00Z'))).toMatchObject({ date: '2026-11-02' });
  });

  it('catches up a post less than 6 hours late and gives up on an older one', () => {
    const plan = planned('09:00', 'Etc/UTC');
    const record = { lastDate: '2026-05-01', since: fresh.since };
    expect(nextPost(plan, record, new Date('2026-05-02T14:59:00Z'))).toMatchObject({
      date: '2026-05-02',
      late: true,
    });
    expect(nextPost(plan, record, new Date('2026-05-02T15:01:00Z'))).toEqual({
      skip: '2026-05-02',
      at: new Date('2026-05-02T09:00:00Z'),
    });
  });

  it('catches up yesterday’s late-evening post shortly after midnight', () => {
    const plan = planned('23:30', 'Etc/UTC');
    const record = { lastDate: '2026-05-01', since: fresh.since };
    expect(nextPost(plan, record, new Date('2026-05-03T01:00:00Z'))).toMatchObject({
      date: '2026-05-02',
      late: true,
    });
  });

  it('does not treat times before the plan started as missed', () => {
    const plan = planned('09:00', 'Etc/UTC');
    const record = { lastDate: null, since: '2026-05-02T10:00:00Z' };
    expect(nextPost(plan, record, new Date('2026-05-02T10:00:00Z'))).toMatchObject({
      date: '2026-05-03',
      late: false,
    });
  });
});

describe('DailyScheduler', () => {
  it.each([
    [
      'America/New_York',
      '2026-03-07T12:00:00Z',
      '2026-03-09T12:00:00Z',
      '02:30',
      ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
    ],
    [
      'America/New_York',
      '2026-10-31T12:00:00Z',
      '2026-11-02T12:00:00Z',
      '01:30',
      ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
    [
      'Europe/London',
      '2026-03-28T12:00:00Z',
      '2026-03-30T12:00:00Z',
      '01:15',
      ['2026-03-29T01:00:00.000Z', '2026-03-30T00:15:00.000Z'],
    ],
    [
      'Europe/London',
      '2026-10-24T12:00:00Z',
      '2026-10-26T12:00:00Z',
      '01:15',
      ['2026-10-25T00:15:00.000Z', '2026-10-26T01:15:00.000Z'],
    ],
    [
      'Australia/Sydney',
      '2026-04-04T00:00:00Z',
      '2026-04-06T00:00:00Z',
      '02:30',
      ['2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z'],
    ],
    [
      'Australia/Sydney',
      '2026-10-03T00:00:00Z',
      '2026-10-05T00:00:00Z',
      '02:30',
      ['2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'],
    ],
  ])(
    'in %s posts once a local day across the change, ticking every minute',
    async (timeZone, from, until, time, expected) => {
      clock = new Date(from);
      const { job, posts } = recordingJob(planned(time, timeZone));
      const s = scheduler(job);
      await s.track([GUILD]);
      await runUntil(s, until);
      expect(posts.map((post) => post.at)).toEqual(expected);
    },
  );

  it('posts exactly once when restarted before and after the post time', async () => {
    clock = new Date('2026-05-01T08:58:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    for (const until of [
      '2026-05-01T08:59:00Z',
      '2026-05-01T09:00:00Z',
      '2026-05-01T09:01:00Z',
      '2026-05-01T09:05:00Z',
    ]) {
      const s = scheduler(job);
      await s.track([GUILD]);
      s.tick();
      await s.idle();
      await runUntil(s, until);
      await s.stop();
    }
    expect(posts.map((post) => post.date)).toEqual(['2026-05-01']);
  });

  it('sends a post missed while down for less than 6 hours at start-up, and skips an older one', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    await scheduler(job).track([GUILD]);
    clock = new Date('2026-05-01T14:00:00Z');
    const late = scheduler(job);
    await late.track([GUILD]);
    late.tick();
    await late.idle();
    expect(posts.map((post) => post.at)).toEqual(['2026-05-01T14:00:00.000Z']);

    clock = new Date('2026-05-02T15:30:00Z');
    const tooLate = scheduler(job);
    await tooLate.track([GUILD]);
    tooLate.tick();
    await tooLate.idle();
    expect(posts).toHaveLength(1);
    expect(await tooLate.status(GUILD)).toMatchObject({ state: 'planned', date: '2026-05-03' });
  });

  it('does not post at once when a schedule is created after today’s time', async () => {
    clock = new Date('2026-05-01T10:00:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    const s = scheduler(job);
    await s.track([GUILD]);
    await runUntil(s, '2026-05-02T08:59:00Z');
    expect(posts).toEqual([]);
    await runUntil(s, '2026-05-02T09:00:00Z');
    expect(posts.map((post) => post.date)).toEqual(['2026-05-02']);
  });

  it('resends an interrupted post with the same nonce soon after a crash, and not at all later', async () => {
    clock = new Date('2026-05-01T09:00:30Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    const key = `schedule:countdown:${GUILD}`;
    const crashed = {
      lastDate: '2026-04-30',
      since: '2026-04-01T00:00:00Z',
      planKey: '09:00 Etc/UTC',
      sending: { date: '2026-05-01', at: '2026-05-01T09:00:00Z' },
    };
    await sqlite.store.set(key, crashed);
    const soon = scheduler(job);
    await soon.track([GUILD]);
    soon.tick();
    await soon.idle();
    expect(posts).toEqual([
      {
        guildId: GUILD,
        date: '2026-05-01',
        nonce: postNonce('countdown', GUILD, '2026-05-01'),
        at: clock.toISOString(),
      },
    ]);

    await sqlite.store.set(key, crashed);
    clock = new Date('2026-05-01T09:05:00Z');
    const later = scheduler(job);
    await later.track([GUILD]);
    later.tick();
    await later.idle();
    expect(posts).toHaveLength(1);
    expect(await sqlite.store.get(key)).toMatchObject({ lastDate: '2026-05-01' });
  });

  it('retries a failure that may pass with the same nonce', async () => {
    clock = new Date('2026-05-01T08:59:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    job.fail.push(new Error('socket hang up'));
    const s = scheduler(job);
    await s.track([GUILD]);
    await runUntil(s, '2026-05-01T09:03:00Z');
    expect(posts.map((post) => [post.date, post.at])).toEqual([['2026-05-01', '2026-05-01T09:01:00.000Z']]);
  });

  it('disables the schedule on 403 Missing Permissions, never retries, and re-enables on a settings change', async () => {
    clock = new Date('2026-05-01T08:59:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Etc/UTC'));
    job.fail.push(
      new DiscordAPIError(
        { code: 50013, message: 'Missing Permissions' },
        50013,
        403,
        'POST',
        '/channels/1/messages',
        {
          body: undefined,
          files: undefined,
        },
      ),
    );
    const s = scheduler(job);
    await s.track([GUILD]);
    await runUntil(s, '2026-05-03T12:00:00Z');
    expect(posts).toEqual([]);
    expect(job.attempts).toBe(1);
    expect(await s.status(GUILD)).toMatchObject({
      state: 'disabled',
      reason: { key: 'schedule.refused.missingPermissions' },
    });
    // A restart keeps it disabled.
    const again = scheduler(job);
    await again.track([GUILD]);
    expect(await again.status(GUILD)).toMatchObject({ state: 'disabled' });
    await again.refresh(GUILD, { reenable: true });
    expect(await again.status(GUILD)).toMatchObject({ state: 'planned', date: '2026-05-04' });
  });

  it('still says why posts stopped for a record kept before refusals were stored by kind, in its English words', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    const { job } = recordingJob(planned('09:00', 'Etc/UTC'));
    const disabled = {
      reason: 'the channel no longer exists (Unknown Channel)',
      at: '2026-04-30T09:00:00.000Z',
    };
    await sqlite.store.set(`schedule:countdown:${GUILD}`, {
      lastDate: '2026-04-29',
      since: '2026-04-01T00:00:00.000Z',
      planKey: '09:00 Etc/UTC',
      disabled,
    });
    expect(await scheduler(job).status(GUILD)).toEqual({
      state: 'disabled',
      reason: { key: 'schedule.refused.other', values: { words: disabled.reason } },
      since: new Date(disabled.at),
    });
  });

  it('idles while the job has nothing to post, and says why', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    const { job, posts } = recordingJob({ kind: 'idle', reason: OFF });
    const s = scheduler(job);
    await s.track([GUILD]);
    await runUntil(s, '2026-05-01T10:00:00Z');
    expect(posts).toEqual([]);
    expect(await s.status(GUILD)).toEqual({ state: 'idle', reason: OFF });
  });

  it('posts for 10,000 servers due in the same minute, each once, with bounded concurrency', async () => {
    clock = new Date('2026-05-01T08:59:00Z');
    const { job, posts } = recordingJob(planned('09:00', 'Europe/Paris'));
    job.currentPlan = planned('11:00', 'Europe/Paris');
    const s = scheduler(job);
    const guilds = guildIds(10_000);
    await s.track(guilds);
    await runUntil(s, '2026-05-01T09:02:00Z');
    expect(posts).toHaveLength(10_000);
    expect(new Set(posts.map((post) => post.guildId)).size).toBe(10_000);
    expect(job.maxInFlight).toBeLessThanOrEqual(25);
  });

  it('reads no schedule record at start-up for servers whose posts are off, and still says why', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    const { job } = recordingJob({ kind: 'idle', reason: OFF });
    const { store: counted, counted: calls } = countingReads(sqlite.store);
    const s = scheduler(job, counted);
    await s.track(guildIds(1_000));
    expect(calls.reads).toBe(0);
    expect(await s.status(guildIds(1)[0] ?? '')).toEqual({
      state: 'idle',
      reason: OFF,
    });
  });

  it('plans servers at start-up several at a time, at most 16', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    let inFlight = 0;
    let maxInFlight = 0;
    const job: DailyJob = {
      name: 'countdown',
      async plan() {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return planned('09:00', 'Etc/UTC');
      },
      post: () => Promise.resolve(),
    };
    const s = scheduler(job);
    await s.track(guildIds(100));
    expect(maxInFlight).toBe(16);
    expect(await s.status(guildIds(100)[99] ?? '')).toMatchObject({ state: 'planned', date: '2026-05-01' });
  });

  it('starts posting when a server turns its posts on, and stops when it turns them off', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    const { job, posts } = recordingJob({ kind: 'idle', reason: OFF });
    const s = scheduler(job);
    await s.track([GUILD]);
    job.currentPlan = planned('09:00', 'Etc/UTC');
    expect(await s.status(GUILD)).toEqual({ state: 'idle', reason: { key: 'schedule.idle.notTracked' } });
    await s.refresh(GUILD);
    expect(await s.status(GUILD)).toMatchObject({ state: 'planned', date: '2026-05-01' });
    await runUntil(s, '2026-05-01T10:00:00Z');
    expect(posts.map((post) => post.date)).toEqual(['2026-05-01']);
    job.currentPlan = { kind: 'idle', reason: OFF };
    await s.refresh(GUILD);
    await runUntil(s, '2026-05-02T10:00:00Z');
    expect(posts).toHaveLength(1);
    expect(await s.status(GUILD)).toEqual({ state: 'idle', reason: OFF });
  });

  it('stops start-up planning at the first failure and reports it', async () => {
    clock = new Date('2026-05-01T08:00:00Z');
    let planned = 0;
    const job: DailyJob = {
      name: 'countdown',
      async plan(guildId) {
        planned++;
        await new Promise((resolve) => setImmediate(resolve));
        if (guildId === guildIds(1)[0]) throw new Error('store unavailable');
        return { kind: 'idle', reason: OFF };
      },
      post: () => Promise.resolve(),
    };
    await expect(scheduler(job).track(guildIds(1_000))).rejects.toThrow('store unavailable');
    expect(planned).toBeLessThanOrEqual(32);
  });
});

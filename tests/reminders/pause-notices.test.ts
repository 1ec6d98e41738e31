import { beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/schemas.js';
import { createLogger } from '../../src/logger.js';
import { ReminderDelivery } from '../../src/reminders/delivery.js';
import { pauseNoticeKey } from '../../src/reminders/model.js';
import { PAUSE_LIST_KEY } from '../../src/reminders/pause-notices.js';
import type { ReleaseFeed } from '../../src/reminders/release-feed.js';
import { ReminderService } from '../../src/reminders/service.js';
import { MemoryStore } from '../support/memory-store.js';
import { RecordingMessenger } from './support.js';

const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const premiere = '2026-08-28T07:00:00.000Z';
const release: Release = {
  title: 'Purple Hearts 2',
  studio: 'Netflix',
  window: { label: 'late summer 2026', start: '2026-08-01', end: '2026-09-22', reading: 'r' },
  premiere,
  milestones: [],
};
const feed: ReleaseFeed = { release: () => release, latestChange: () => null, onChange: () => undefined };
const logger = createLogger({ level: 'silent' });

let store: MemoryStore;
let clock: Date;
const now = () => clock;
let messenger: RecordingMessenger;
/** The process that delivers (shard 0's), and another process on the same store. */
let deliverers: ReminderService;
let other: ReminderService;
let delivery: ReminderDelivery;

beforeEach(async () => {
  store = new MemoryStore();
  clock = new Date('2026-08-01T00:00:00Z');
  messenger = new RecordingMessenger();
  deliverers = new ReminderService(store, now, 0);
  other = new ReminderService(store, now, 1);
  delivery = new ReminderDelivery({
    store,
    feed,
    messenger,
    now,
    logger,
    shardCount: 2,
    pauseNotices: deliverers.pauseNotices,
  });
  await deliverers.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
  await other.choose(BOB, { kinds: { premiere: true }, locale: 'en-US' });
  // Both processes start up with nobody paused.
  await Promise.all([deliverers.refreshPauseNotices(), other.refreshPauseNotices()]);
});

/** The premiere comes; members whose DMs are closed are paused (Discord's 50007), as in production. */
async function premiereWithClosedDms(...userIds: string[]): Promise<void> {
  for (const userId of userIds) messenger.closed.add(userId);
  clock = new Date(premiere);
  delivery.tick();
  await delivery.idle();
}

describe('the notice that reminders paused', () => {
  it('costs no store read when a member without a notice uses the bot', async () => {
    await premiereWithClosedDms(ALICE);
    await other.refreshPauseNotices();
    const reads = store.reads;
    expect(await other.takePauseNotice(BOB)).toBe(false);
    expect(await deliverers.takePauseNotice(BOB)).toBe(false);
    expect(store.reads).toBe(reads);
  });

  it('is told at once in the delivering process, which paused the member', async () => {
    await premiereWithClosedDms(ALICE);
    expect(messenger.sent.map((dm) => dm.userId)).toEqual([BOB]);
    expect(await deliverers.takePauseNotice(ALICE)).toBe(true);
    expect(await deliverers.takePauseNotice(ALICE)).toBe(false);
  });

  it("is told in another process after that process's minute tick, exactly once", async () => {
    await premiereWithClosedDms(ALICE);
    // Not yet read by the other process: no store read, no notice.
    const reads = store.reads;
    expect(await other.takePauseNotice(ALICE)).toBe(false);
    expect(store.reads).toBe(reads);

    await other.refreshPauseNotices();
    expect(await other.takePauseNotice(ALICE)).toBe(true);
    expect(await other.takePauseNotice(ALICE)).toBe(false);
    // Nor is she told again by the process that paused her, which still listed her.
    expect(await deliverers.takePauseNotice(ALICE)).toBe(false);
    await other.refreshPauseNotices();
    expect(await other.takePauseNotice(ALICE)).toBe(false);
  });

  it("leaves the shared list at the deliverer's next tidy once told, chosen again or stopped", async () => {
    const CAROL = '200000000000000003';
    await other.choose(CAROL, { kinds: { premiere: true }, locale: 'en-US' });
    await premiereWithClosedDms(ALICE, BOB, CAROL);
    expect(await store.get(PAUSE_LIST_KEY)).toEqual([ALICE, BOB, CAROL]);

    await other.refreshPauseNotices();
    expect(await other.takePauseNotice(ALICE)).toBe(true);
    await other.choose(BOB, { kinds: { day: true }, locale: 'en-US' });
    await deliverers.pauseNotices.tidy();
    expect(await store.get(PAUSE_LIST_KEY)).toEqual([CAROL]);

    await other.stop(CAROL);
    await deliverers.pauseNotices.tidy();
    expect(await store.get(PAUSE_LIST_KEY)).toBeUndefined();
    await other.refreshPauseNotices();
    const reads = store.reads;
    for (const member of [ALICE, BOB, CAROL]) expect(await other.takePauseNotice(member)).toBe(false);
    expect(store.reads).toBe(reads);
  });

  it('keeps every member paused in one round on the list, though they are paused concurrently', async () => {
    const many = Array.from({ length: 30 }, (_, index) => String(300000000000000000n + BigInt(index)));
    for (const userId of many) await other.choose(userId, { kinds: { premiere: true }, locale: 'en-US' });
    await premiereWithClosedDms(...many);
    expect(new Set(await store.get<string[]>(PAUSE_LIST_KEY))).toEqual(new Set(many));
    expect(await store.get(pauseNoticeKey(many[0] ?? ''))).toBeDefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Release } from '../../src/content/schemas.js';
import { createLogger } from '../../src/logger.js';
import { reminderNonce, ReminderDelivery } from '../../src/reminders/delivery.js';
import { deliveryKey, pauseNoticeKey, type DeliveryRecord } from '../../src/reminders/model.js';
import { PAUSE_LIST_KEY } from '../../src/reminders/pause-notices.js';
import type { ReleaseFeed } from '../../src/reminders/release-feed.js';
import { ReminderService } from '../../src/reminders/service.js';
import { NONCE_WINDOW_MS } from '../../src/schedule/daily-scheduler.js';
import type { Store } from '../../src/store.js';
import { RecordingMessenger, temporaryStore } from './support.js';

const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const premiere = '2026-08-28T07:00:00.000Z';
const release: Release = {
  title: 'Purple Hearts 2',
  studio: 'Netflix',
  window: {
    label: 'late summer 2026',
    start: '2026-08-01',
    end: '2026-09-22',
    reading: 'the bot reads it so',
  },
  premiere,
  milestones: [],
};
const feed: ReleaseFeed = { release: () => release, latestChange: () => null, onChange: () => undefined };

let store: Store;
let remove: () => Promise<void>;
let clock: Date;
let messenger: RecordingMessenger;
const now = () => clock;
const logger = createLogger({ level: 'silent' });

function delivery(): ReminderDelivery {
  return new ReminderDelivery({ store, feed, messenger, now, logger, shardCount: 1 });
}

async function round(deliverer = delivery()): Promise<void> {
  deliverer.tick();
  await deliverer.idle();
}

beforeEach(async () => {
  ({ store, remove } = await temporaryStore());
  messenger = new RecordingMessenger();
  clock = new Date('2026-08-01T00:00:00Z');
  const members = new ReminderService(store, now, 0);
  await members.choose(ALICE, { kinds: { premiere: true, day: true }, locale: 'en-US' });
  await members.choose(BOB, { kinds: { premiere: true }, locale: 'en-US' });
});
afterEach(() => remove());

describe('delivering reminders', () => {
  it('sends each due reminder once, with a nonce, saying why it came and how to stop', async () => {
    clock = new Date(premiere);
    await round();
    await round();
    expect(messenger.sent.map((dm) => dm.userId).sort()).toEqual([ALICE, BOB]);
    const dm = messenger.sent.find((sent) => sent.userId === ALICE)?.body;
    expect(dm).toMatchObject({ enforce_nonce: true, nonce: reminderNonce(ALICE, `premiere:${premiere}`) });
    expect(dm?.content).toContain('out now');
    expect(JSON.stringify(dm?.embeds)).toContain(
      'You get this because you asked me to remind you of the premiere',
    );
    expect(JSON.stringify(dm?.embeds)).toContain('/reminders stop');
    expect(dm?.allowed_mentions).toEqual({ parse: [] });
  });

  it('opens the DM channel with the first reminder and keeps it, so later ones are one request each', async () => {
    clock = new Date('2026-08-27T09:00:00Z');
    await round();
    clock = new Date(premiere);
    await round();
    expect(messenger.opened.filter((id) => id === ALICE)).toEqual([ALICE]);
    expect(messenger.sent.filter((dm) => dm.userId === ALICE).map((dm) => dm.body.content)).toHaveLength(2);
  });

  it('sends nothing across a restart for a reminder already sent', async () => {
    clock = new Date(premiere);
    await round();
    await round(delivery());
    expect(messenger.sent).toHaveLength(2);
  });

  it('resends an interrupted send with the same nonce within the nonce window, and gives it up after', async () => {
    const key = `premiere:${premiere}`;
    const minutes = (n: number) => new Date(Date.parse(premiere) + n * 60_000).toISOString();
    // Bob's send started at the premiere, Alice's three minutes later; both were cut short by a crash.
    await store.set(deliveryKey(BOB), {
      handled: [],
      sending: { key, at: minutes(0) },
    } satisfies DeliveryRecord);
    await store.set(deliveryKey(ALICE), {
      handled: [],
      sending: { key, at: minutes(3) },
      dmChannelId: `9${ALICE}`,
    } satisfies DeliveryRecord);
    clock = new Date(Date.parse(minutes(3)) + NONCE_WINDOW_MS - 1000);
    await round();
    expect(messenger.sent.map((dm) => [dm.userId, dm.body.nonce])).toEqual([
      [ALICE, reminderNonce(ALICE, key)],
    ]);
    expect((await store.get<DeliveryRecord>(deliveryKey(BOB)))?.handled).toContain(key);
  });

  it('retries a failed send next minute with the same nonce', async () => {
    clock = new Date(premiere);
    messenger.failNext = 2;
    await round();
    expect(messenger.sent).toHaveLength(0);
    clock = new Date(Date.parse(premiere) + 60_000);
    await round();
    expect(messenger.sent).toHaveLength(2);
  });

  it('drops and counts reminders more than 6 hours late (the day before and the premiere)', async () => {
    clock = new Date(Date.parse(premiere) + 6 * 60 * 60_000 + 60_000);
    const deliverer = delivery();
    await round(deliverer);
    expect(messenger.sent).toEqual([]);
    expect(await deliverer.counts()).toMatchObject({ dropped: 3, sent: 0 });
  });

  it('pauses a member whose DMs are closed (50007) without retrying, and leaves a notice for them', async () => {
    messenger.closed.add(ALICE);
    clock = new Date('2026-08-27T09:00:00Z');
    const deliverer = delivery();
    await round(deliverer);
    clock = new Date(premiere);
    await round(deliverer);
    expect(messenger.sent.map((dm) => dm.userId)).toEqual([BOB]);
    expect((await store.get<DeliveryRecord>(deliveryKey(ALICE)))?.paused).toBeDefined();
    expect(await store.get(pauseNoticeKey(ALICE))).toBeDefined();
    expect(await store.get(PAUSE_LIST_KEY)).toEqual([ALICE]);
    expect(await deliverer.counts()).toMatchObject({ paused: 1, sent: 1 });
  });

  it('sends nothing to a member who stopped', async () => {
    await new ReminderService(store, now, 0).stop(ALICE);
    clock = new Date(premiere);
    await round();
    expect(messenger.sent.map((dm) => dm.userId)).toEqual([BOB]);
  });
});

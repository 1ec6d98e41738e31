import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryKey, memberKey, pauseNoticeKey } from '../../src/reminders/model.js';
import { bucketOf, memberIndexKey, readMemberIndex, ReminderService } from '../../src/reminders/service.js';
import type { Store } from '../../src/store.js';
import { temporaryStore } from './support.js';

const ALICE = '200000000000000001';
const BOB = '200000000000000002';
let store: Store;
let remove: () => Promise<void>;
let clock: Date;
const now = () => clock;

beforeEach(async () => {
  ({ store, remove } = await temporaryStore());
  clock = new Date('2026-06-01T10:00:00Z');
});
afterEach(() => remove());

describe("a member's reminders", () => {
  it('are one set per member, with the time each kind was chosen, whichever server they chose in', async () => {
    const onShard0 = new ReminderService(store, now, 0);
    const onShard1 = new ReminderService(store, now, 1);
    await onShard0.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
    clock = new Date('2026-06-02T10:00:00Z');
    await onShard1.choose(ALICE, { kinds: { week: true }, timeZone: 'Europe/Paris', locale: 'fr' });
    const view = await onShard0.get(ALICE);
    expect(view?.member.choices).toEqual({
      premiere: '2026-06-01T10:00:00.000Z',
      week: '2026-06-02T10:00:00.000Z',
    });
    expect(view?.member.timeZone).toBe('Europe/Paris');
    expect(await readMemberIndex(store, 2)).toEqual(new Set([ALICE]));
  });

  it('keep the date a kind was first chosen when it is chosen again', async () => {
    const service = new ReminderService(store, now, 0);
    await service.choose(ALICE, { kinds: { day: true }, locale: 'en-US' });
    clock = new Date('2026-07-01T00:00:00Z');
    await service.choose(ALICE, { kinds: { day: true, premiere: false }, locale: 'en-US' });
    expect((await service.get(ALICE))?.member.choices).toEqual({ day: '2026-06-01T10:00:00.000Z' });
  });

  it('are deleted at once and entirely by stop: choices, delivery state, pause notice and list entry', async () => {
    const service = new ReminderService(store, now, 0);
    await service.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
    await service.choose(BOB, { kinds: { premiere: true }, locale: 'en-US' });
    await store.set(deliveryKey(ALICE), { handled: ['x'], dmChannelId: '1' });
    // As the deliverer notes a pause (Discord refused a DM).
    await service.pauseNotices.add(ALICE);

    expect(await service.stop(ALICE)).toBe(true);
    expect(await store.getMany([memberKey(ALICE), deliveryKey(ALICE), pauseNoticeKey(ALICE)])).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(await readMemberIndex(store, 1)).toEqual(new Set([BOB]));
    expect(await service.takePauseNotice(ALICE)).toBe(false);
    expect(await service.stop(ALICE)).toBe(false);
  });

  it('leave nothing stored when the member unticks every reminder and has no timezone', async () => {
    const service = new ReminderService(store, now, 0);
    await service.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
    expect(await service.choose(ALICE, { kinds: { premiere: false }, locale: 'en-US' })).toBeUndefined();
    expect(await store.get(memberKey(ALICE))).toBeUndefined();
    expect(await store.get(memberIndexKey(0, bucketOf(ALICE)))).toBeUndefined();
  });

  it("leave another shard's list at its hourly tidy-up when the member stopped elsewhere", async () => {
    const listedHere = new ReminderService(store, now, 0);
    const stoppedThere = new ReminderService(store, now, 1);
    await listedHere.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
    await stoppedThere.stop(ALICE);
    // Only the id is left, in the list of the process that first listed her, and no reminder can come of it.
    expect(await readMemberIndex(store, 2)).toEqual(new Set([ALICE]));
    expect(await listedHere.prune()).toBe(1);
    expect(await readMemberIndex(store, 2)).toEqual(new Set());
  });

  it('tell a paused member once, and choosing again clears the notice', async () => {
    const service = new ReminderService(store, now, 0);
    await service.choose(ALICE, { kinds: { premiere: true }, locale: 'en-US' });
    await service.pauseNotices.add(ALICE);
    expect(await service.takePauseNotice(ALICE)).toBe(true);
    expect(await service.takePauseNotice(ALICE)).toBe(false);
    await service.pauseNotices.add(ALICE);
    await service.choose(ALICE, { kinds: { day: true }, locale: 'en-US' });
    expect(await service.takePauseNotice(ALICE)).toBe(false);
    // Nor does another process, which reads the list of members with a notice on its minute tick.
    const elsewhere = new ReminderService(store, now, 1);
    await elsewhere.refreshPauseNotices();
    expect(await elsewhere.takePauseNotice(ALICE)).toBe(false);
  });
});

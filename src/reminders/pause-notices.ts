/**
 * Which members have yet to be told that their reminders paused (their DMs were closed), known in every process
 * without a store read per interaction: the bot asks after every command and button, so a member with no notice
 * must cost nothing.
 *
 * The truth is one record per member ({@link pauseNoticeKey}): written by the delivering process when Discord
 * refuses a DM, deleted when the member is told, chooses again or stops. Beside it, one shared list of the ids
 * with a pending notice ({@link PAUSE_LIST_KEY}), written only by the delivering process, so no addition is lost:
 * it adds a member when it pauses them and, each minute, drops the ids whose notice is gone. Every process reads
 * that list on its minute tick (and at start-up) into an in-memory set, and looks in the store only for a member
 * in that set. So a member paused by another process is told within a minute of the pause, and a notice taken
 * elsewhere may cost this process one needless look-up until the next tidy.
 */
import { KeyedLock } from '../keyed-lock.js';
import type { KeyValueStore } from '../store.js';
import { pauseNoticeKey } from './model.js';

/** The shared list of member ids with a pending pause notice; written only by the delivering process. */
export const PAUSE_LIST_KEY = 'reminders:paused-list';

export class PauseNotices {
  /** Members with a pending notice, as this process last read the list. */
  private pending = new Set<string>();
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
  ) {}

  /** Reads the shared list into this process's set: each minute, and at start-up. */
  async refresh(): Promise<void> {
    this.pending = new Set(await this.readList());
  }

  /**
   * Whether the member has yet to be told that their reminders paused; true once, as the notice is forgotten when
   * taken. Reads the store only for a member this process knows to have a notice.
   */
  async take(userId: string): Promise<boolean> {
    if (!this.pending.has(userId)) return false;
    this.pending.delete(userId);
    if ((await this.store.get<unknown>(pauseNoticeKey(userId))) === undefined) return false;
    await this.store.delete(pauseNoticeKey(userId));
    return true;
  }

  /** The delivering process only: leaves the member a notice and lists them (in this process's set at once). */
  async add(userId: string): Promise<void> {
    await this.store.set(pauseNoticeKey(userId), { at: this.now().toISOString() });
    await this.lock.run('list', async () => {
      const ids = await this.readList();
      if (!ids.includes(userId)) await this.store.set(PAUSE_LIST_KEY, [...ids, userId]);
    });
    this.pending.add(userId);
  }

  /**
   * The delivering process only, each minute instead of {@link refresh}: drops from the list the members whose
   * notice is gone (told, chose again, stopped), and reads what is left into this process's set.
   */
  tidy(): Promise<void> {
    return this.lock.run('list', async () => {
      const ids = await this.readList();
      const notices = await this.store.getMany<unknown>(ids.map(pauseNoticeKey));
      const kept = ids.filter((_, index) => notices[index] !== undefined);
      if (kept.length < ids.length)
        await (kept.length === 0 ? this.store.delete(PAUSE_LIST_KEY) : this.store.set(PAUSE_LIST_KEY, kept));
      this.pending = new Set(kept);
    });
  }

  private async readList(): Promise<string[]> {
    const list = await this.store.get<unknown>(PAUSE_LIST_KEY);
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  }
}

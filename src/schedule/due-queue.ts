/**
 * The clock-driven worker pool behind every kind of scheduled post (the daily posts, the release posts): each
 * server with a post ahead has one entry with its due instant, a minutely {@link DueQueue.tick} queues the servers
 * whose instant has come, and at most `concurrency` of them run at once (discord.js paces the requests further).
 * Servers with nothing ahead have no entry, so the cost follows the servers with posts, not all servers.
 */

export interface DueEntry {
  /** When the server's next post is due. */
  at: Date;
}

export interface DueQueueOptions {
  now: () => Date;
  /** How many servers may run at once. */
  concurrency: number;
  /** Handles one due server; it reads the server's entry itself, as it may have changed since it was queued. */
  run: (guildId: string) => Promise<void>;
  /** Called with what `run` threw; the server is queued again at a later tick if its entry is still due. */
  failed: (error: unknown, guildId: string) => void;
}

export class DueQueue<Entry extends DueEntry> {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: DueQueueOptions) {}

  /** The server's next post, if it has one ahead. */
  get(guildId: string): Entry | undefined {
    return this.entries.get(guildId);
  }

  set(guildId: string, entry: Entry): void {
    this.entries.set(guildId, entry);
  }

  delete(guildId: string): void {
    this.entries.delete(guildId);
  }

  /** How many servers have a post ahead. */
  get size(): number {
    return this.entries.size;
  }

  /** Whether {@link stop} was called: nothing more is sent. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Counts `work` (a re-plan) as under way until it settles, so that {@link idle} waits for it too. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const settled = (): void => {
      this.pending.delete(work);
    };
    work.then(settled, settled);
    return work;
  }

  /** Queues every server whose post is due; called each minute. */
  tick(): void {
    if (this.stopped) return;
    const now = this.options.now().getTime();
    for (const [guildId, entry] of this.entries) {
      if (entry.at.getTime() <= now && !this.queued.has(guildId)) {
        this.queued.add(guildId);
        this.queue.push(guildId);
      }
    }
    this.pump();
  }

  /** Resolves once no re-plan is under way and nothing is queued or running (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Lets the servers running finish; queued ones stay unsent (a restart picks them up again). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    this.queued.clear();
    await this.idle();
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const guildId = this.queue.shift();
      if (guildId === undefined) break;
      this.running++;
      void this.options
        .run(guildId)
        .catch((error: unknown) => this.options.failed(error, guildId))
        .finally(() => {
          this.running--;
          this.queued.delete(guildId);
          this.pump();
          if (this.running === 0 && this.queue.length === 0) {
            for (const resolve of this.idleWaiters.splice(0)) resolve();
          }
        });
    }
  }
}

/**
 * The one owner of trivia's timers (question deadlines and the pauses between rounds). Domain code asks it to
 * run a task at an instant; it keeps at most one pending timer per key, and {@link TriviaRuntime.stop} clears
 * them all and waits for tasks already running. The timer functions and the clock are injected, so tests move
 * time on by hand instead of waiting.
 */
import type { Logger } from '../logger.js';

/** What the runtime needs from a timer API; `globalThis`'s setTimeout/clearTimeout by default. */
export interface TriviaTimers {
  /** Calls `callback` after `ms`; a callback's returned promise tells manual test timers when it is done. */
  setTimeout(callback: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: TriviaTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** The longest delay Node's setTimeout takes; later instants are reached in steps. */
const MAX_DELAY_MS = 2_147_483_647;

export class TriviaRuntime {
  private readonly pending = new Map<string, unknown>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly deps: { timers: TriviaTimers; now: () => Date; logger: Logger }) {}

  /** Runs `task` at `at` (at once if that has passed), replacing any task pending for `key`. */
  schedule(key: string, at: Date, task: () => Promise<void>): void {
    if (this.stopped) return;
    this.cancel(key);
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at.getTime() - this.deps.now().getTime()));
    const handle = this.deps.timers.setTimeout(() => {
      if (this.pending.get(key) !== handle) return undefined;
      this.pending.delete(key);
      if (this.stopped) return undefined;
      if (this.deps.now().getTime() < at.getTime()) {
        // A very long delay was split up (or the clock is behind): wait for the rest.
        this.schedule(key, at, task);
        return undefined;
      }
      return this.track(task);
    }, delay);
    this.pending.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.deps.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  /** Whether a task is waiting for `key`. */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** Resolves once no task is running (pending timers are not waited for). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Clears every pending timer, refuses new ones, and waits for the tasks already running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const handle of this.pending.values()) this.deps.timers.clearTimeout(handle);
    this.pending.clear();
    await this.idle();
  }

  private track(task: () => Promise<void>): Promise<void> {
    const run = task().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'a trivia task failed');
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }
}

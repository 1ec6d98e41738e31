/**
 * A manual clock that is also the runtime's timers: time moves only when a test says so, and `advance` waits for
 * the tasks it fires. Pass `clock.now` where code takes a clock and the clock itself where it takes timers.
 */
import type { TriviaTimers } from '../../src/trivia/runtime.js';

interface Timer {
  id: number;
  at: number;
  callback: () => unknown;
}

/** A clock and timers that move only when the test calls {@link advance} or {@link jump}. */
export class ManualClock implements TriviaTimers {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: string | Date) {
    this.time = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.time);

  setTimeout(callback: () => unknown, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms`, firing (in order, one at a time, each awaited) every timer that falls due. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      await due.callback();
    }
    this.time = target;
  }

  /** Moves time on without firing anything (the bot was down). */
  jump(ms: number): void {
    this.time += ms;
  }
}

import { describe, expect, it } from 'vitest';
import { DueQueue, type DueEntry } from '../../src/schedule/due-queue.js';
import { ManualClock } from '../support/manual-clock.js';

const MINUTE = 60_000;

/** A promise with its resolve, for holding a run open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A queue whose runs are recorded and wait on `hold` (open by default); `failFor` makes a server's run throw. */
function recordingQueue(clock: ManualClock, concurrency = 2) {
  const runs: string[] = [];
  const failures: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  let hold: Promise<void> = Promise.resolve();
  const failFor = new Set<string>();
  const queue = new DueQueue<DueEntry>({
    now: clock.now,
    concurrency,
    run: async (guildId) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      runs.push(guildId);
      await hold;
      running--;
      if (failFor.has(guildId)) throw new Error(`no post for ${guildId}`);
      queue.delete(guildId);
    },
    failed: (_error, guildId) => failures.push(guildId),
  });
  return {
    queue,
    runs,
    failures,
    failFor,
    mostAtOnce: () => mostAtOnce,
    holdRuns: () => {
      const held = gate();
      hold = held.promise;
      return held.open;
    },
  };
}

describe('the queue of due posts', () => {
  it('runs only the servers whose instant has come, each once, at the tick', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue, runs } = recordingQueue(clock);
    queue.set('due', { at: new Date('2026-12-06T09:59:00Z') });
    queue.set('later', { at: new Date('2026-12-06T10:01:00Z') });

    expect(runs, 'nothing runs before the tick').toEqual([]);
    queue.tick();
    await queue.idle();
    expect(runs).toEqual(['due']);

    await clock.advance(MINUTE);
    queue.tick();
    await queue.idle();
    expect(runs).toEqual(['due', 'later']);
    expect(queue.size).toBe(0);
  });

  it('does not queue a server again while its run is still going', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue, runs, holdRuns } = recordingQueue(clock);
    const release = holdRuns();
    queue.set('slow', { at: new Date('2026-12-06T10:00:00Z') });
    queue.tick();
    queue.tick();
    release();
    await queue.idle();
    expect(runs).toEqual(['slow']);
  });

  it('runs no more servers at once than its concurrency', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue, runs, mostAtOnce, holdRuns } = recordingQueue(clock, 3);
    const release = holdRuns();
    for (let index = 0; index < 10; index++) queue.set(`server-${index}`, { at: clock.now() });
    queue.tick();
    expect(runs, 'three started, seven wait').toHaveLength(3);
    release();
    await queue.idle();
    expect(runs).toHaveLength(10);
    expect(mostAtOnce()).toBe(3);
  });

  it('reports a failed run and goes on with the others', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue, runs, failures, failFor } = recordingQueue(clock, 1);
    failFor.add('broken');
    queue.set('broken', { at: clock.now() });
    queue.set('fine', { at: clock.now() });
    queue.tick();
    await queue.idle();
    expect(failures).toEqual(['broken']);
    expect(runs).toEqual(['broken', 'fine']);
    expect(queue.get('broken'), 'still due: a later tick tries again').toBeDefined();
  });

  it('waits in idle() for a re-plan it tracks', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue } = recordingQueue(clock);
    const replan = gate();
    let settled = false;
    void queue.track(replan.promise);
    const idle = queue.idle().then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    replan.open();
    await idle;
    expect(settled).toBe(true);
  });

  it('lets running servers finish on stop, drops the queued ones and runs nothing after', async () => {
    const clock = new ManualClock('2026-12-06T10:00:00Z');
    const { queue, runs, holdRuns } = recordingQueue(clock, 1);
    const release = holdRuns();
    queue.set('first', { at: clock.now() });
    queue.set('second', { at: clock.now() });
    queue.tick();
    const stopped = queue.stop();
    release();
    await stopped;
    expect(runs).toEqual(['first']);
    expect(queue.isStopped).toBe(true);
    queue.tick();
    await queue.idle();
    expect(runs, 'a tick after stop runs nothing').toEqual(['first']);
  });
});

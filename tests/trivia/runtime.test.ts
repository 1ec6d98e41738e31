import { describe, expect, it } from 'vitest';
import { TriviaRuntime } from '../../src/trivia/runtime.js';
import { ManualClock } from '../support/manual-clock.js';
import { silentLogger } from './support.js';

function make() {
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  const runtime = new TriviaRuntime({ timers: clock, now: clock.now, logger: silentLogger() });
  const ran: string[] = [];
  const task = (name: string) => () => {
    ran.push(name);
    return Promise.resolve();
  };
  const at = (ms: number) => new Date(clock.now().getTime() + ms);
  return { clock, runtime, ran, task, at };
}

describe('TriviaRuntime', () => {
  it('runs a task at its instant, and one already due at once', async () => {
    const { clock, runtime, ran, task, at } = make();
    runtime.schedule('a', at(5_000), task('a'));
    runtime.schedule('b', at(-1_000), task('b'));
    await clock.advance(0);
    expect(ran).toEqual(['b']);
    await clock.advance(5_000);
    expect(ran).toEqual(['b', 'a']);
  });

  it('keeps one pending task per key: a new one replaces it, cancel drops it', async () => {
    const { clock, runtime, ran, task, at } = make();
    runtime.schedule('game', at(1_000), task('first'));
    runtime.schedule('game', at(2_000), task('second'));
    expect(runtime.has('game')).toBe(true);
    runtime.schedule('other', at(1_000), task('other'));
    runtime.cancel('other');
    await clock.advance(5_000);
    expect(ran).toEqual(['second']);
    expect(runtime.has('game')).toBe(false);
  });

  it('clears every timer on stop, waits for a running task, and takes no new ones', async () => {
    const { clock, runtime, ran, at } = make();
    let finish: () => void = () => undefined;
    runtime.schedule('slow', at(0), () =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void ran.push('slow')),
    );
    runtime.schedule('later', at(10_000), () => Promise.resolve(void ran.push('later')));
    const fired = clock.advance(0);
    const stopped = runtime.stop();
    expect(clock.pending()).toBe(0);
    finish();
    await Promise.all([fired, stopped]);
    expect(ran).toEqual(['slow']);
    runtime.schedule('after', at(0), () => Promise.resolve(void ran.push('after')));
    await clock.advance(20_000);
    expect(ran).toEqual(['slow']);
  });

  it('logs a failing task instead of letting it crash the process', async () => {
    const { clock, runtime, at } = make();
    runtime.schedule('bad', at(0), () => Promise.reject(new Error('boom')));
    await expect(clock.advance(0)).resolves.toBeUndefined();
  });
});

/** Fires `count` calls at a fixed rate from one timer loop: call i is due at start + i / rate, never earlier. */
import { sleep } from './stats.js';

export async function atFixedRate(
  count: number,
  perSecond: number,
  fire: (index: number) => void,
): Promise<void> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  let next = 0;
  while (next < count) {
    const now = performance.now();
    // A late timer fires everything already due, so the average rate holds even on a busy machine.
    while (next < count && start + next * interval <= now) fire(next++);
    if (next < count) await sleep(Math.max(0, start + next * interval - performance.now()));
  }
}

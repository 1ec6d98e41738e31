/**
 * Runs an async task for each item with at most `limit` running at once: start-up work over thousands of servers
 * overlaps its store round trips without flooding the store (or the event loop) with all of them together.
 *
 * After the first failure no new item is started; the ones running are waited for, then that first error is
 * thrown, so a caller sees one error and nothing is left running behind its back.
 */
export async function forEachBounded<Item>(
  items: Iterable<Item>,
  limit: number,
  task: (item: Item) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined) {
      const next = iterator.next();
      if (next.done === true) return;
      try {
        await task(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure !== undefined) throw failure.error;
}

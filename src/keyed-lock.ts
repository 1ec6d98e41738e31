/**
 * Per-key mutual exclusion inside this process: tasks for one key run one after another, each seeing what the
 * previous one wrote; tasks for different keys run concurrently. Every read-modify-write of a settings or trivia
 * record goes through one, so two moderators, two clicks, or a click and the deadline never lose a change.
 */
export class KeyedLock {
  /** Per key, the tail of the queue of tasks holding it. */
  private readonly queues = new Map<string, Promise<void>>();

  /** Runs `task` once every task queued before it for the same key has settled; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return result;
  }
}

/**
 * One-at-a-time per key, within this process: the work for a key waits for the work before it, work for
 * other keys runs alongside. Probot handles webhooks concurrently, and two events for one PR arriving
 * together would otherwise both find no comment and both create one.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    // The next caller waits for this one whether it succeeds or fails.
    const tail = mine.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      // Forget the key once nothing is queued behind this run, so the map does not grow forever.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

import { KeyedMutex } from "../../src/store/keyed-mutex.js";
import type { FactStore, PrKey, PublishedCheck, PublishedCheckKey } from "../../src/store/port.js";

/** A store that lives as long as the process: for tests of code that needs a store. */
export class MemoryStore implements FactStore {
  private readonly mutex = new KeyedMutex();
  private readonly checks = new Map<string, PublishedCheck>();

  async publishedCheck(k: PublishedCheckKey): Promise<PublishedCheck | undefined> {
    const found = this.checks.get(JSON.stringify([k.repo, k.headSha, k.name]));
    return found && { ...found };
  }

  async recordPublishedCheck(k: PublishedCheckKey, p: PublishedCheck): Promise<void> {
    this.checks.set(JSON.stringify([k.repo, k.headSha, k.name]), { ...p });
  }

  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${key.repo}#${key.number}`, fn);
  }

  async close(): Promise<void> {}
}

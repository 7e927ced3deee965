import type { Fact } from "../core/types.js";
import { KeyedMutex } from "./keyed-mutex.js";
import type { FactStore, PrKey } from "./port.js";

/** A store that lives as long as the process: for unit tests of code that needs a store. */
export class MemoryStore implements FactStore {
  private readonly deliveries = new Set<string>();
  private readonly byPr = new Map<string, Fact[]>();
  private readonly mutex = new KeyedMutex();
  private readonly sources = new Set<string>();
  async claimDelivery(deliveryId: string): Promise<boolean> {
    if (this.deliveries.has(deliveryId)) return false;
    this.deliveries.add(deliveryId);
    return true;
  }

  async append(key: PrKey, facts: readonly Fact[]): Promise<void> {
    const k = `${key.repo}#${key.number}`;
    for (const f of facts) {
      if (f.source !== undefined) {
        if (this.sources.has(f.source)) continue;
        this.sources.add(f.source);
      }
      this.byPr.set(k, [...(this.byPr.get(k) ?? []), { ...f }]);
    }
  }

  async facts(key: PrKey): Promise<Fact[]> {
    return (this.byPr.get(`${key.repo}#${key.number}`) ?? []).map((f) => ({ ...f }));
  }

  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${key.repo}#${key.number}`, fn);
  }

  async close(): Promise<void> {}
}

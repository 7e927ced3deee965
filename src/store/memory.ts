import type { Fact } from "../core/types.js";
import { KeyedMutex } from "./keyed-mutex.js";
import type { Delivery, FactStore, PrKey } from "./port.js";

/** A store that lives as long as the process: for unit tests of code that needs a store. */
export class MemoryStore implements FactStore {
  private readonly deliveries = new Set<string>();
  private readonly byPr = new Map<string, Fact[]>();
  private readonly mutex = new KeyedMutex();
  private readonly sources = new Set<string>();
  private readonly inbox = new Map<string, { delivery: Delivery; state: "pending" | "done" | "failed"; attempts: number; at: number }>();

  /** @param now the clock that stamps inbox rows (tests move it to make deliveries stale) */
  constructor(private readonly now: () => number = Date.now) {}

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

  async recordDelivery(delivery: Delivery): Promise<void> {
    const known = this.inbox.get(delivery.id);
    this.inbox.set(delivery.id, { delivery: known?.delivery ?? delivery, state: "pending", attempts: (known?.attempts ?? 0) + 1, at: this.now() });
  }

  async finishDelivery(id: string): Promise<void> {
    const row = this.inbox.get(id);
    if (row) Object.assign(row, { state: "done", at: this.now() });
  }

  async failDelivery(id: string): Promise<void> {
    const row = this.inbox.get(id);
    if (row) Object.assign(row, { state: "failed", at: this.now() });
  }

  async staleDeliveries(before: Date, maxAttempts: number, forgetBefore: Date): Promise<Delivery[]> {
    for (const [id, row] of this.inbox) if (row.state === "done" && row.at < forgetBefore.getTime()) this.inbox.delete(id);
    return [...this.inbox.values()].filter((r) => r.state !== "done" && r.at < before.getTime() && r.attempts < maxAttempts).map((r) => r.delivery);
  }

  async facts(key: PrKey): Promise<Fact[]> {
    return (this.byPr.get(`${key.repo}#${key.number}`) ?? []).map((f) => ({ ...f }));
  }

  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`${key.repo}#${key.number}`, fn);
  }

  async close(): Promise<void> {}
}

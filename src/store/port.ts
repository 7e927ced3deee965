import type { Fact } from "../core/types.js";

/** Identifies a PR in storage. */
export interface PrKey {
  repo: string; // "owner/name"
  number: number;
}

/** A webhook delivery as received: enough to process it again. */
export interface Delivery {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * Where the gate keeps what people did (answers, sign-offs, objections…). Facts are appended, never changed:
 * the sticky comment is only a view of them.
 */
export interface FactStore {
  /**
   * Claims the replies of a webhook delivery. Returns false when they were already claimed: GitHub
   * redelivered the event (or it is replayed), and a refusal must not be posted twice.
   */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /** Appends facts for a PR, in order; a fact whose `source` is already stored is skipped. */
  append(key: PrKey, facts: readonly Fact[]): Promise<void>;
  /** Keeps a delivery until it is processed (a redelivery of a known one counts as a new attempt). */
  recordDelivery(delivery: Delivery): Promise<void>;
  /** The delivery was processed. */
  finishDelivery(id: string): Promise<void>;
  /** Processing failed; it may be tried again while it has attempts left. */
  failDelivery(id: string, error: string): Promise<void>;
  /**
   * Deliveries not processed (a crash, or a failure) whose last attempt began before `before`, with fewer than
   * `maxAttempts` attempts, oldest first; forgets processed ones older than `forgetBefore`.
   */
  staleDeliveries(before: Date, maxAttempts: number, forgetBefore: Date): Promise<Delivery[]>;
  /** All facts of a PR, in the order they were appended. */
  facts(key: PrKey): Promise<Fact[]>;
  /**
   * Runs `fn` while no other evaluation of the same PR runs, in this process and (PostgreSQL) in every
   * replica: events for one PR are applied in order, and its comment and check are never duplicated.
   */
  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

import type { Fact } from "../core/types.js";

/** Identifies a PR in storage. */
export interface PrKey {
  repo: string; // "owner/name"
  number: number;
}

/**
 * Where the gate keeps what people did (answers, sign-offs, objections…). Facts are appended, never changed:
 * the sticky comment is only a view of them.
 */
export interface FactStore {
  /**
   * Claims a webhook delivery. Returns false when it was already claimed: GitHub redelivered it, and its
   * commands must not be applied (or replied to) twice.
   */
  claimDelivery(deliveryId: string): Promise<boolean>;
  /** Appends facts for a PR, in order. */
  append(key: PrKey, facts: readonly Fact[]): Promise<void>;
  /** All facts of a PR, in the order they were appended. */
  facts(key: PrKey): Promise<Fact[]>;
  /**
   * Runs `fn` while no other evaluation of the same PR runs, in this process and (PostgreSQL) in every
   * replica: events for one PR are applied in order, and its comment and check are never duplicated.
   */
  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

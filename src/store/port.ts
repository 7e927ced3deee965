import type { Fact } from "../core/types.js";

/** Identifies a PR in storage. */
export interface PrKey {
  repo: string; // "owner/name"
  number: number;
}

/** A webhook delivery as GitHub signed it: the raw body and its `X-Hub-Signature-256`. */
export interface SignedDelivery {
  id: string;
  name: string;
  rawBody: string;
  signature: string;
  /** Events of one stream (a PR, or a repository) are applied in arrival order (src/intake/stream.ts). */
  stream: string;
}

/** A delivery leased to a worker, with how many times it has been tried (this attempt included). */
export interface LeasedDelivery extends SignedDelivery {
  attempts: number;
}

/** What an operator sees of the inbox. */
export interface InboxStats {
  pending: number;
  parked: number;
  /** When the oldest pending delivery arrived, if any. */
  oldestPendingAt: Date | undefined;
}

/**
 * The durable intake: every verified delivery is stored before it is answered, then leased to a worker.
 * Shared by every replica (PostgreSQL) so that one PR's events are applied in arrival order across all.
 */
export interface DeliveryInbox {
  /**
   * Stores a delivery. False when its id is already there (GitHub redelivered it): nothing more happens,
   * except that a parked delivery is put back in line.
   */
  enqueue(delivery: SignedDelivery): Promise<boolean>;
  /**
   * Leases the oldest delivery that is due, not leased (or whose lease expired), and has no earlier
   * pending delivery in its stream; undefined when none is.
   */
  lease(leaseMs: number): Promise<LeasedDelivery | undefined>;
  /** Extends a lease while the delivery is still being processed. */
  renew(id: string, leaseMs: number): Promise<void>;
  /** Processed: done for good. */
  complete(id: string): Promise<void>;
  /** Failed: retried at `retryAt`, or parked (kept with its error, no longer tried) when `retryAt` is undefined. */
  fail(id: string, error: string, retryAt: Date | undefined): Promise<void>;
  /** Puts a parked delivery back in line. False when there is no parked delivery with that id. */
  unpark(id: string): Promise<boolean>;
  stats(): Promise<InboxStats>;
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
  /** All facts of a PR, in the order they were appended. */
  facts(key: PrKey): Promise<Fact[]>;
  /**
   * Runs `fn` while no other evaluation of the same PR runs, in this process and (PostgreSQL) in every
   * replica: events for one PR are applied in order, and its comment and check are never duplicated.
   */
  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

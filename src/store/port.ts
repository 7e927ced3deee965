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

/** A commit's check run of one name. */
export interface PublishedCheckKey {
  repo: string;
  headSha: string;
  name: string;
}

/** The run's id, and a hash of the content last sent to it. */
export interface PublishedCheck {
  id: number;
  hash: string;
}

/**
 * The gate's working state beside the audit trail (which alone holds what people did: their facts are
 * audit records, src/audit/facts-from-records.ts): what was last published, and the per-PR lock.
 */
export interface FactStore {
  /** What was last published as a commit's check run of that name, if anything. */
  publishedCheck(check: PublishedCheckKey): Promise<PublishedCheck | undefined>;
  /** Remembers what was just published as the check run. */
  recordPublishedCheck(check: PublishedCheckKey, published: PublishedCheck): Promise<void>;
  /**
   * Runs `fn` while no other evaluation of the same PR runs, in this process and (PostgreSQL) in every
   * replica: events for one PR are applied in order, and its comment and check are never duplicated.
   */
  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Checks the hash chain of the audit trail, one record at a time, so that a trail of millions of records
 * is verified in constant memory as it streams out of the database.
 *
 * What is caught, and how (records given in `seq` order):
 * - a record altered in place: its content no longer gives its `hash` → "hash mismatch";
 * - a record removed: its `seq` is missing, and the next record's `prevHash` names a hash nobody has
 *   → "chain broken: record N missing";
 * - a record rewritten with a freshly computed hash: its successor still holds its old hash → "chain
 *   broken: record N was rewritten…";
 * - a record moved or replaced (its `seq` changed, its hash recomputed): it does not hold the hash of its
 *   new predecessor, nor its successor its hash → "chain broken: record N does not follow…";
 * - records handed over out of order → "out of order".
 * What is not caught is said in docs/audit-trail.md: a rewrite of the whole tail from some record on, or
 * the removal of the last records, leaves a chain that is consistent; only a head hash kept elsewhere
 * shows it.
 */
import { GENESIS_HASH, recordHash, type AuditRecord } from "./record.js";

/** The chain is intact: `count` records, ending in `head` (the last hash, or the genesis hash). */
export interface ChainIntact {
  ok: true;
  count: number;
  head: string;
  /** `seq` of the last record; 0 for an empty trail. */
  headSeq: number;
}

/** The chain is broken at the first record that was altered or removed. */
export interface ChainBroken {
  ok: false;
  /** The first record altered or removed: its `seq`, and its `id` when the record is still there. */
  at: { seq: number; id?: string };
  /** The record at `at`, when it is still there: what `verify` names (kind, repo, PR). */
  record?: AuditRecord;
  /** For a removed record: the record found where the chain resumes. */
  next?: AuditRecord;
  reason: string;
  /** Records found intact before the break. */
  intact: number;
}

/** The outcome of a verification. */
export type ChainVerdict = ChainIntact | ChainBroken;

/**
 * Verifies a chain fed to it record by record ({@link push}), then gives the verdict ({@link finish}).
 * Only the last record or two are kept.
 */
export class ChainChecker {
  /** The last record found intact: the next one must follow it. */
  private previous: AuditRecord | undefined;
  /**
   * Two records, each intact on its own, where `record` does not hold the hash of `previous`: one of
   * them was rewritten with a recomputed hash, or moved. The record after them tells which (see push).
   */
  private unlinked: { previous: AuditRecord; record: AuditRecord } | undefined;
  private count = 0;
  private broken: ChainBroken | undefined;

  /**
   * Checks the next record. Returns the verdict once the chain is known to be broken (further records
   * are then ignored: the first break is the one to investigate), else undefined.
   */
  push(record: AuditRecord): ChainBroken | undefined {
    if (this.broken) return this.broken;
    if (this.unlinked) return this.judgeUnlinked(this.unlinked, record);
    const previous = this.previous;
    const expectedSeq = previous === undefined ? 1 : previous.seq + 1;

    if (record.seq < expectedSeq) {
      return this.breakAt(record, `out of order: record ${record.seq} comes after record ${expectedSeq - 1}`);
    }
    if (record.seq > expectedSeq) {
      // Removed records cannot be named by id or content: only their numbers and where the chain resumes.
      const missing = record.seq === expectedSeq + 1 ? `record ${expectedSeq}` : `records ${expectedSeq} to ${record.seq - 1}`;
      this.broken = { ok: false, at: { seq: expectedSeq }, next: record, reason: `chain broken: ${missing} missing`, intact: this.count };
      return this.broken;
    }
    if (recordHash(record.prevHash, record) !== record.hash) return this.breakAt(record, "hash mismatch");
    if (previous === undefined) {
      if (record.prevHash !== GENESIS_HASH) {
        return this.breakAt(record, "chain broken: the first record does not start from the genesis hash");
      }
    } else if (record.prevHash !== previous.hash) {
      this.unlinked = { previous, record };
      return undefined;
    }
    this.previous = record;
    this.count += 1;
    return undefined;
  }

  /** The verdict on everything pushed. */
  finish(): ChainVerdict {
    if (this.broken) return this.broken;
    if (this.unlinked) {
      // Nothing after them to tell which one changed: name the earlier, the first that may have.
      const { previous, record } = this.unlinked;
      return this.blame(
        previous,
        `chain broken: record ${record.seq} does not hold the hash of record ${previous.seq} ` +
          `(record ${previous.seq} rewritten, or record ${record.seq} moved or replaced)`,
      );
    }
    const last = this.previous;
    return { ok: true, count: this.count, head: last?.hash ?? GENESIS_HASH, headSeq: last?.seq ?? 0 };
  }

  /**
   * When the record after an unlinked pair holds the hash of the later one, the later one is as it was
   * written (its successor vouches for it), so the earlier one was rewritten. Otherwise the later one is
   * the stranger: moved from elsewhere in the chain, or replaced.
   */
  private judgeUnlinked(pair: { previous: AuditRecord; record: AuditRecord }, next: AuditRecord): ChainBroken {
    const vouched = next.seq === pair.record.seq + 1 && next.prevHash === pair.record.hash && recordHash(next.prevHash, next) === next.hash;
    if (vouched) {
      return this.blame(
        pair.previous,
        `chain broken: record ${pair.previous.seq} was rewritten: record ${pair.record.seq} holds another hash for it`,
      );
    }
    return this.breakAt(pair.record, `chain broken: record ${pair.record.seq} does not follow record ${pair.previous.seq} (moved or replaced)`);
  }

  /** Breaks at `previous`, which had been counted intact. */
  private blame(previous: AuditRecord, reason: string): ChainBroken {
    this.count -= 1;
    return this.breakAt(previous, reason);
  }

  private breakAt(record: AuditRecord, reason: string): ChainBroken {
    this.broken = { ok: false, at: { seq: record.seq, id: record.id }, record, reason, intact: this.count };
    return this.broken;
  }
}

/** Verifies records given in `seq` order (see {@link ChainChecker}). */
export function verifyChain(records: Iterable<AuditRecord>): ChainVerdict {
  const checker = new ChainChecker();
  for (const record of records) if (checker.push(record)) break;
  return checker.finish();
}

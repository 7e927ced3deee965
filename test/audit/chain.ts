/**
 * Audit records for tests: valid chains built with the real sealing, and the edits an attacker with
 * database access would make to them.
 */
import { GENESIS_HASH, sealRecord, type AuditBody, type AuditRecord } from "../../src/audit/record.js";

/** The body of the n-th record of a test chain; `over` replaces fields. */
export function body(seq: number, over: Partial<AuditBody> = {}): AuditBody {
  return {
    seq,
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    kind: "sign-off",
    actor: `user${seq}`,
    at: new Date(Date.UTC(2026, 0, 1, 9, seq)).toISOString(),
    repo: "acme/app",
    pr: 12,
    headSha: "a".repeat(40),
    configSha: "c".repeat(40),
    data: { role: "cso", meaning: "clinical safety approval as CSO" },
    ...over,
  };
}

/** A valid chain of `n` records, seq 1…n. */
export function chainOf(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const record = sealRecord(body(seq), prevHash);
    records.push(record);
    prevHash = record.hash;
  }
  return records;
}

/** The record with its hash recomputed after an edit, as an attacker who knows the algorithm would. */
export function reseal(record: AuditRecord): AuditRecord {
  return sealRecord(record, record.prevHash);
}

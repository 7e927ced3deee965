import { randomUUID } from "node:crypto";
import { normaliseAuditInput } from "../../src/audit/record-input.js";
import { GENESIS_HASH, sealRecord, type AuditInput, type AuditRecord } from "../../src/audit/record.js";
import type { AuditFilter, AuditQuery, AuditStore } from "../../src/store/audit-store.js";

/**
 * The audit trail in memory, chained and normalised exactly as the SQL store does it: for tests of the code
 * that writes records (the handlers), where a database per test would cost seconds. The SQL store itself is
 * tested against PGlite and PostgreSQL.
 */
export class MemoryAuditStore implements AuditStore {
  readonly records: AuditRecord[] = [];

  async append(input: AuditInput): Promise<AuditRecord> {
    const [record] = await this.appendAll([input]);
    return record as AuditRecord;
  }

  async appendAll(inputs: readonly AuditInput[]): Promise<AuditRecord[]> {
    const bodies = inputs.map((input) => normaliseAuditInput(input, randomUUID));
    return bodies.map((body) => {
      const last = this.records.at(-1);
      const record = sealRecord({ seq: (last?.seq ?? 0) + 1, ...body }, last?.hash ?? GENESIS_HASH);
      this.records.push(record);
      return copy(record);
    });
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    return this.records
      .filter((r) => r.seq > (query.afterSeq ?? 0) && matches(r, query))
      .slice(0, query.limit)
      .map((r) => copy(r));
  }

  async *stream(filter: AuditFilter): AsyncIterable<AuditRecord> {
    for (const r of this.records) if (matches(r, filter)) yield copy(r);
  }

  all(): AsyncIterable<AuditRecord> {
    return this.stream({});
  }

  async latest(): Promise<AuditRecord | undefined> {
    const last = this.records.at(-1);
    return last && copy(last);
  }
}

/**
 * A deep copy through JSON, which is what a database round trip amounts to (records are plain JSON). Not
 * structuredClone: its objects may come from another realm, which canonical JSON rightly refuses.
 */
function copy(record: AuditRecord): AuditRecord {
  return JSON.parse(JSON.stringify(record)) as AuditRecord;
}

function matches(r: AuditRecord, f: AuditFilter): boolean {
  return (
    (f.repo === undefined || r.repo === f.repo) &&
    (f.pr === undefined || r.pr === f.pr) &&
    (f.since === undefined || Date.parse(r.at) >= Date.parse(f.since)) &&
    (f.until === undefined || Date.parse(r.at) < Date.parse(f.until))
  );
}

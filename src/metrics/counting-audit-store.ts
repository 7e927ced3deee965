/**
 * The audit store, counting what is appended to it (by record kind) for the service's metrics: a decorator
 * applied once where the service is put together (src/service.ts), so no handler knows about metrics.
 * Only what was stored is counted: an append that throws counts nothing.
 */
import type { AuditInput, AuditRecord } from "../audit/record.js";
import type { AuditFilter, AuditQuery, AuditStore } from "../store/audit-store.js";

export class CountingAuditStore implements AuditStore {
  constructor(
    private readonly inner: AuditStore,
    private readonly appended: (kinds: readonly string[]) => void,
  ) {}

  async append(input: AuditInput): Promise<AuditRecord> {
    const record = await this.inner.append(input);
    this.count([record]);
    return record;
  }

  async appendAll(inputs: readonly AuditInput[]): Promise<AuditRecord[]> {
    const records = await this.inner.appendAll(inputs);
    this.count(records);
    return records;
  }

  list(query: AuditQuery): Promise<AuditRecord[]> {
    return this.inner.list(query);
  }

  stream(filter: AuditFilter, batch?: number): AsyncIterable<AuditRecord> {
    return this.inner.stream(filter, batch);
  }

  all(batch?: number): AsyncIterable<AuditRecord> {
    return this.inner.all(batch);
  }

  latest(): Promise<AuditRecord | undefined> {
    return this.inner.latest();
  }

  private count(records: readonly AuditRecord[]): void {
    try {
      this.appended(records.map((r) => r.kind));
    } catch {
      // The records are stored: a count that fails must not make the caller think they were not.
    }
  }
}

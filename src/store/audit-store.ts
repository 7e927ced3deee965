/**
 * Where the audit trail is kept: the `audit_records` table (migration 002), on the same driver as the
 * fact store, so it runs on embedded PGlite and on PostgreSQL alike.
 *
 * Appends are serialised across every replica by a transaction-scoped advisory lock: the writer holding
 * it reads the last record, chains the new one to it and inserts it, so two replicas appending at once
 * can never both chain to the same record (the unique `prev_hash` would refuse the second anyway).
 */
import { randomUUID } from "node:crypto";
import { normaliseAuditInput } from "../audit/record-input.js";
import { GENESIS_HASH, sealRecord, type AuditInput, type AuditKind, type AuditRecord, type JsonObject } from "../audit/record.js";
import type { SqlDriver, SqlQueries } from "./sql-store.js";

/** Advisory lock id held while appending ("csar"), distinct from the migration lock. */
const APPEND_LOCK = 0x63736172;

/** Records per page when streaming, unless told otherwise. */
export const DEFAULT_BATCH = 500;

/** Which records to read; every field narrows the result. */
export interface AuditFilter {
  /** `owner/name`. */
  repo?: string;
  /** Records at or after this ISO time. */
  since?: string;
  /** Records strictly before this ISO time. */
  until?: string;
  /** One pull request's records (with `repo`). */
  pr?: number;
}

/** One page of records: those after `afterSeq` (keyset pagination), at most `limit`, in `seq` order. */
export interface AuditQuery extends AuditFilter {
  afterSeq?: number;
  limit: number;
}

/** The audit trail: append, and read back in chain order. */
export interface AuditStore {
  /** Chains `input` to the last record and stores it; returns the record as stored. */
  append(input: AuditInput): Promise<AuditRecord>;
  /**
   * Chains every input, in order, in one transaction: all of them are stored, or none (a crash between two
   * records of one decision cannot leave half of it).
   */
  appendAll(inputs: readonly AuditInput[]): Promise<AuditRecord[]>;
  /** One page of records in `seq` order. */
  list(query: AuditQuery): Promise<AuditRecord[]>;
  /** Every record matching `filter`, in `seq` order, read `batch` at a time. */
  stream(filter: AuditFilter, batch?: number): AsyncIterable<AuditRecord>;
  /** Every record, in `seq` order, read `batch` at a time: what `verify` checks. */
  all(batch?: number): AsyncIterable<AuditRecord>;
  /** The last record, or undefined when the trail is empty. */
  latest(): Promise<AuditRecord | undefined>;
}

/** A row of `audit_records` as the drivers return it (pg gives BIGINT as a string, PGlite as a number). */
interface AuditRow {
  seq: string | number | bigint;
  id: string;
  kind: string;
  actor: string;
  at: Date | string;
  repo: string;
  pr: number | null;
  head_sha: string | null;
  config_sha: string | null;
  data: JsonObject | string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = "seq, id, kind, actor, at, repo, pr, head_sha, config_sha, data, prev_hash, hash";

/** The one SQL implementation of {@link AuditStore}. */
export class SqlAuditStore implements AuditStore {
  private readonly transaction: NonNullable<SqlDriver["transaction"]>;

  /**
   * @param db a driver with transactions (both of the project's drivers have them); the database must
   *   have been migrated (opening a store does it)
   */
  constructor(private readonly db: SqlDriver) {
    if (db.transaction === undefined) throw new Error("the audit store needs a driver that runs transactions");
    this.transaction = db.transaction.bind(db);
  }

  async append(input: AuditInput): Promise<AuditRecord> {
    const [record] = await this.appendAll([input]);
    return record as AuditRecord;
  }

  async appendAll(inputs: readonly AuditInput[]): Promise<AuditRecord[]> {
    // Checked before the lock is taken: a bad record must not hold up the other writers, and one bad
    // record refuses the whole decision.
    const bodies = inputs.map((input) => normaliseAuditInput(input, randomUUID));
    if (bodies.length === 0) return [];
    return this.transaction(async (tx) => {
      // The last record must be read after the lock is granted. Under READ COMMITTED each statement sees
      // what was committed before it started; under a stricter default the snapshot would date from the
      // lock statement itself, before the previous writer committed.
      await tx.exec("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
      await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [APPEND_LOCK]);
      let last = await lastRecord(tx);
      const stored: AuditRecord[] = [];
      for (const body of bodies) {
        const record = sealRecord({ seq: last === undefined ? 1 : last.seq + 1, ...body }, last?.hash ?? GENESIS_HASH);
        await tx.query(`INSERT INTO audit_records (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
          record.seq,
          record.id,
          record.kind,
          record.actor,
          record.at,
          record.repo,
          record.pr,
          record.headSha,
          record.configSha,
          JSON.stringify(record.data),
          record.prevHash,
          record.hash,
        ]);
        stored.push(record);
        last = record;
      }
      return stored;
    });
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    const params: unknown[] = [query.afterSeq ?? 0];
    const where = ["seq > $1"];
    const add = (condition: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (query.repo !== undefined) add((n) => `repo = ${n}`, query.repo);
    if (query.pr !== undefined) add((n) => `pr = ${n}`, query.pr);
    if (query.since !== undefined) add((n) => `at >= ${n}::timestamptz`, query.since);
    if (query.until !== undefined) add((n) => `at < ${n}::timestamptz`, query.until);
    params.push(query.limit);
    const { rows } = await this.db.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_records WHERE ${where.join(" AND ")} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(fromRow);
  }

  async *stream(filter: AuditFilter, batch = DEFAULT_BATCH): AsyncIterable<AuditRecord> {
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive whole number, got ${batch}`);
    let afterSeq = 0;
    for (;;) {
      const page = await this.list({ ...filter, afterSeq, limit: batch });
      yield* page;
      const last = page[page.length - 1];
      if (last === undefined || page.length < batch) return;
      afterSeq = last.seq;
    }
  }

  all(batch = DEFAULT_BATCH): AsyncIterable<AuditRecord> {
    return this.stream({}, batch);
  }

  latest(): Promise<AuditRecord | undefined> {
    return lastRecord(this.db);
  }
}

async function lastRecord(db: SqlQueries): Promise<AuditRecord | undefined> {
  const { rows } = await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_records ORDER BY seq DESC LIMIT 1`);
  const row = rows[0];
  return row === undefined ? undefined : fromRow(row);
}

/** A row back into the record that was hashed: the same types and the same text for every field. */
function fromRow(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    kind: row.kind as AuditKind,
    actor: row.actor,
    at: (row.at instanceof Date ? row.at : new Date(row.at)).toISOString(),
    repo: row.repo,
    pr: row.pr,
    headSha: row.head_sha,
    configSha: row.config_sha,
    data: typeof row.data === "string" ? (JSON.parse(row.data) as JsonObject) : row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

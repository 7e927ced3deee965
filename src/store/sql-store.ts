import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KeyedMutex } from "./keyed-mutex.js";
import type { DeliveryInbox, FactStore, InboxStats, LeasedDelivery, PrKey, PublishedCheck, PublishedCheckKey, SignedDelivery } from "./port.js";

/** Runs statements: the whole database, or one transaction of it. */
export interface SqlQueries {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
}

/** The little a SQL store needs from a driver; PGlite and node-postgres both fit it. */
export interface SqlDriver extends SqlQueries {
  close(): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection: committed when `fn` resolves, rolled back when it
   * throws. Optional so that drivers written before it still compile; the audit store needs it.
   */
  transaction?<T>(fn: (tx: SqlQueries) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` holding a lock on `key` that other processes sharing the database respect (a PostgreSQL
   * advisory lock). Absent for an embedded database, which one process owns.
   */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** Migration files in name order, so a fresh database and an old one end up the same. */
export function migrations(): { name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(MIGRATIONS_DIR, name), "utf8") }));
}

/** The one SQL implementation of the store, shared by every driver. */
export class SqlStore implements FactStore, DeliveryInbox {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly db: SqlDriver) {}

  withPrLock<T>(key: PrKey, fn: () => Promise<T>): Promise<T> {
    const name = `pr:${key.repo}#${key.number}`;
    // In-process first, so this replica queues its own events without holding a database connection each.
    return this.mutex.run(name, () => (this.db.withLock ? this.db.withLock(name, fn) : fn()));
  }

  /** The driver, for other stores that share this database and its migrations (the audit store). */
  get driver(): SqlDriver {
    return this.db;
  }

  /**
   * Runs the migrations not applied yet, in name order, each remembered once applied: a restart on an
   * existing database skips them (start-up time). Every migration is also safe to run again, so a database
   * migrated before this table existed is simply migrated once more.
   */
  async migrate(): Promise<void> {
    await this.db.exec("CREATE TABLE IF NOT EXISTS gate_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await this.db.query<{ name: string }>("SELECT name FROM gate_migrations");
    const applied = new Set(rows.map((r) => r.name));
    for (const m of migrations()) {
      if (applied.has(m.name)) continue;
      await this.db.exec(m.sql);
      await this.db.query("INSERT INTO gate_migrations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING", [m.name]);
    }
  }

  async publishedCheck(k: PublishedCheckKey): Promise<PublishedCheck | undefined> {
    const { rows } = await this.db.query<{ check_run_id: string | number; content_hash: string }>(
      "SELECT check_run_id, content_hash FROM gate_published_checks WHERE repo = $1 AND head_sha = $2 AND name = $3",
      [k.repo, k.headSha, k.name],
    );
    const r = rows[0];
    return r ? { id: Number(r.check_run_id), hash: r.content_hash } : undefined;
  }

  async recordPublishedCheck(k: PublishedCheckKey, p: PublishedCheck): Promise<void> {
    await this.db.query(
      "INSERT INTO gate_published_checks (repo, head_sha, name, check_run_id, content_hash) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (repo, head_sha, name) DO UPDATE SET check_run_id = $4, content_hash = $5, updated_at = now()",
      [k.repo, k.headSha, k.name, p.id, p.hash],
    );
  }

  async enqueue(d: SignedDelivery): Promise<boolean> {
    // A redelivery of a parked delivery is someone asking for it to be tried again; of any other, nothing.
    const { rows } = await this.db.query<{ fresh: boolean }>(
      "INSERT INTO gate_inbox (delivery_id, name, raw_body, signature, stream) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (delivery_id) DO UPDATE SET state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = NULL, updated_at = now() " +
        "WHERE gate_inbox.state = 'parked' RETURNING (xmax = 0) AS fresh",
      [d.id, d.name, d.rawBody, d.signature, d.stream],
    );
    return rows[0]?.fresh === true;
  }

  async lease(leaseMs: number): Promise<LeasedDelivery | undefined> {
    // SKIP LOCKED: replicas leasing at the same moment take different deliveries. A delivery whose stream
    // has an earlier pending one (leased elsewhere, or waiting for its retry) waits: arrival order per PR.
    const { rows } = await this.db.query<{
      delivery_id: string;
      name: string;
      raw_body: string | null;
      signature: string | null;
      stream: string;
      attempts: number;
    }>(
      "UPDATE gate_inbox SET lease_until = clock_timestamp() + ($1::int * interval '1 millisecond'), attempts = attempts + 1, updated_at = now() " +
        "WHERE delivery_id = (SELECT i.delivery_id FROM gate_inbox i WHERE i.state = 'pending' AND i.next_attempt_at <= clock_timestamp() " +
        "AND (i.lease_until IS NULL OR i.lease_until < clock_timestamp()) " +
        "AND NOT EXISTS (SELECT 1 FROM gate_inbox e WHERE e.stream = i.stream AND e.state = 'pending' AND e.arrival < i.arrival) " +
        "ORDER BY i.arrival LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "RETURNING delivery_id, name, raw_body, signature, stream, attempts",
      [leaseMs],
    );
    const r = rows[0];
    if (!r) return undefined;
    return { id: r.delivery_id, name: r.name, rawBody: r.raw_body ?? "", signature: r.signature ?? "", stream: r.stream, attempts: r.attempts };
  }

  async renew(id: string, leaseMs: number): Promise<void> {
    await this.db.query(
      "UPDATE gate_inbox SET lease_until = clock_timestamp() + ($2::int * interval '1 millisecond') WHERE delivery_id = $1 AND state = 'pending'",
      [id, leaseMs],
    );
  }

  async complete(id: string): Promise<void> {
    await this.db.query("UPDATE gate_inbox SET state = 'done', lease_until = NULL, last_error = NULL, updated_at = now() WHERE delivery_id = $1", [
      id,
    ]);
    // Processed deliveries are kept a week (a redelivery within it is recognised), then forgotten.
    await this.db.query("DELETE FROM gate_inbox WHERE state = 'done' AND updated_at < now() - interval '7 days'");
  }

  async fail(id: string, error: string, retryAt: Date | undefined): Promise<void> {
    await this.db.query(
      retryAt === undefined
        ? "UPDATE gate_inbox SET state = 'parked', lease_until = NULL, last_error = $2, updated_at = now() WHERE delivery_id = $1"
        : "UPDATE gate_inbox SET lease_until = NULL, last_error = $2, next_attempt_at = $3, updated_at = now() WHERE delivery_id = $1",
      retryAt === undefined ? [id, error] : [id, error, retryAt.toISOString()],
    );
  }

  async unpark(id: string): Promise<boolean> {
    const { rows } = await this.db.query<{ delivery_id: string }>(
      "UPDATE gate_inbox SET state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE delivery_id = $1 AND state = 'parked' RETURNING delivery_id",
      [id],
    );
    return rows.length === 1;
  }

  async stats(): Promise<InboxStats> {
    const { rows } = await this.db.query<{ pending: string | number; parked: string | number; oldest: Date | string | null }>(
      "SELECT count(*) FILTER (WHERE state = 'pending') AS pending, count(*) FILTER (WHERE state = 'parked') AS parked, " +
        "min(received_at) FILTER (WHERE state = 'pending') AS oldest FROM gate_inbox",
    );
    const r = rows[0];
    return { pending: Number(r?.pending ?? 0), parked: Number(r?.parked ?? 0), oldestPendingAt: r?.oldest ? new Date(r.oldest) : undefined };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

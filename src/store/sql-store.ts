import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Fact } from "../core/types.js";
import { KeyedMutex } from "./keyed-mutex.js";
import type { Delivery, FactStore, PrKey } from "./port.js";

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

interface FactRow {
  data: Fact | string;
}

/** The one SQL implementation of the store, shared by every driver. */
export class SqlStore implements FactStore {
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

  async migrate(): Promise<void> {
    for (const m of migrations()) await this.db.exec(m.sql);
  }

  async claimDelivery(deliveryId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ delivery_id: string }>(
      "INSERT INTO gate_deliveries (delivery_id) VALUES ($1) ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id",
      [deliveryId],
    );
    return rows.length === 1;
  }

  async append(key: PrKey, facts: readonly Fact[]): Promise<void> {
    for (const f of facts) {
      await this.db.query(
        "INSERT INTO gate_facts (repo, pr_number, kind, actor, at, head_sha, data, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) " +
          "ON CONFLICT (source) WHERE source IS NOT NULL DO NOTHING",
        [key.repo, key.number, f.kind, f.actor, f.at, f.headSha, JSON.stringify(f), f.source ?? null],
      );
    }
  }

  async recordDelivery(delivery: Delivery): Promise<void> {
    await this.db.query(
      "INSERT INTO gate_inbox (delivery_id, name, payload, attempts) VALUES ($1, $2, $3, 1) " +
        "ON CONFLICT (delivery_id) DO UPDATE SET state = 'pending', attempts = gate_inbox.attempts + 1, updated_at = now()",
      [delivery.id, delivery.name, JSON.stringify(delivery.payload)],
    );
  }

  async finishDelivery(id: string): Promise<void> {
    await this.db.query("UPDATE gate_inbox SET state = 'done', last_error = NULL, updated_at = now() WHERE delivery_id = $1", [id]);
  }

  async failDelivery(id: string, error: string): Promise<void> {
    await this.db.query("UPDATE gate_inbox SET state = 'failed', last_error = $2, updated_at = now() WHERE delivery_id = $1", [id, error]);
  }

  async staleDeliveries(before: Date, maxAttempts: number, forgetBefore: Date): Promise<Delivery[]> {
    await this.db.query("DELETE FROM gate_inbox WHERE state = 'done' AND updated_at < $1", [forgetBefore.toISOString()]);
    const { rows } = await this.db.query<{ delivery_id: string; name: string; payload: unknown }>(
      "SELECT delivery_id, name, payload FROM gate_inbox WHERE state <> 'done' AND updated_at < $1 AND attempts < $2 ORDER BY arrival LIMIT 100",
      [before.toISOString(), maxAttempts],
    );
    return rows.map((r) => ({ id: r.delivery_id, name: r.name, payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload }));
  }

  async facts(key: PrKey): Promise<Fact[]> {
    const { rows } = await this.db.query<FactRow>("SELECT data FROM gate_facts WHERE repo = $1 AND pr_number = $2 ORDER BY id", [
      key.repo,
      key.number,
    ]);
    return rows.map((r) => (typeof r.data === "string" ? (JSON.parse(r.data) as Fact) : r.data));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

import { createHash } from "node:crypto";
import pg from "pg";
import { SqlStore, type SqlQueries } from "./sql-store.js";

/** Advisory lock id held while migrating, so replicas starting together migrate one at a time. */
const MIGRATION_LOCK = 0x63736761; // "csga"

/** The class of the per-PR advisory locks ("csgp"); the key within it is a hash of the PR. */
const PR_LOCK_CLASS = 0x63736770;

/** A 32-bit signed hash of a lock name, for `pg_advisory_lock(int, int)`. */
function lockKey(name: string): number {
  return createHash("sha256").update(name).digest().readInt32BE(0);
}

/**
 * Runs `fn` holding a session advisory lock on a connection of its own, so replicas evaluating the same PR
 * take turns. The connection is destroyed, not reused, if unlocking fails.
 */
async function withAdvisoryLock<T>(pool: pg.Pool, name: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1::int, $2::int)", [PR_LOCK_CLASS, lockKey(name)]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::int, $2::int)", [PR_LOCK_CLASS, lockKey(name)]).catch((error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error));
      });
    }
  } finally {
    client.release(broken);
  }
}

/** The production store: PostgreSQL (several replicas share it). */
export async function openPostgresStore(url: string): Promise<SqlStore> {
  // Each PR being evaluated holds one connection for its lock; the rest serve the queries.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a failover, an administrator) is an 'error' event on
  // the pool: unheard, it would crash the process. The pool drops that connection and opens a new one when
  // needed; queries in flight fail on their own and are retried by the inbox.
  pool.on("error", () => undefined);
  const store = new SqlStore({
    ...queriesOf(pool),
    close: () => pool.end(),
    transaction: (fn) => inTransaction(pool, fn),
    withLock: (key, fn) => withAdvisoryLock(pool, key, fn),
  });
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await store.migrate();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return store;
}

/** The pool, or one client of it, as the store's driver runs statements. */
function queriesOf(db: pg.Pool | pg.PoolClient): SqlQueries {
  return {
    query: async <R>(sql: string, params?: unknown[]) => {
      const result = await db.query(sql, params);
      return { rows: result.rows as R[] };
    },
    exec: async (sql: string) => {
      await db.query(sql);
    },
  };
}

/**
 * Runs `fn` in a transaction on a client of its own: a pool hands each query to any connection, and a
 * transaction must stay on one.
 */
async function inTransaction<T>(pool: pg.Pool, fn: (tx: SqlQueries) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A client whose ROLLBACK failed is in an unknown state: it is destroyed, not returned to the pool.
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      const result = await fn(queriesOf(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

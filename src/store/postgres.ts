import pg from "pg";
import { SqlStore, type SqlQueries } from "./sql-store.js";

/** Advisory lock id held while migrating, so replicas starting together migrate one at a time. */
const MIGRATION_LOCK = 0x63736761; // "csga"

/** The production store: PostgreSQL (several replicas share it). */
export async function openPostgresStore(url: string): Promise<SqlStore> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  const store = new SqlStore({
    ...queriesOf(pool),
    close: () => pool.end(),
    transaction: (fn) => inTransaction(pool, fn),
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

import pg from "pg";
import { SqlStore } from "./sql-store.js";

/** Advisory lock id held while migrating, so replicas starting together migrate one at a time. */
const MIGRATION_LOCK = 0x63736761; // "csga"

/** The production store: PostgreSQL (several replicas share it). */
export async function openPostgresStore(url: string): Promise<SqlStore> {
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  const store = new SqlStore({
    query: async <R>(sql: string, params?: unknown[]) => {
      const result = await pool.query(sql, params);
      return { rows: result.rows as R[] };
    },
    exec: async (sql: string) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
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

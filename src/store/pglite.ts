import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { SqlStore, type SqlQueries } from "./sql-store.js";

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, keeping its files under `dataDir` (or in memory
 * when `dataDir` is undefined, for tests).
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  const store = new SqlStore({
    ...queriesOf(db),
    close: () => db.close(),
    // PGlite is one connection: its transactions are exclusive, other queries wait for them.
    transaction: (fn) => db.transaction((tx) => fn(queriesOf(tx))),
  });
  await store.migrate();
  return store;
}

/** The database, or one transaction of it, as the store's driver runs statements. */
function queriesOf(db: PGlite | Transaction): SqlQueries {
  return {
    query: async <R>(sql: string, params?: unknown[]) => {
      const result = await db.query<R>(sql, params);
      return { rows: result.rows };
    },
    exec: async (sql: string) => {
      await db.exec(sql);
    },
  };
}

import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { SqlStore } from "./sql-store.js";

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, keeping its files under `dataDir` (or in memory
 * when `dataDir` is undefined, for tests).
 */
export async function openPgliteStore(dataDir?: string): Promise<SqlStore> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  const store = new SqlStore({
    query: async <R>(sql: string, params?: unknown[]) => {
      const result = await db.query<R>(sql, params);
      return { rows: result.rows };
    },
    exec: async (sql: string) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  });
  await store.migrate();
  return store;
}

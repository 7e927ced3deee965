/**
 * Opens the audit trail the way the app does (PRODUCT.md, "Environment"): PostgreSQL when `DATABASE_URL`
 * is set, else the embedded PGlite database under `DATA_DIR` (default `.data`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SqlAuditStore, type AuditStore } from "../store/audit-store.js";
import { openPgliteStore } from "../store/pglite.js";
import { openPostgresStore } from "../store/postgres.js";
import type { SqlStore } from "../store/sql-store.js";

/** The default of `DATA_DIR`, as in env.ts. */
export const DEFAULT_DATA_DIR = ".data";

/** The audit trail, and how to let go of its database. */
export interface AuditDatabase {
  store: AuditStore;
  close(): Promise<void>;
}

/** There is no database where the environment points: nothing can be exported or verified. */
export class NoAuditDatabase extends Error {
  constructor(dataDir: string) {
    super(`no database in ${dataDir}: set DATA_DIR to the app's data directory, or DATABASE_URL to its PostgreSQL`);
    this.name = "NoAuditDatabase";
  }
}

/**
 * Opens the audit trail named by `env`. An embedded database must already exist: creating an empty one
 * under a mistyped `DATA_DIR` would report "0 records, chain intact" about the wrong place.
 */
export async function openAuditDatabase(env: Readonly<Record<string, string | undefined>>): Promise<AuditDatabase> {
  const url = env.DATABASE_URL;
  const sql = url !== undefined && url !== "" ? await openPostgresStore(url) : await openExistingPglite(env.DATA_DIR || DEFAULT_DATA_DIR);
  return { store: new SqlAuditStore(sql.driver), close: () => sql.close() };
}

async function openExistingPglite(dataDir: string): Promise<SqlStore> {
  // PG_VERSION is the file every PostgreSQL data directory, PGlite's included, starts with.
  if (!existsSync(join(dataDir, "PG_VERSION"))) throw new NoAuditDatabase(dataDir);
  return openPgliteStore(dataDir);
}

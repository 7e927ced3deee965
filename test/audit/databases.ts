/**
 * Databases for the audit tests: embedded PGlite always, and the real PostgreSQL when TEST_DATABASE_URL is
 * set (CI sets it). Each PostgreSQL test gets a database of its own, dropped afterwards: audit records
 * cannot be deleted (that is the point), so tests must not leave them in a shared database, nor tamper
 * with a chain another run is verifying.
 */
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** The PostgreSQL server to test against, if any. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL;

/** A database created for one test on the server of {@link POSTGRES_URL}. */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server. */
export async function scratchPostgres(): Promise<ScratchDatabase> {
  if (POSTGRES_URL === undefined) throw new Error("TEST_DATABASE_URL is not set");
  const name = `csg_audit_${randomUUID().replace(/-/g, "")}`;
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `statement` the way an attacker with database access would: with the append-only triggers
 * switched off for the transaction (`session_replication_role = replica` skips ordinary triggers).
 */
export function tamperSql(statement: string): string {
  return `BEGIN; SET LOCAL session_replication_role = replica; ${statement}; COMMIT;`;
}

/** Tampers with the embedded database in `dataDir` (closed by its owner first: PGlite is one process). */
export async function tamperPglite(dataDir: string, statement: string): Promise<void> {
  const db = new PGlite(dataDir);
  try {
    await db.exec(tamperSql(statement));
  } finally {
    await db.close();
  }
}

/** Tampers with the PostgreSQL database at `url`. */
export async function tamperPostgres(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(tamperSql(statement));
  } finally {
    await client.end();
  }
}

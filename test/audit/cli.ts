/**
 * Runs the real `clinical-safety` process on an audit trail, the way an auditor does: the database named
 * by DATA_DIR or DATABASE_URL, output on standard output (a pipe, so no progress line).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AuditInput, AuditRecord } from "../../src/audit/record.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import type { SqlStore } from "../../src/store/sql-store.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** What the process did. */
export interface AuditCliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Where the process finds the database: exactly one of the two. */
export type DatabaseEnv = { DATA_DIR: string } | { DATABASE_URL: string };

/** Runs `clinical-safety ...args` in `cwd` with the database of `database`. */
export function runAuditCli(args: readonly string[], database: DatabaseEnv, cwd: string): AuditCliRun {
  // Neither the developer's own database variables nor jest's NODE_OPTIONS reach the process.
  const env = { ...process.env, NODE_OPTIONS: "", DATABASE_URL: "", DATA_DIR: "", ...database };
  const result = spawnSync(process.execPath, ["--import", TSX, MAIN, ...args], { cwd, env, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The id of the n-th seeded record, fixed so that outputs can be compared exactly. */
export const seededId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A PR title an attacker would choose: a formula, a comma, quotes and a line break. */
export const HOSTILE_TITLE = '=HYPERLINK("http://evil.example","Click"), "quoted"\nsecond line';

/** The trail every CLI test starts from: a PR's life in acme/app, and a bypass in acme/other. */
export const SEED: readonly AuditInput[] = [
  record(1, "classification", "clinical-safety-gate[bot]", "2026-01-05T10:00:00Z", { title: HOSTILE_TITLE, relevant: true, rules: ["prescribing"] }),
  record(2, "answer", "dev", "2026-01-06T11:00:00Z", { questionId: "dose-calculation", answer: "yes" }),
  record(3, "sign-off", "dr-cso", "2026-01-31T23:59:59Z", { role: "cso", meaning: "clinical safety approval as CSO" }),
  { ...record(4, "bypass", "admin", "2026-02-01T00:00:00Z", { reason: "push to main touching rule paths" }), repo: "acme/other", pr: null },
  record(5, "merge", "dev", "2026-02-10T08:00:00Z", { title: HOSTILE_TITLE, mergeSha: "d".repeat(40) }),
];

function record(n: number, kind: AuditInput["kind"], actor: string, at: string, data: Record<string, unknown>): AuditInput {
  return { id: seededId(n), kind, actor, at, repo: "acme/app", pr: 12, headSha: "a".repeat(40), configSha: "c".repeat(40), data };
}

/** Appends {@link SEED} through the store, as the app would, closes it, and returns the records stored. */
export async function seed(sql: SqlStore): Promise<AuditRecord[]> {
  try {
    const store = new SqlAuditStore(sql.driver);
    const records: AuditRecord[] = [];
    for (const input of SEED) records.push(await store.append(input));
    return records;
  } finally {
    await sql.close();
  }
}

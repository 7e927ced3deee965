/**
 * Benchmark: appending to the hash-chained audit trail, then verifying and streaming it, on embedded PGlite
 * (in memory) and, when TEST_DATABASE_URL is set, PostgreSQL. `npx tsx bench/audit-append.ts [N]`
 */
import { performance } from "node:perf_hooks";
import { verifyChain } from "../src/audit/verify-chain.js";
import { SqlAuditStore } from "../src/store/audit-store.js";
import { openPgliteStore } from "../src/store/pglite.js";
import { openPostgresStore } from "../src/store/postgres.js";
import type { SqlStore } from "../src/store/sql-store.js";
import { scratchPostgres } from "../test/audit/databases.js";

const n = Number(process.argv[2] ?? 2000);

async function measure(name: string, sql: SqlStore): Promise<void> {
  const audit = new SqlAuditStore(sql.driver);
  const repo = `bench/${Date.now()}`;
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    await audit.append({
      kind: "check-conclusion",
      actor: "gate[bot]",
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      repo,
      pr: (i % 50) + 1,
      headSha: "a".repeat(40),
      configSha: "c".repeat(40),
      data: { title: `PR ${i}`, conclusion: "action_required", checkTitle: "Waiting for sign-off: cso", state: "waiting" },
    });
  }
  const appendMs = performance.now() - t;
  t = performance.now();
  const records = [];
  for await (const r of audit.all()) records.push(r);
  const verdict = verifyChain(records);
  const verifyMs = performance.now() - t;
  console.log(
    `${name}: ${n} appends in ${(appendMs / 1000).toFixed(1)} s (${(n / (appendMs / 1000)).toFixed(0)}/s); ` +
      `read + verify ${records.length} records in ${verifyMs.toFixed(0)} ms (${verdict.ok ? "intact" : "BROKEN"})`,
  );
  await sql.close();
}

await measure("PGlite", await openPgliteStore());
if (process.env.TEST_DATABASE_URL) {
  // A database of its own: the trail is append-only, so what a benchmark writes could never be removed.
  const scratch = await scratchPostgres();
  try {
    await measure("PostgreSQL", await openPostgresStore(scratch.url));
  } finally {
    await scratch.drop();
  }
}

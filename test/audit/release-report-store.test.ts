import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { GENESIS_HASH, type AuditRecord } from "../../src/audit/record.js";
import { readReleaseReport, type ReleaseRange } from "../../src/reports/release-report.js";
import { SqlAuditStore, type AuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { v2Story } from "../unit/web/pages/release-seed.js";
import { sha } from "../unit/web/pages/seed.js";
import { POSTGRES_URL, scratchPostgres, type ScratchDatabase } from "./databases.js";

/**
 * The release report read from a real trail, on embedded PGlite and on PostgreSQL: its head is the trail's
 * last record, what is appended after the head was read is left out (so the report and the head it names
 * agree), and an empty trail's head is the genesis.
 */

const RANGE: ReleaseRange = {
  repo: "acme/eprescribe",
  from: "v2.0.0",
  to: "v2.1.0",
  fromSha: sha("1a"),
  toSha: sha("21"),
  commits: [sha("20"), sha("21")],
};
const META = { generatedAt: "2026-05-05T12:00:00.000Z", publicUrl: "https://gate.example.org" };

const backends: [string, () => Promise<{ store: SqlStore; drop: () => Promise<void> }>][] = [
  ["PGlite", async () => ({ store: await openPgliteStore(), drop: async () => undefined })],
];
if (POSTGRES_URL) {
  backends.push([
    "PostgreSQL",
    async () => {
      const db: ScratchDatabase = await scratchPostgres();
      return { store: await openPostgresStore(db.url), drop: () => db.drop() };
    },
  ]);
}

describe.each(backends)("the release report on %s", (_name, open) => {
  let sql: SqlStore;
  let drop: () => Promise<void>;
  let audit: SqlAuditStore;

  beforeAll(async () => {
    ({ store: sql, drop } = await open());
    audit = new SqlAuditStore(sql.driver);
  });
  afterAll(async () => {
    await sql.close();
    await drop();
  });

  it("names the genesis as the head of an empty trail", async () => {
    const report = await readReleaseReport(audit, RANGE, META);
    expect(report.auditHead).toEqual({ seq: 0, hash: GENESIS_HASH });
    expect(report.commitList.map((c) => c.status)).toEqual(["unassessed", "unassessed"]);
  });

  it("reads the trail up to its head, and leaves out what is appended after the head was read", async () => {
    const inputs = v2Story({ fromSha: RANGE.fromSha, toSha: RANGE.toSha });
    // Everything but the approval first.
    for (const input of inputs.slice(0, -1)) await audit.append(input);
    const head = (await audit.latest()) as AuditRecord;
    const report = await readReleaseReport(audit, RANGE, META);
    expect(report.auditHead).toEqual({ seq: head.seq, hash: head.hash });
    expect([report.riskIncreased.map((r) => r.id), report.approval]).toEqual([["HAZ-002"], null]);

    // The approval lands while a report is being read, after its head: that report does not show it.
    await audit.append(inputs.at(-1) as (typeof inputs)[number]);
    const pinned: AuditStore = {
      append: (i) => audit.append(i),
      appendAll: (i) => audit.appendAll(i),
      list: (q) => audit.list(q),
      stream: (f, b) => audit.stream(f, b),
      all: (b) => audit.all(b),
      latest: async () => head,
    };
    expect((await readReleaseReport(pinned, RANGE, META)).approval).toBeNull();

    const now = await readReleaseReport(audit, RANGE, META);
    expect(now.auditHead.seq).toBe(head.seq + 1);
    expect(now.approval).toMatchObject({ by: "dr-cso", name: "Dr Cleo Smith", seq: head.seq + 1 });
  });
});

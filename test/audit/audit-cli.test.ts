/**
 * `clinical-safety audit verify` and `audit export` as an auditor runs them: a real process on a real
 * database seeded through the store, then tampered with directly in the database, bypassing the app and
 * its triggers, as someone with database access could. Each run opens the database (~2 s on PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CSV_COLUMNS } from "../../src/audit/export-format.js";
import type { AuditRecord } from "../../src/audit/record.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { HOSTILE_TITLE, runAuditCli, seed, seededId, type DatabaseEnv } from "./cli.js";
import { readCsv } from "./csv-reader.js";
import { POSTGRES_URL, scratchPostgres, tamperPglite, tamperPostgres, type ScratchDatabase } from "./databases.js";

const lines = (...printed: string[]) => printed.map((line) => `${line}\n`).join("");
const ALTER_SIGN_OFF = `UPDATE audit_records SET data = jsonb_set(data, '{role}', '"cpm"') WHERE seq = 3`;

/** What verify prints when record 3 (the CSO's sign-off) was edited in the database. */
const alteredReport = (records: AuditRecord[]) =>
  lines(
    "audit trail broken at record 3: hash mismatch",
    `  record 3: id ${seededId(3)}, kind sign-off, repo acme/app, PR #12, at ${records[2]?.at}`,
    "  2 records before it are intact",
  );

describe("clinical-safety audit on PGlite (DATA_DIR)", () => {
  let work: string;
  let records: AuditRecord[];
  /** A copy of the seeded database, for a test to tamper with on its own. */
  const copyOfSeed = (name: string) => {
    const dir = join(work, name);
    cpSync(join(work, "seed"), dir, { recursive: true });
    return dir;
  };
  const run = (args: string[], database: DatabaseEnv = { DATA_DIR: "seed" }) => runAuditCli(args, database, work);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "clinical-safety-audit-"));
    records = await seed(await openPgliteStore(join(work, "seed")));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("verifies an intact trail: exit 0, the count and the head to keep elsewhere", () => {
    expect(run(["audit", "verify"])).toEqual({
      status: 0,
      stdout: lines("5 records, chain intact", `head: record 5, hash ${records[4]?.hash}`),
      stderr: "",
    });
  });

  it("catches a removed tail with the head kept from an earlier verify (which the chain alone cannot)", async () => {
    // The head an auditor kept from the verify above; the trail was then cut back to 4 records.
    const dir = copyOfSeed("truncated");
    await tamperPglite(dir, "DELETE FROM audit_records WHERE seq = 5");
    expect(run(["audit", "verify"], { DATA_DIR: dir })).toMatchObject({ status: 0 });
    expect(run(["audit", "verify", "--expect-head", `5:${records[4]?.hash}`], { DATA_DIR: dir })).toEqual({
      status: 1,
      stdout: lines(
        "audit trail truncated: record 5 (the head you kept) is gone",
        "4 records, chain intact",
        `head: record 4, hash ${records[3]?.hash}`,
      ),
      stderr: "",
    });
    expect(run(["audit", "verify", "--expect-head", `5:${records[4]?.hash}`])).toMatchObject({ status: 0 });
    expect(run(["audit", "verify", "--expect-head", `5:${"0".repeat(64)}`])).toMatchObject({ status: 1 });
  });

  it("names a record altered in the database: exit 1, its seq, id, kind, repo and PR", async () => {
    const dir = copyOfSeed("altered");
    await tamperPglite(dir, ALTER_SIGN_OFF);
    expect(run(["audit", "verify"], { DATA_DIR: dir })).toEqual({ status: 1, stdout: alteredReport(records), stderr: "" });
  });

  it("names a record deleted from the database: exit 1, its seq and where the chain resumes", async () => {
    const dir = copyOfSeed("deleted");
    await tamperPglite(dir, "DELETE FROM audit_records WHERE seq = 2");
    expect(run(["audit", "verify"], { DATA_DIR: dir })).toEqual({
      status: 1,
      stdout: lines(
        "audit trail broken at record 2: chain broken: record 2 missing",
        `  the chain resumes at record 3: id ${seededId(3)}, kind sign-off, repo acme/app, PR #12, at ${records[2]?.at}`,
        "  1 record before it is intact",
      ),
      stderr: "",
    });
  });

  it("exports CSV that opens cleanly: one row per record, hostile title defused and whole", () => {
    const result = run(["audit", "export", "--repo", "acme/app", "--format", "csv"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    const [header, ...rows] = readCsv(result.stdout);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.map((row) => row.length)).toEqual([13, 13, 13, 13]);
    expect(rows.map((row) => row[0])).toEqual(["1", "2", "3", "5"]);
    const title = CSV_COLUMNS.indexOf("title");
    expect(rows.map((row) => row[title])).toEqual([`'${HOSTILE_TITLE}`, "", "", `'${HOSTILE_TITLE}`]);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("exports JSON of the records in the window, both days included, every field kept", () => {
    const result = run(["audit", "export", "--repo", "acme/app", "--since", "2026-01-06", "--until", "2026-01-31"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([records[1], records[2]]);
  });

  it("exports a Markdown table", () => {
    const result = run(["audit", "export", "--repo", "acme/other", "--format", "md"]);
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      "# Audit trail of acme/other",
      "",
      "All records, in the order they were recorded. Times are UTC.",
      "",
      "| seq | time | kind | PR | actor | title | head | details |",
      "| ---: | --- | --- | ---: | --- | --- | --- | --- |",
      '| 4 | 2026-02-01 00:00:00 | bypass | — | admin |  | `aaaaaaa` | `{"reason":"push to main touching rule paths"}` |',
      "",
      "1 record.",
      "",
    ]);
  });

  it("exits 2 when DATA_DIR holds no database, rather than create an empty one and call it intact", () => {
    expect(run(["audit", "verify"], { DATA_DIR: "nowhere" })).toEqual({
      status: 2,
      stdout: "",
      stderr: lines("clinical-safety: no database in nowhere: set DATA_DIR to the app's data directory, or DATABASE_URL to its PostgreSQL"),
    });
  });

  it("exits 2 on a wrong command line, before opening anything", () => {
    expect(run(["audit", "export", "--format", "csv"])).toEqual({
      status: 2,
      stdout: "",
      stderr: lines("clinical-safety: audit export: --repo O/R is required", 'Run "clinical-safety audit export --help" for its usage.'),
    });
  });
});

(POSTGRES_URL ? describe : describe.skip)("clinical-safety audit on PostgreSQL (DATABASE_URL)", () => {
  let scratch: ScratchDatabase;
  let records: AuditRecord[];
  let work: string;
  const run = (args: string[]) => runAuditCli(args, { DATABASE_URL: scratch.url }, work);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "clinical-safety-audit-"));
    scratch = await scratchPostgres();
    records = await seed(await openPostgresStore(scratch.url));
  });
  afterAll(async () => {
    await scratch.drop();
    rmSync(work, { recursive: true, force: true });
  });

  // One database, tampered with step by step: each step must be named, the earliest break first.
  it("verifies the intact trail, then names an altered record, then an earlier deleted one", async () => {
    expect(run(["audit", "verify"])).toEqual({
      status: 0,
      stdout: lines("5 records, chain intact", `head: record 5, hash ${records[4]?.hash}`),
      stderr: "",
    });
    await tamperPostgres(scratch.url, ALTER_SIGN_OFF);
    expect(run(["audit", "verify"])).toEqual({ status: 1, stdout: alteredReport(records), stderr: "" });
    await tamperPostgres(scratch.url, "DELETE FROM audit_records WHERE seq = 2");
    expect(run(["audit", "verify"])).toMatchObject({
      status: 1,
      stdout: expect.stringMatching(/^audit trail broken at record 2: chain broken: record 2 missing\n/),
    });
  });

  it("exports from PostgreSQL as from PGlite", () => {
    const result = run(["audit", "export", "--repo", "acme/other", "--format", "json"]);
    expect(result).toEqual({ status: 0, stdout: `[\n${JSON.stringify(records[3])}\n]\n`, stderr: "" });
  });
});

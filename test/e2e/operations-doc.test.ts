/**
 * docs/operations.md's commands, run exactly as written: each shell block marked `<!-- tested: NAME -->` in
 * the doc is taken from the Markdown and run with bash, so the test fails when the doc changes and its
 * commands stop working. `clinical-safety` is the built command line (`node dist/cli/main.js`, built here
 * first), put on the PATH as the doc says an admin has it; `pg_dump`, `pg_restore`, `createdb`, `psql`,
 * `tar` and `curl` are the machine's. The audit records are written through the project's real store, as
 * the service writes them. PostgreSQL parts run when TEST_DATABASE_URL is set, each in scratch databases
 * (and roles) of their own, dropped afterwards; the PGlite part always runs.
 *
 * Tests in a `describe` run in order and build on each other (backup, then restore, then tamper), as an
 * admin's session does.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sign } from "@octokit/webhooks-methods";
import pg from "pg";
import type { AuditInput, AuditRecord } from "../../src/audit/record.js";
import { openAuditDatabase } from "../../src/cli/audit-database.js";
import { createHealthHandler } from "../../src/intake/health.js";
import { InboxWorker } from "../../src/intake/worker.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { SqlRevokedSessions } from "../../src/store/revoked-sessions.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { POSTGRES_URL, scratchPostgres, tamperPglite, tamperPostgres, type ScratchDatabase } from "../audit/databases.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOC = readFileSync(join(ROOT, "docs/operations.md"), "utf8");

/** The shell block the doc marks `<!-- tested: name -->`, as written. */
function docBlock(name: string): string {
  const match = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(DOC);
  if (!match?.[1]) throw new Error(`docs/operations.md has no shell block marked <!-- tested: ${name} -->`);
  return match[1];
}

/** The JSON block the doc marks `<!-- output: name -->`, parsed. */
function docOutput(name: string): unknown {
  const match = new RegExp(`<!-- output: ${name} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(DOC);
  if (!match?.[1]) throw new Error(`docs/operations.md has no JSON block marked <!-- output: ${name} -->`);
  return JSON.parse(match[1]);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A directory holding `clinical-safety`: the built command line, as an admin has it on the PATH. */
function cliOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), "csg-ops-bin-"));
  const command = join(bin, "clinical-safety");
  writeFileSync(command, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "dist/cli/main.js")}" "$@"\n`);
  chmodSync(command, 0o755);
  return bin;
}

let bin: string;

/**
 * Runs `script` with bash (stopping at the first failing command) in `cwd`, with `clinical-safety` on the
 * PATH and nothing of this process's environment but PATH and HOME: no DATABASE_URL or DATA_DIR of the
 * developer's, no jest NODE_OPTIONS. Asynchronous, so that a server in this process (`/readyz`) can answer.
 */
function sh(script: string, env: Record<string, string>, cwd: string): Promise<Run> {
  // Standard input from /dev/null: on a socket, bash takes itself for a remote shell and reads bashrc.
  const child = spawn("bash", ["--norc", "-euo", "pipefail", "-c", script], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: process.env.HOME ?? cwd, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

const lines = (...printed: string[]) => printed.map((line) => `${line}\n`).join("");

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
function input(n: number, kind: AuditInput["kind"], actor: string, at: string, data: Record<string, unknown>, pr = 12): AuditInput {
  return { id: id(n), kind, actor, at, repo: "acme/eprescribe", pr, headSha: "a".repeat(40), configSha: "c".repeat(40), data };
}

/** The trail when the backup is taken: a PR's life in acme/eprescribe, and a bypass in another repository. */
const BEFORE_BACKUP: readonly AuditInput[] = [
  input(1, "classification", "clinical-safety-gate[bot]", "2026-01-05T10:00:00Z", { title: "Round paediatric doses", relevant: true }),
  input(2, "answer", "dev", "2026-01-06T11:00:00Z", { questionId: "calculations", answer: "yes" }),
  input(3, "sign-off", "dr-cso", "2026-01-31T23:59:59Z", { role: "cso", meaning: "clinical safety approval as CSO" }),
  { ...input(4, "bypass", "admin", "2026-02-01T00:00:00Z", { reason: "push to main touching rule paths" }), repo: "acme/other", pr: null },
  input(5, "merge", "dev", "2026-02-10T08:00:00Z", { title: "Round paediatric doses", mergeSha: "d".repeat(40) }),
];

/** What the live trail records after the backup: the backup is then older than the live chain. */
const AFTER_BACKUP: readonly AuditInput[] = [
  input(6, "classification", "clinical-safety-gate[bot]", "2026-02-11T09:00:00Z", { title: "Dose units", relevant: true }, 13),
  input(7, "answer", "dev", "2026-02-11T10:00:00Z", { questionId: "calculations", answer: "no" }, 13),
];

/** The CSO's sign-off (record 3) edited in the database, its triggers switched off, as an attacker would. */
const ALTER_SIGN_OFF = `UPDATE audit_records SET data = jsonb_set(data, '{role}', '"cpm"') WHERE seq = 3`;

const brokenAtRecord3 = lines(
  "audit trail broken at record 3: hash mismatch",
  `  record 3: id ${id(3)}, kind sign-off, repo acme/eprescribe, PR #12, at 2026-01-31T23:59:59.000Z`,
  "  2 records before it are intact",
);

async function append(sql: SqlStore, inputs: readonly AuditInput[]): Promise<AuditRecord[]> {
  const audit = new SqlAuditStore(sql.driver);
  const stored: AuditRecord[] = [];
  for (const i of inputs) stored.push(await audit.append(i));
  return stored;
}

/** `url` with another database, user or password. */
function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

async function sqlAt<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const asAdmin = <T>(fn: (client: pg.Client) => Promise<T>) => sqlAt(POSTGRES_URL as string, fn);
const dropDatabase = (name: string) => asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
const scratchName = (what: string) => `csg_ops_${what}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;

beforeAll(() => {
  // What the doc's commands run is dist/: jest's globalSetup (test/build-dist.mjs) built the tree being tested.
  bin = cliOnPath();
}, 180_000);

afterAll(() => rmSync(bin, { recursive: true, force: true }));

const describePostgres = POSTGRES_URL ? describe : describe.skip;

describePostgres("operations.md on PostgreSQL: pg_dump, restore into a new database, verify", () => {
  let work: string;
  let live: ScratchDatabase;
  let store: SqlStore;
  let records: AuditRecord[];
  const restoreDb = scratchName("restore");
  const restoreUrl = () => withDatabase(POSTGRES_URL as string, restoreDb);
  const env = () => ({ DATABASE_URL: live.url, RESTORE_DB: restoreDb, RESTORE_URL: restoreUrl() });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "csg-ops-pg-"));
    live = await scratchPostgres();
    // The service's store stays open through the backup: pg_dump runs while the service runs.
    store = await openPostgresStore(live.url);
    records = await append(store, BEFORE_BACKUP);
  });

  afterAll(async () => {
    await store?.close();
    await live?.drop();
    await dropDatabase(restoreDb);
    rmSync(work, { recursive: true, force: true });
  });

  it("backs up with the doc's pg_dump while the store is open, then the live trail moves on", async () => {
    const run = await sh(docBlock("pg-backup"), env(), work);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(existsSync(join(work, "csg-backup.dump"))).toBe(true);
    records.push(...(await append(store, AFTER_BACKUP)));
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("restores into a new database and verifies it: the backup's 5 records, intact", async () => {
    expect(await sh(docBlock("pg-restore"), env(), work)).toEqual({
      status: 0,
      stdout: lines("5 records, chain intact", `head: record 5, hash ${records[4]?.hash}`),
      stderr: "",
    });
  });

  it("restores the append-only triggers and the migrations table with the records", async () => {
    await sqlAt(restoreUrl(), async (client) => {
      await expect(client.query("UPDATE audit_records SET actor = 'mallory' WHERE seq = 1")).rejects.toThrow(
        "audit_records is append-only (UPDATE refused)",
      );
      await expect(client.query("DELETE FROM audit_records WHERE seq = 5")).rejects.toThrow("audit_records is append-only (DELETE refused)");
      await expect(client.query("TRUNCATE audit_records")).rejects.toThrow("audit_records is append-only (TRUNCATE refused)");
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM gate_migrations");
      expect(Number(rows[0]?.n)).toBeGreaterThanOrEqual(6);
    });
  });

  it("checks that the live trail begins with the backup (the backup's head, given to verify on the live database)", async () => {
    expect(await sh(docBlock("pg-compare"), env(), work)).toEqual({
      status: 0,
      stdout: lines("7 records, chain intact", `head: record 7, hash ${records[6]?.hash}`, "record 5 matches the head you kept"),
      stderr: "",
    });
  });

  it("fails the backup against a head kept from the live trail after it: what a restore would lose", async () => {
    const run = await sh(`DATABASE_URL="$RESTORE_URL" clinical-safety audit verify --expect-head 7:${records[6]?.hash}`, env(), work);
    expect(run).toEqual({
      status: 1,
      stdout: lines(
        "audit trail truncated: record 7 (the head you kept) is gone",
        "5 records, chain intact",
        `head: record 5, hash ${records[4]?.hash}`,
      ),
      stderr: "",
    });
  });

  it("exports one repository's records with their hashes", async () => {
    expect(await sh(docBlock("export"), env(), work)).toMatchObject({ status: 0, stdout: "", stderr: "" });
    const exported = JSON.parse(readFileSync(join(work, "acme-eprescribe-audit.json"), "utf8")) as AuditRecord[];
    expect(exported.map((r) => r.seq)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(exported.map((r) => r.hash)).toEqual([1, 2, 3, 5, 6, 7].map((seq) => records[seq - 1]?.hash));
  });

  it("fails verification of a restored database whose record was altered, naming the record", async () => {
    await tamperPostgres(restoreUrl(), ALTER_SIGN_OFF);
    expect(await sh('DATABASE_URL="$RESTORE_URL" clinical-safety audit verify', env(), work)).toEqual({
      status: 1,
      stdout: brokenAtRecord3,
      stderr: "",
    });
  });

  it("prints what the doc's examples show", () => {
    const shown = [
      ...lines("5 records, chain intact", `head: record 5, hash ${records[4]?.hash}`).split("\n"),
      ...lines("7 records, chain intact", `head: record 7, hash ${records[6]?.hash}`, "record 5 matches the head you kept").split("\n"),
      ...brokenAtRecord3.split("\n"),
      `$ DATABASE_URL="$RESTORE_URL" clinical-safety audit verify --expect-head 7:${records[6]?.hash}`,
      "audit trail truncated: record 7 (the head you kept) is gone",
    ];
    for (const line of shown.filter((l) => l !== "")) expect(DOC).toContain(line);
  });

  it("cannot restore a dump of the audit table alone: the trigger function is left out (why the doc dumps the database)", async () => {
    const partialDb = scratchName("partial");
    try {
      const run = await sh(
        'pg_dump --format=custom --table=audit_records --file=partial.dump "$DATABASE_URL"\n' +
          'createdb --maintenance-db="$DATABASE_URL" "$PARTIAL_DB"\n' +
          'pg_restore --no-owner --no-privileges --exit-on-error --dbname="$PARTIAL_URL" partial.dump',
        { ...env(), PARTIAL_DB: partialDb, PARTIAL_URL: withDatabase(POSTGRES_URL as string, partialDb) },
        work,
      );
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain("function public.audit_records_append_only() does not exist");
    } finally {
      await dropDatabase(partialDb);
    }
  });
});

describe("operations.md on PGlite: stop, archive DATA_DIR, extract, verify", () => {
  let work: string;
  let records: AuditRecord[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "csg-ops-pglite-"));
    const store = await openPgliteStore(join(work, "live-data"));
    try {
      records = await append(store, BEFORE_BACKUP);
    } finally {
      // The service is stopped before its directory is copied: PGlite is one process's database.
      await store.close();
    }
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("archives the stopped service's DATA_DIR", async () => {
    expect(await sh(docBlock("pglite-backup"), { DATA_DIR: "live-data" }, work)).toMatchObject({ status: 0, stderr: "" });
    expect(existsSync(join(work, "csg-data-backup.tar.gz"))).toBe(true);
  });

  it("extracts the archive somewhere new and verifies that copy", async () => {
    expect(await sh(docBlock("pglite-restore"), { DATA_DIR: "live-data" }, work)).toEqual({
      status: 0,
      stdout: lines("5 records, chain intact", `head: record 5, hash ${records[4]?.hash}`),
      stderr: "",
    });
  });

  it("fails verification of the extracted copy once a record in it was altered, naming the record", async () => {
    await tamperPglite(join(work, "csg-data-restored"), ALTER_SIGN_OFF);
    expect(await sh("DATA_DIR=csg-data-restored clinical-safety audit verify", {}, work)).toEqual({ status: 1, stdout: brokenAtRecord3, stderr: "" });
  });
});

describePostgres("operations.md on PostgreSQL: /readyz and parked deliveries", () => {
  const SECRET = "operations-doc-secret";
  const deliveryId = randomUUID();
  let db: ScratchDatabase;
  let store: SqlStore;
  let worker: InboxWorker;
  let server: Server;
  let work: string;
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "csg-ops-inbox-"));
    db = await scratchPostgres();
    store = await openPostgresStore(db.url);
    // GitHub failing on every attempt; one attempt before parking rather than five over 85 seconds.
    worker = new InboxWorker({
      inbox: store,
      secret: SECRET,
      process: () => Promise.reject(new Error("GitHub answered 502 Bad Gateway")),
      log: quiet,
      maxAttempts: 1,
      pollMs: 50,
    });
    worker.start();
    const rawBody = JSON.stringify({ action: "created", comment: { body: "/safety sign-off cso" } });
    await store.enqueue({ id: deliveryId, name: "issue_comment", rawBody, signature: await sign(SECRET, rawBody), stream: "acme/eprescribe#12" });
    worker.wake();
    for (let i = 0; i < 200 && (await store.stats()).parked === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const health = createHealthHandler({ inbox: store, worker });
    server = createServer((req, res) => {
      void health(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await worker?.stop();
    await store?.close();
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("/readyz answers what the doc shows: ready, one parked delivery", async () => {
    const run = await sh(docBlock("readyz"), { SERVICE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, work);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual(docOutput("readyz"));
  });

  it("lists the parked delivery with its id, event and last error", async () => {
    const run = await sh(docBlock("parked-list"), { DATABASE_URL: db.url }, work);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    expect(run.stdout).toContain(deliveryId);
    expect(run.stdout).toContain("issue_comment");
    expect(run.stdout).toContain("GitHub answered 502 Bad Gateway");
    expect(run.stdout).toContain("(1 row)");
  });

  it("puts it back in line, where a worker leases it", async () => {
    // Stopped, so that it does not take the delivery (and park it again) before the inbox is looked at.
    await worker.stop();
    const run = await sh(docBlock("parked-requeue"), { DATABASE_URL: db.url, DELIVERY_ID: deliveryId }, work);
    expect(run).toEqual({ status: 0, stdout: "UPDATE 1\n", stderr: "" });
    expect(await store.stats()).toMatchObject({ pending: 1, parked: 0 });
    expect((await store.lease(30_000))?.id).toBe(deliveryId);
  });
});

describePostgres("operations.md on PostgreSQL: an app role that cannot change the trail", () => {
  const suffix = randomBytes(6).toString("hex");
  const role = (what: string) => ({ name: `csg_ops_${what}_${suffix}`, password: randomBytes(12).toString("hex") });
  const owner = role("owner");
  const app = role("app");
  const reader = role("reader");
  const database = `csg_ops_roles_${suffix}`;
  // Without TEST_DATABASE_URL this block is skipped, but still defined: no URL to build on then.
  const at = (user: { name: string; password: string }) => (POSTGRES_URL ? withDatabase(POSTGRES_URL, database, user) : "");
  const ownerUrl = at(owner);
  const appUrl = at(app);
  const readerUrl = at(reader);
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "csg-ops-roles-"));
    await asAdmin(async (c) => {
      for (const r of [owner, app, reader]) await c.query(`CREATE ROLE ${r.name} LOGIN PASSWORD '${r.password}'`);
      await c.query(`CREATE DATABASE ${database} OWNER ${owner.name}`);
    });
  });

  afterAll(async () => {
    await dropDatabase(database);
    await asAdmin(async (c) => {
      for (const r of [app, reader, owner]) await c.query(`DROP ROLE IF EXISTS ${r.name}`);
    });
    rmSync(work, { recursive: true, force: true });
  });

  it("applies the migrations as the owner", async () => {
    expect(await sh(docBlock("owner-migrate"), { OWNER_URL: ownerUrl }, work)).toEqual({
      status: 0,
      stdout: lines("0 records, chain intact"),
      stderr: "",
    });
  });

  it("grants the app role what the doc lists", async () => {
    expect(await sh(docBlock("app-grants"), { OWNER_URL: ownerUrl, APP_ROLE: app.name }, work)).toMatchObject({ status: 0, stderr: "" });
  });

  it("runs the store as the app role: the trail, the inbox, check ids, sign-outs", async () => {
    const store = await openPostgresStore(appUrl);
    try {
      await append(store, BEFORE_BACKUP.slice(0, 2));
      const delivery = { id: randomUUID(), name: "pull_request", rawBody: "{}", signature: "sha256=00", stream: "acme/eprescribe#12" };
      expect(await store.enqueue(delivery)).toBe(true);
      expect((await store.lease(30_000))?.id).toBe(delivery.id);
      await store.fail(delivery.id, "GitHub answered 502", undefined);
      expect(await store.unpark(delivery.id)).toBe(true);
      expect((await store.lease(30_000))?.id).toBe(delivery.id);
      await store.complete(delivery.id);
      const check = { repo: "acme/eprescribe", headSha: "a".repeat(40), name: "Clinical safety" };
      await store.recordPublishedCheck(check, { id: 7, hash: "h" });
      expect(await store.publishedCheck(check)).toEqual({ id: 7, hash: "h" });
      const sessions = new SqlRevokedSessions(store.driver);
      await sessions.revoke("session-1", new Date(Date.now() + 60_000), new Date());
      expect(await sessions.isRevoked("session-1")).toBe(true);
      expect(await store.stats()).toMatchObject({ pending: 0, parked: 0 });
    } finally {
      await store.close();
    }
  });

  it("refuses the app role every way of changing or unguarding the trail", async () => {
    await sqlAt(appUrl, async (c) => {
      await expect(c.query("UPDATE audit_records SET actor = 'mallory'")).rejects.toThrow("permission denied for table audit_records");
      await expect(c.query("DELETE FROM audit_records")).rejects.toThrow("permission denied for table audit_records");
      await expect(c.query("TRUNCATE audit_records")).rejects.toThrow("permission denied for table audit_records");
      await expect(c.query("ALTER TABLE audit_records DISABLE TRIGGER USER")).rejects.toThrow("must be owner of table audit_records");
      await expect(c.query("SET session_replication_role = replica")).rejects.toThrow(
        'permission denied to set parameter "session_replication_role"',
      );
    });
  });

  it("verifies the trail as the app role", async () => {
    expect(await sh('DATABASE_URL="$APP_URL" clinical-safety audit verify', { APP_URL: appUrl }, work)).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^2 records, chain intact\n/),
    });
  });

  it("cannot open the audit database as a role with nothing but SELECT: opening it needs CREATE on the schema", async () => {
    await sqlAt(ownerUrl, (c) => c.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader.name}`));
    // In this process: the command line prints the same message (exit 2), but only after its connection
    // pool's 10-second idle timeout, since a store whose migration failed leaves its pool open.
    await expect(openAuditDatabase({ DATABASE_URL: readerUrl })).rejects.toThrow("permission denied for schema public");
  });

  it("stops the app role at a migration it cannot apply, until the owner applies it", async () => {
    // A version bringing a migration the database has not had, as the app role sees it.
    await sqlAt(ownerUrl, (c) => c.query("DELETE FROM gate_migrations WHERE name = '006_revoked_sessions.sql'"));
    await expect(openPostgresStore(appUrl)).rejects.toThrow(/permission denied|must be owner/);
    expect(await sh(docBlock("owner-migrate"), { OWNER_URL: ownerUrl }, work)).toMatchObject({ status: 0 });
    const store = await openPostgresStore(appUrl);
    await store.close();
  });
});

/**
 * `clinical-safety report release` as a CSO runs it before a release: the real process, its GitHub the
 * simulator over HTTP (GHE_HOST), its audit trail an embedded database under DATA_DIR seeded through the
 * store, its output a pipe. Each run is a process (~1 s, ~3 s when it opens the database), so the detail
 * of each failure is left to report-command.test.ts. Every output is compared whole, so none holds the token.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { story } from "../unit/web/pages/seed.js";
import { printed } from "./harness.js";
import { expectedReport, PUBLIC_URL, releaseGitHub, TOKEN, withHeadHidden } from "./report-fixture.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command without blocking: the simulator answering it lives in this process, so a synchronous
 * spawn would wait on a server that cannot answer.
 */
function runCli(args: readonly string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--import", TSX, MAIN, ...args], { cwd, env, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      if (status === null) reject(error ?? new Error("the process did not exit"));
      else resolve({ status, stdout, stderr });
    });
  });
}

/** "YYYY-MM-DD HH:MM" of a time, as the report's first paragraph shows it. */
const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

describe("clinical-safety report release", () => {
  const gh = releaseGitHub();
  let simulator: SimulatorServer;
  let work: string;
  const RANGE = ["report", "release", "--repo", "acme/eprescribe", "--from", "v1.0.0", "--to", "v1.1.0"];

  /** A CSO's shell: the token, the simulator as GitHub Enterprise, the app's data directory; nothing of the developer's. */
  const run = (args: readonly string[], over: Record<string, string> = {}) =>
    runCli(
      args,
      {
        ...(process.env as Record<string, string>),
        NODE_OPTIONS: "",
        DATABASE_URL: "",
        DATA_DIR: join(work, "data"),
        GITHUB_TOKEN: TOKEN,
        GHE_HOST: simulator.gheHost,
        GHE_PROTOCOL: "http",
        PUBLIC_URL,
        PORT: "",
        ...over,
      },
      work,
    );

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "clinical-safety-report-"));
    const sql = await openPgliteStore(join(work, "data"));
    try {
      const store = new SqlAuditStore(sql.driver);
      for (const input of story()) await store.append(input);
    } finally {
      // PGlite is one process at a time: the command opens it next.
      await sql.close();
    }
    simulator = await startSimulatorServer(gh);
  });
  afterAll(async () => {
    await simulator.close();
    rmSync(work, { recursive: true, force: true });
    gh.assertNoUnhandled();
  });

  it("prints the Markdown report of the release on standard output and exits 0", async () => {
    gh.clearRequests();
    const before = Date.now();
    const result = await run(RANGE);
    const generated = /audit trail, (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC\./.exec(result.stdout)?.[1] ?? "";
    expect([minute(before), minute(Date.now())]).toContain(generated);
    const fromSha = gh.requireRepo("acme", "eprescribe").branches["v1.0.0"] as string;
    expect({ ...result, stdout: withHeadHidden(result.stdout) }).toEqual({ status: 0, stdout: expectedReport(generated, fromSha), stderr: "" });
    // The token went to GitHub as the person's credential, and nowhere else.
    expect(gh.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /repos/acme/eprescribe/compare/v1.0.0...v1.1.0 200",
      "GET /repos/acme/eprescribe/compare/v1.1.0...v1.1.0 200",
    ]);
  });

  it("prints the JSON report with --format json", async () => {
    const result = await run([...RANGE, "--format", "json"]);
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      repo: "acme/eprescribe",
      from: "v1.0.0",
      to: "v1.1.0",
      riskIncreased: [],
      approval: null,
      auditHead: { seq: 24, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it("exits 2 when GITHUB_TOKEN is missing, saying what it needs", async () => {
    expect(await run(RANGE, { GITHUB_TOKEN: "" })).toEqual({
      status: 2,
      stdout: "",
      stderr: printed("clinical-safety: report release needs GITHUB_TOKEN: a GitHub token that can read acme/eprescribe (contents: read)"),
    });
  });

  it("exits 1 naming a ref GitHub does not have", async () => {
    const result = await run(["report", "release", "--repo", "acme/eprescribe", "--from", "v1.0.0", "--to", "v1.1"]);
    expect(result).toEqual({ status: 1, stdout: "", stderr: printed('clinical-safety: ref "v1.1" not found in acme/eprescribe') });
  });

  it("exits 2 with GitHub's status when GitHub fails", async () => {
    gh.failNext("GET", /\/compare\//, 503);
    const result = await run(RANGE);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: printed("clinical-safety: GitHub answered 503 to GET /repos/acme/eprescribe/compare/v1.0.0...v1.1.0?per_page=100&page=1"),
    });
  });
});

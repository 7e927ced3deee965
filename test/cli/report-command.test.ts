/**
 * `runReport` in process, against the GitHub simulator over HTTP and the story's trail in an in-memory
 * database: what is printed and the exit status for each way the report can go, without a process per
 * case (report-cli.test.ts runs the real process for the main paths).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditIo } from "../../src/cli/audit-io.js";
import { runReport, type ReportDeps } from "../../src/cli/report-command.js";
import { createUserGitHub } from "../../src/github/user-github.js";
import type { SqlAuditStore } from "../../src/store/audit-store.js";
import { renderPage } from "../../src/web/pages/index.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { freePort } from "../simulator/free-port.js";
import { startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { seededStore, SHA } from "../unit/web/pages/seed.js";
import { expectedReport, ORPHAN, PUBLIC_URL, releaseGitHub, REPO, TOKEN, withHeadHidden } from "./report-fixture.js";

/** A token of someone with no permission on the private repository. */
const OUTSIDER_TOKEN = "ghp_OutsiderCannotReadEprescribe0002";
const NOW = new Date("2026-04-20T12:00:00Z");

describe("runReport", () => {
  const gh = releaseGitHub();
  let simulator: SimulatorServer;
  let sql: SqlStore;
  let audit: SqlAuditStore;

  beforeAll(async () => {
    gh.addUserToken(OUTSIDER_TOKEN, "outsider");
    simulator = await startSimulatorServer(gh);
    ({ sql, audit } = await seededStore());
  });
  afterAll(async () => {
    await simulator.close();
    await sql.close();
    gh.assertNoUnhandled();
  });
  beforeEach(() => gh.clearRequests());

  /** The environment of a CSO's shell pointed at the simulator; `over` replaces or (undefined) removes variables. */
  const environment = (over: Record<string, string | undefined> = {}) => ({
    GITHUB_TOKEN: TOKEN,
    GHE_HOST: simulator.gheHost,
    GHE_PROTOCOL: "http",
    PUBLIC_URL,
    ...over,
  });

  /** Runs the report and keeps what it printed; `progress` is set when stderr is to be a terminal. */
  async function report(
    refs: { from: string; to: string; repo?: string; format?: "md" | "json" },
    env: Record<string, string | undefined> = environment(),
    options: { terminal?: boolean; deps?: ReportDeps } = {},
  ) {
    const printed = { out: "", err: [] as string[], progress: [] as string[], opened: false };
    const io: AuditIo = {
      env,
      write: async (text) => {
        printed.out += text;
      },
      ...(options.terminal
        ? {
            progress: {
              show: (text: string) => printed.progress.push(`show ${text}`),
              done: (text?: string) => printed.progress.push(`done ${text ?? ""}`),
            },
          }
        : {}),
    };
    const deps: ReportDeps = {
      // The store outlives each run: closing is the test's, at the end.
      open: async () => {
        printed.opened = true;
        return { store: audit, close: async () => undefined };
      },
      now: () => NOW,
      ...options.deps,
    };
    const status = await runReport(
      { kind: "report release", repo: refs.repo ?? REPO, from: refs.from, to: refs.to, format: refs.format ?? "md" },
      { err: (line) => printed.err.push(line) },
      io,
      deps,
    );
    return { status, ...printed };
  }

  it("writes the report of a release: two relevant merges under their hazards, the direct push under none", async () => {
    const result = await report({ from: "v1.0.0", to: "v1.1.0" });
    const fromSha = gh.requireRepo("acme", "eprescribe").branches["v1.0.0"] as string;
    expect({ ...result, out: withHeadHidden(result.out) }).toMatchObject({ status: 0, out: expectedReport("2026-04-20 12:00", fromSha), err: [] });
    expect(result.out).toContain(`record 24, hash \`${(await audit.latest())?.hash}\``);
    // Two compare calls with the CSO's token (the range, then `to` with itself, which names its commit);
    // nothing else is asked of GitHub on the way to a report.
    expect(gh.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /repos/acme/eprescribe/compare/v1.0.0...v1.1.0 200",
      "GET /repos/acme/eprescribe/compare/v1.1.0...v1.1.0 200",
    ]);
  });

  it("prints with --format json the audit page's JSON of the same release", async () => {
    const result = await report({ from: "v1.0.0", to: "v1.1.0", format: "json" });
    expect([result.status, result.err]).toEqual([0, []]);
    const json = JSON.parse(result.out) as Record<string, unknown>;
    const head = await audit.latest();
    expect(json).toMatchObject({
      repo: REPO,
      from: "v1.0.0",
      to: "v1.1.0",
      fromSha: gh.requireRepo("acme", "eprescribe").branches["v1.0.0"],
      toSha: SHA.push,
      generatedAt: NOW.toISOString(),
      hazardChanges: [],
      riskIncreased: [],
      approval: null,
      auditHead: { seq: head?.seq, hash: head?.hash },
      commitCounts: { assessed: 1, "not-relevant": 1, bypass: 2, unassessed: 0 },
    });
    expect((json.commits as { sha: string; status: string; pr: number | null }[]).map((c) => [c.sha, c.status, c.pr])).toEqual([
      [SHA.p7merge, "assessed", 7],
      [SHA.p8merge, "bypass", 8],
      [SHA.p9merge, "not-relevant", 9],
      [SHA.push, "bypass", null],
    ]);

    // The same bytes as the page's download, asked with the same clock and PUBLIC_URL.
    const github = createUserGitHub({ apiBase: simulator.apiUrl, token: TOKEN, login: "dr-cso" });
    const page = await renderPage(
      { method: "GET", url: new URL(`/audit/${REPO}/release?from=v1.0.0&to=v1.1.0&format=json`, "http://localhost"), github },
      { audit, publicUrl: PUBLIC_URL, now: () => NOW },
    );
    expect(page.body).toBe(result.out);
  });

  it("says so when no clinically relevant change was merged between the refs", async () => {
    const result = await report({ from: "v1.1.0", to: "v1.2.0" });
    expect(result.status).toBe(0);
    expect(result.out).toContain("0 clinically relevant changes among 1 commit;");
    expect(result.out).toContain("\nNo clinically relevant change was merged between these refs.\n");
    expect(result.out).not.toContain("| Change | Title |");
    // The one commit of the range has no record at all: said loudly, and listed.
    expect(result.out).toContain("> **WARNING: 1 commit is UNASSESSED**");
    expect(result.out).toMatch(/\| `[0-9a-f]{7}` \| \*\*UNASSESSED\*\* \|/);
  });

  it.each<[string, { from: string; to: string; repo?: string }, string, string[]]>([
    ["an unknown --from", { from: "v0.9.0", to: "v1.1.0" }, TOKEN, ['ref "v0.9.0" not found in acme/eprescribe']],
    ["an unknown --to", { from: "v1.0.0", to: "v9" }, TOKEN, ['ref "v9" not found in acme/eprescribe']],
    ["two unknown refs", { from: "v0", to: "v9" }, TOKEN, ['ref "v0" not found in acme/eprescribe', 'ref "v9" not found in acme/eprescribe']],
    [
      "refs with no history in common",
      { from: "v1.0.0", to: ORPHAN },
      TOKEN,
      [`"v1.0.0" and "${ORPHAN}" have no history in common in acme/eprescribe`],
    ],
    [
      "an unknown repository",
      { from: "v1.0.0", to: "v1.1.0", repo: "acme/missing" },
      TOKEN,
      ["acme/missing not found on GitHub, or GITHUB_TOKEN cannot read it"],
    ],
    [
      "a repository the token cannot read",
      { from: "v1.0.0", to: "v1.1.0" },
      OUTSIDER_TOKEN,
      ["acme/eprescribe not found on GitHub, or GITHUB_TOKEN cannot read it"],
    ],
  ])("exits 1 for %s, naming it on standard error, and leaves the database alone", async (_case, refs, token, problems) => {
    const result = await report(refs, environment({ GITHUB_TOKEN: token }));
    expect(result).toEqual({ status: 1, out: "", err: problems.map((p) => `clinical-safety: ${p}`), progress: [], opened: false });
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    [
      "GITHUB_TOKEN is unset",
      { GITHUB_TOKEN: undefined },
      "report release needs GITHUB_TOKEN: a GitHub token that can read acme/eprescribe (contents: read)",
    ],
    [
      "GITHUB_TOKEN is blank",
      { GITHUB_TOKEN: "  " },
      "report release needs GITHUB_TOKEN: a GitHub token that can read acme/eprescribe (contents: read)",
    ],
    ["GHE_PROTOCOL is not http(s)", { GHE_PROTOCOL: "ftp" }, 'GHE_PROTOCOL must be http or https, not "ftp"'],
    [
      "PUBLIC_URL has no scheme",
      { PUBLIC_URL: "gate.example.org" },
      'PUBLIC_URL must be the http(s) address of the audit pages, not "gate.example.org"',
    ],
  ])("exits 2 without asking GitHub when %s", async (_case, over, message) => {
    const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment(over));
    expect(result).toEqual({ status: 2, out: "", err: [`clinical-safety: ${message}`], progress: [], opened: false });
    expect(gh.requests).toEqual([]);
  });

  it.each<[number, string]>([
    [401, " (GITHUB_TOKEN was refused: expired, revoked or mistyped)"],
    [403, " (the token lacks access, or the rate limit was reached)"],
    [502, ""],
  ])("exits 2 with GitHub's status when it answers %s, and reports nothing", async (status, hint) => {
    gh.failNext("GET", /\/compare\//, status);
    const result = await report({ from: "v1.0.0", to: "v1.1.0" });
    expect(result).toEqual({
      status: 2,
      out: "",
      err: [`clinical-safety: GitHub answered ${status} to GET /repos/acme/eprescribe/compare/v1.0.0...v1.1.0?per_page=100&page=1${hint}`],
      progress: [],
      opened: false,
    });
  });

  it("exits 2 naming the address when GitHub cannot be reached", async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment({ GHE_HOST: host }));
    expect(result.status).toBe(2);
    expect(result.err).toEqual([
      expect.stringMatching(new RegExp(`^clinical-safety: cannot reach GitHub at http://${host}/api/v3: fetch failed: .*ECONNREFUSED`)),
    ]);
  });

  it("never prints the token, even when an error quotes it", async () => {
    const fetch = async () => {
      throw new Error(`proxy refused Authorization: Bearer ${TOKEN}`);
    };
    const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment(), { deps: { fetch } });
    expect(result.status).toBe(2);
    expect(result.err).toEqual([`clinical-safety: cannot reach GitHub at ${simulator.apiUrl}: proxy refused Authorization: Bearer ***`]);
  });

  it("exits 2 when there is no audit database where DATA_DIR points, after GitHub found the refs", async () => {
    const empty = mkdtempSync(join(tmpdir(), "clinical-safety-report-"));
    try {
      const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment({ DATA_DIR: empty, DATABASE_URL: undefined }), {
        deps: { open: undefined },
      });
      expect(result).toMatchObject({
        status: 2,
        out: "",
        err: [`clinical-safety: no database in ${empty}: set DATA_DIR to the app's data directory, or DATABASE_URL to its PostgreSQL`],
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ["PUBLIC_URL, without its trailing slash", { PUBLIC_URL: "https://safety.acme.example/" }, "https://safety.acme.example"],
    // As the app does (env.ts), so that the links are the ones its checks and comments carry.
    ["the app's default when PUBLIC_URL is unset", { PUBLIC_URL: undefined, PORT: "8080" }, "http://localhost:8080"],
    ["port 3000 when PORT is unset too", { PUBLIC_URL: undefined }, "http://localhost:3000"],
  ])("links each change to its audit page at %s", async (_case, over, base) => {
    const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment(over));
    // #8 as a bypass, #7 and #8 under their hazards and the direct push under none, then each in detail.
    const push = `push/${"07".repeat(20)}`;
    expect(result.out.match(/\]\([^)]+\)/g)).toEqual(
      ["pull/8", "pull/7", "pull/8", push, "pull/7", "pull/8", push].map((page) => `](${base}/audit/acme/eprescribe/${page})`),
    );
    expect(result.out).toContain(`Approve it at <${base}/audit/acme/eprescribe/release/approve?from=v1.0.0&to=v1.1.0>.`);
  });

  it("shows its progress on a terminal, and ends it with what was found", async () => {
    const result = await report({ from: "v1.0.0", to: "v1.1.0" }, environment(), { terminal: true });
    expect(result.progress).toEqual([
      "show comparing v1.0.0...v1.1.0 in acme/eprescribe on GitHub…",
      "show reading the audit trail…",
      "done 3 clinically relevant changes among 4 commits; not approved",
    ]);
  });

  it("erases the progress line before it prints a problem", async () => {
    const result = await report({ from: "v1.0.0", to: "v9" }, environment(), { terminal: true });
    expect([result.progress, result.status]).toEqual([["show comparing v1.0.0...v9 in acme/eprescribe on GitHub…", "done "], 1]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { generatePrivateKey } from "../simulator/probot.js";
import { deliverWebhook, signPayload, startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";
import { freePort } from "../simulator/free-port.js";

/**
 * The real process, started with `npm start`, with nothing but Probot's environment,
 * pointed at the simulator as at any GitHub-compatible API (GHE_HOST / GHE_PROTOCOL). Webhooks arrive over
 * HTTP, signed; the app keeps its data in embedded PGlite under DATA_DIR.
 */
const SECRET = "e2e-secret";

describe("npm start against a GitHub-compatible API over HTTP", () => {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  let simulator: SimulatorServer;
  let app: ChildProcess;
  let appUrl: string;
  let output = "";
  const dataDir = mkdtempSync(join(tmpdir(), "csg-e2e-"));
  const privateKey = generatePrivateKey();

  beforeAll(async () => {
    // `npm start` runs what was built: jest's globalSetup (test/build-dist.mjs) built the tree being tested.
    gh.addRepo({
      owner: "acme",
      name: "eprescribe",
      files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
    });
    simulator = await startSimulatorServer(gh);
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}/api/github/webhooks`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: simulator.gheHost,
      GHE_PROTOCOL: "http",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
    };
    // Exactly what an operator runs: `npm start` (dist/main.js, built by `npm ci`/`npm run build`). Its own process
    // group, so stopping it stops npm's child too.
    app = spawn("npm", ["start", "--silent"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    app.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    app.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    // Wait until the server answers (Probot serves GET /ping).
    for (let i = 0; i < 900; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/ping`)).ok) return;
      } catch {
        // not listening yet
      }
      if (app.exitCode !== null) throw new Error(`the app exited: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the app did not start: ${output}`);
  }, 120_000);

  afterAll(async () => {
    if (app?.pid !== undefined && app.exitCode === null) {
      const exited = new Promise((r) => app.once("exit", r));
      process.kill(-app.pid, "SIGTERM");
      await exited;
    }
    await simulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses an unsigned delivery and one signed with the wrong secret, changing nothing", async () => {
    const pr = gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "x",
      author: "dev",
      files: [{ filename: "src/prescribing/a.ts", content: "" }],
    });
    const event = pullRequestEvent(gh, "opened", { owner: "acme", repo: "eprescribe", number: pr.number });
    const body = JSON.stringify(event.payload);
    const post = (headers: Record<string, string>) =>
      fetch(appUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": "d1", ...headers },
        body,
      });
    expect((await post({})).status).toBeGreaterThanOrEqual(400);
    expect((await post({ "x-hub-signature-256": signPayload("wrong", body) })).status).toBeGreaterThanOrEqual(400);
    expect(gh.checkRuns).toEqual([]);
    expect(gh.comments).toEqual([]);
  });

  it("classifies a PR delivered by a signed webhook: comment, label and an action_required check", async () => {
    const pr = gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "Dose",
      author: "dev",
      draft: true,
      files: [{ filename: "src/prescribing/dose/round.ts", content: "" }],
    });
    const status = await deliverWebhook({
      appUrl,
      secret: SECRET,
      ...pullRequestEvent(gh, "opened", { owner: "acme", repo: "eprescribe", number: pr.number }),
    });
    // Answered as soon as it is stored; the gate's work happens after the answer.
    expect(status).toBe(202);
    // The labels are the last thing the gate writes for the event: wait for them.
    const labelled = () => gh.labelsOf({ owner: "acme", repo: "eprescribe", number: pr.number }).length > 0;
    for (let i = 0; i < 200 && !labelled(); i++) await new Promise((r) => setTimeout(r, 50));
    const check = gh.checkRuns.find((c) => c.headSha === pr.headSha);
    expect(check?.conclusion).toBe("action_required");
    expect(gh.comments.filter((c) => c.issueNumber === pr.number)).toHaveLength(1);
    expect(gh.labelsOf({ owner: "acme", repo: "eprescribe", number: pr.number }).map((l) => l.name)).toEqual(["clinical-safety: sign-off required"]);
    gh.assertNoUnhandled();
  }, 30_000);

  it("serves /metrics, counting the deliveries, the app's GitHub requests by route and the conclusions (src/main.ts's wiring)", async () => {
    const response = await fetch(appUrl.replace("/api/github/webhooks", "/metrics"));
    expect(response.status).toBe(200);
    const text = await response.text();
    const sample = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? "0");
    // The two deliveries refused above, and the PR classified (a reconcile run may evaluate more: at least).
    expect(sample(/^clinical_safety_webhook_requests_total\{event="unverified",outcome="refused-malformed"\} (\S+)$/m)).toBe(1);
    expect(sample(/^clinical_safety_webhook_requests_total\{event="unverified",outcome="refused-signature"\} (\S+)$/m)).toBe(1);
    expect(sample(/^clinical_safety_deliveries_processed_total\{event="pull_request",outcome="processed"\} (\S+)$/m)).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        /^clinical_safety_github_requests_total\{method="GET",route="\/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/files",status="2xx"\} (\S+)$/m,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(/^clinical_safety_check_conclusions_total\{conclusion="action_required"\} (\S+)$/m)).toBeGreaterThanOrEqual(1);
    expect(sample(/^clinical_safety_audit_records_appended_total\{kind="classification"\} (\S+)$/m)).toBeGreaterThanOrEqual(1);
    // No credential and no repository in any label.
    expect(/ghs_|acme|eprescribe/.test(text)).toBe(false);
    expect(text.includes(SECRET)).toBe(false);
  });

  it("serves the audit pages, which say what to set when no OAuth credentials are given", async () => {
    const response = await fetch(appUrl.replace("/api/github/webhooks", "/audit"), { redirect: "manual" });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
  });

  it("never writes a secret to its log", async () => {
    // The log is there (the gate logs each evaluation; pino writes asynchronously, so wait for it) and holds
    // none of the secrets the app was given or got.
    for (let i = 0; i < 100 && !output.includes("clinical safety gate:"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(output.includes("clinical safety gate:")).toBe(true);
    const tokens = Object.keys(gh.tokens).filter((t) => t.startsWith("ghs_"));
    expect(tokens.length).toBeGreaterThan(0);
    // Booleans, not toContain: a failure must not print the whole log (and the secret) into CI's output.
    for (const token of tokens) expect(output.includes(token)).toBe(false);
    expect(output.includes(SECRET)).toBe(false);
    expect(output.includes(privateKey.split("\n")[1] as string)).toBe(false);
    expect(/ghs_|"authorization"/i.test(output)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { parse } from "yaml";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";
import { freePort } from "../simulator/free-port.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { manifestFlow, type ManifestRegistration } from "../simulator/routes/app-manifests.js";
import { handleRequest } from "../simulator/routes.js";
import { deliverWebhook } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";

/**
 * `npm run setup` (node dist/setup/main.js) as a platform admin runs it, in a directory of its own, against the
 * GitHub simulator reached as GitHub Enterprise Server (GHE_HOST / GHE_PROTOCOL). The test plays the browser
 * over HTTP: it reads setup's page, submits its form to the simulated GitHub, and follows GitHub's redirect
 * back to setup's callback. Then `node dist/main.js` (what `npm start` runs) starts from the `.env` it wrote.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SETUP = join(ROOT, "dist/setup/main.js");
const MAIN = join(ROOT, "dist/main.js");
const APP_YML = parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as {
  name: string;
  default_events: string[];
  default_permissions: Record<string, string>;
};

/** The simulator over HTTP, recording each request's raw URL (the router's own record drops `/api/v3`). */
async function startRecordingSimulator(gh: GitHubState): Promise<{ url: string; host: string; raw: string[]; server: Server }> {
  const raw: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      raw.push(`${req.method} ${req.url}`);
      const answer = handleRequest(gh, {
        method: req.method ?? "GET",
        url: `http://${req.headers.host}${req.url}`,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, raw, server };
}

interface Run {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

function spawnNode(script: string, cwd: string, env: NodeJS.ProcessEnv, args: string[] = []): Run {
  let stdout = "";
  let stderr = "";
  // Only what is given: nothing of the developer's own environment (an APP_ID, a GH_ORG) leaks in.
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Starts setup and waits for the address of its page. */
async function startSetup(cwd: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<Run & { url: string }> {
  const run = spawnNode(SETUP, cwd, { PORT: "0", ...env }, args);
  for (let i = 0; i < 200; i++) {
    const match = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(run.output().stdout);
    if (match?.[1]) return { ...run, url: match[1] };
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  run.child.kill();
  throw new Error(`setup did not start: ${run.output().stderr}`);
}

function unescapeHtml(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
  return text.replace(/&(#\d+|amp|lt|gt|quot);/g, (_, e: string) => (e.startsWith("#") ? String.fromCharCode(Number(e.slice(1))) : (named[e] ?? "")));
}

/** The page's one form: where it posts and the manifest it carries. */
function formOf(page: string): { action: string; manifest: Record<string, unknown> } {
  const action = /<form method="post" action="([^"]*)">/.exec(page)?.[1];
  const value = /<input type="hidden" name="manifest" value="([^"]*)">/.exec(page)?.[1];
  if (action === undefined || value === undefined) throw new Error("no manifest form on the page");
  return { action: unescapeHtml(action), manifest: JSON.parse(unescapeHtml(value)) as Record<string, unknown> };
}

/** What a browser does: open the page, submit the form to GitHub, follow GitHub's redirect back. */
async function registerThroughBrowser(
  setupUrl: string,
): Promise<{ form: ReturnType<typeof formOf>; callback: string; done: Response; donePage: string }> {
  const pageResponse = await fetch(`${setupUrl}/`);
  expect(pageResponse.status).toBe(200);
  // No script may run on it, whatever slipped through the escaping.
  expect(pageResponse.headers.get("content-security-policy")).toContain("default-src 'none'");
  const form = formOf(await pageResponse.text());
  const submitted = await fetch(form.action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ manifest: JSON.stringify(form.manifest) }).toString(),
    redirect: "manual",
  });
  expect(submitted.status).toBe(302);
  const callback = submitted.headers.get("location") ?? "";
  const done = await fetch(callback);
  return { form, callback, done, donePage: await done.text() };
}

/** Whether any of the app's secrets appears in the text (a boolean: a failure must not print the secret). */
function leaksSecret(text: string, registration: ManifestRegistration | undefined): boolean {
  const c = registration?.conversion;
  if (!c) throw new Error("no conversion");
  const keyLines = c.pem.split("\n").filter((l) => l !== "" && !l.startsWith("-----"));
  return [c.webhook_secret, c.client_secret, ...keyLines].some((secret) => text.includes(secret));
}

describe("npm run setup: registering the GitHub App from app.yml and writing .env", () => {
  const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
  let sim: Awaited<ReturnType<typeof startRecordingSimulator>>;
  const dir = mkdtempSync(join(tmpdir(), "csg-setup-"));
  const envPath = join(dir, ".env");
  const before = ["# set by the platform team", "PUBLIC_URL=https://safety.example.org", "", "LOG_LEVEL=info"].join("\n") + "\n";
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Setup runs what was built: jest's globalSetup (test/build-dist.mjs) built the tree being tested.
    gh.addRepo({
      owner: "acme",
      name: "eprescribe",
      files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
    });
    sim = await startRecordingSimulator(gh);
    writeFileSync(envPath, before);
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    sim.server.closeAllConnections();
    await new Promise((r) => sim.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it("registers the app from app.yml on GitHub Enterprise Server, writes the credentials to .env and keeps its other lines", async () => {
    const setup = await startSetup(dir, { GHE_HOST: sim.host, GHE_PROTOCOL: "http" });
    children.push(setup.child);
    const { form, callback, done, donePage } = await registerThroughBrowser(setup.url);

    // The form goes to the Enterprise host's settings page, with a state to check on the way back.
    const action = new URL(form.action);
    expect(`${action.origin}${action.pathname}`).toBe(`${sim.url}/settings/apps/new`);
    expect(action.searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
    // The manifest is app.yml's, with this deployment's addresses.
    expect(form.manifest).toMatchObject({
      name: APP_YML.name,
      default_events: APP_YML.default_events,
      default_permissions: APP_YML.default_permissions,
      hook_attributes: { url: "https://safety.example.org/api/github/webhooks" },
      redirect_url: `${setup.url}/setup/callback`,
      callback_urls: ["https://safety.example.org/audit/callback"],
      public: false,
    });
    expect(new URL(callback).searchParams.get("state")).toBe(action.searchParams.get("state"));

    expect(done.status).toBe(200);
    expect(await setup.exited).toBe(0);
    const registration = manifestFlow(gh).registrations.at(-1);
    const app = registration?.conversion as NonNullable<ManifestRegistration["conversion"]> & { html_url: string };
    // The code was exchanged on the Enterprise API base, /api/v3.
    expect(sim.raw).toContain(`POST /api/v3/app-manifests/${registration?.code}/conversions`);
    expect(donePage).toContain(`href="${app.html_url}/installations/new"`);

    const { stdout, stderr } = setup.output();
    expect(stdout).toContain(app.html_url);
    expect(stdout).toContain(`${app.html_url}/installations/new`);
    expect(leaksSecret(stdout + stderr, registration)).toBe(false);
    expect(leaksSecret(donePage, registration)).toBe(false);

    const text = readFileSync(envPath, "utf8");
    expect(text.startsWith(before)).toBe(true);
    expect(parseEnv(text)).toEqual({
      PUBLIC_URL: "https://safety.example.org",
      LOG_LEVEL: "info",
      APP_ID: String(app.id),
      PRIVATE_KEY: app.pem,
      WEBHOOK_SECRET: app.webhook_secret,
      GITHUB_CLIENT_ID: app.client_id,
      GITHUB_CLIENT_SECRET: app.client_secret,
    });
    // The private key is readable by its owner only.
    expect(statSync(envPath).mode & 0o077).toBe(0);
    gh.assertNoUnhandled();
  }, 30_000);

  it("npm start runs from that .env: a delivery signed with its webhook secret is accepted and the app, signing with its key, writes the check", async () => {
    const port = await freePort();
    const service = spawnNode(MAIN, dir, {
      GHE_HOST: sim.host,
      GHE_PROTOCOL: "http",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: join(dir, "data"),
    });
    children.push(service.child);
    for (let i = 0; i < 300; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (service.child.exitCode !== null) throw new Error(`npm start exited: ${service.output().stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const secret = parseEnv(readFileSync(envPath, "utf8")).WEBHOOK_SECRET ?? "";
    const pr = gh.openPullRequest({
      owner: "acme",
      repo: "eprescribe",
      title: "Dose",
      author: "dev",
      files: [{ filename: "src/prescribing/dose/round.ts", content: "" }],
    });
    const status = await deliverWebhook({
      appUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
      secret,
      ...pullRequestEvent(gh, "opened", { owner: "acme", repo: "eprescribe", number: pr.number }),
    });
    expect(status).toBe(202);
    for (let i = 0; i < 200 && !gh.checkRuns.some((c) => c.headSha === pr.headSha && c.status === "completed"); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(gh.checkRuns.find((c) => c.headSha === pr.headSha)?.conclusion).toBe("action_required");
    // The installation token came from a JWT signed with the key in .env.
    expect(gh.requestsMatching("POST", /^\/app\/installations\/\d+\/access_tokens$/).length).toBeGreaterThan(0);
    service.child.kill("SIGTERM");
    await service.exited;
    const { stdout, stderr } = service.output();
    expect(leaksSecret(stdout + stderr, manifestFlow(gh).registrations.at(-1))).toBe(false);
  }, 60_000);

  it("a second run without --force refuses to replace the registered app, and changes nothing", async () => {
    const text = readFileSync(envPath, "utf8");
    const run = spawnNode(SETUP, dir, { GHE_HOST: sim.host, GHE_PROTOCOL: "http", PORT: "0" });
    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toBe("");
    expect(run.output().stderr).toContain(`.env already has APP_ID=${parseEnv(text).APP_ID}`);
    expect(run.output().stderr).toContain("npm run setup -- --force");
    expect(readFileSync(envPath, "utf8")).toBe(text);
  });

  it("with --force and GH_ORG, registers a new app under the organization and replaces only the credentials", async () => {
    const previous = parseEnv(readFileSync(envPath, "utf8"));
    const setup = await startSetup(dir, { GHE_HOST: sim.host, GHE_PROTOCOL: "http", GH_ORG: "acme" }, ["--force"]);
    children.push(setup.child);
    const page = await (await fetch(`${setup.url}/`)).text();
    expect(page).toContain(".env already has an APP_ID.");
    const { form, done } = await registerThroughBrowser(setup.url);
    expect(new URL(form.action).pathname).toBe("/organizations/acme/settings/apps/new");
    expect(done.status).toBe(200);
    expect(await setup.exited).toBe(0);
    const registration = manifestFlow(gh).registrations.at(-1);
    expect(registration?.owner).toBe("acme");
    const text = readFileSync(envPath, "utf8");
    const values = parseEnv(text);
    expect(values.APP_ID).toBe(String(registration?.conversion?.id));
    expect(values.APP_ID).not.toBe(previous.APP_ID);
    expect(values.PRIVATE_KEY).toBe(registration?.conversion?.pem);
    expect(text.match(/^APP_ID=/gm)).toHaveLength(1);
    expect(text.match(/^PRIVATE_KEY=/gm)).toHaveLength(1);
    expect(values.PUBLIC_URL).toBe("https://safety.example.org");
    expect(values.LOG_LEVEL).toBe("info");
    const { stdout, stderr } = setup.output();
    expect(leaksSecret(stdout + stderr, registration)).toBe(false);
  }, 30_000);

  it("on github.com the form posts to github.com; a webhook proxy is the webhook URL as it is; what is shown is escaped", async () => {
    const other = mkdtempSync(join(tmpdir(), "csg-setup-"));
    try {
      const setup = await startSetup(other, { WEBHOOK_PROXY_URL: "https://smee.io/AbC123" }, ["--name", `<b>Gate</b> "x" & 'y'`]);
      children.push(setup.child);
      const page = await (await fetch(`${setup.url}/`)).text();
      const form = formOf(page);
      expect(form.action).toMatch(/^https:\/\/github\.com\/settings\/apps\/new\?state=[0-9a-f]{32}$/);
      expect(form.manifest).toMatchObject({
        name: `<b>Gate</b> "x" & 'y'`,
        hook_attributes: { url: "https://smee.io/AbC123" },
        // No PUBLIC_URL: where `npm start` puts the audit pages by default, http://localhost:$PORT.
        callback_urls: ["http://localhost:3000/audit/callback"],
      });
      expect(page).toContain("<strong>&lt;b&gt;Gate&lt;/b&gt; &quot;x&quot; &amp; &#39;y&#39;</strong>");
      expect(page).not.toContain("<b>Gate</b>");

      // A callback that did not come through this run's form (another state) does nothing.
      const forged = await fetch(`${setup.url}/setup/callback?code=attackers-code&state=0123`);
      expect(forged.status).toBe(400);
      expect(() => statSync(join(other, ".env"))).toThrow();
      setup.child.kill("SIGTERM");
      await setup.exited;
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("says what to set when GitHub would have no address for webhooks", async () => {
    const other = mkdtempSync(join(tmpdir(), "csg-setup-"));
    try {
      const run = spawnNode(SETUP, other, { PORT: "0" });
      expect(await run.exited).toBe(2);
      expect(run.output().stderr).toContain("Set PUBLIC_URL to the address GitHub will reach the service at");
      expect(run.output().stderr).toContain("WEBHOOK_PROXY_URL");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("npm start without credentials fails and says to run npm run setup", async () => {
    const other = mkdtempSync(join(tmpdir(), "csg-start-"));
    try {
      const run = spawnNode(MAIN, other, { PORT: "0" });
      expect(await run.exited).toBe(1);
      expect(run.output().stderr).toContain("No GitHub App credentials: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are not set");
      expect(run.output().stderr).toContain("Run `npm run setup`");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

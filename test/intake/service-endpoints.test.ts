import { afterEach, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { Probot, type ProbotOctokit } from "probot";
import { appOctokit } from "../../src/github/app-octokit.js";
import { EtagCache } from "../../src/github/conditional-requests.js";
import { ServiceMetrics } from "../../src/metrics/service-metrics.js";
import { startService, type Service } from "../../src/service.js";
import { SqlAuditStore } from "../../src/store/audit-store.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { POSTGRES_URL, scratchPostgres } from "../audit/databases.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../fixtures/repo.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { generatePrivateKey } from "../simulator/probot.js";
import { deliverWebhook, signPayload, startSimulatorServer, type SimulatorServer } from "../simulator/server.js";
import { GitHubState } from "../simulator/state.js";

/**
 * `/healthz`, `/readyz` and `/metrics` of the service as `npm start` puts it together (src/service.ts, with
 * src/main.ts's Octokit plugins), on a real port, against the GitHub simulator over HTTP, with real storage.
 */
const SECRET = "endpoints-secret";
const OWNER = "acme";
const REPO = "eprescribe";
const silent = pino({ level: "silent" });
const PRIVATE_KEY = generatePrivateKey();

/** One sample of the text exposition: metric name and labels, as `name{a="x",b="y"}` with labels sorted. */
type Samples = Map<string, number>;

function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = [...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort();
    samples.set(`${m[1]}{${labels.join(",")}}`, Number(m[3]));
  }
  return samples;
}

/** The value of one sample (0 when absent: a counter not yet incremented). */
function value(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const key = `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(",")}}`;
  return samples.get(key) ?? 0;
}

/** The sum of a metric's samples whose labels include `labels`. */
function sum(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, v] of samples) {
    if (!key.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, val]) => key.includes(`${k}="${val}"`))) total += v;
  }
  return total;
}

/** The label values of a metric's samples, for one label. */
function labelValues(samples: Samples, name: string, label: string): string[] {
  return [...samples.keys()]
    .filter((k) => k.startsWith(`${name}{`))
    .flatMap((k) => [...k.matchAll(new RegExp(`${label}="([^"]*)"`, "g"))].map((m) => m[1] ?? ""));
}

interface Running {
  service: Service;
  base: string;
  gh: GitHubState;
  audit: SqlAuditStore;
}

describe("the service's /healthz, /readyz and /metrics", () => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** The service on `store`, its GitHub requests counted by the plugin as src/main.ts installs it. */
  async function start(store: SqlStore, options: { metricsToken?: string } = {}): Promise<Running> {
    const gh = new GitHubState({ now: "2026-11-23T09:00:00Z" });
    gh.addRepo({
      owner: OWNER,
      name: REPO,
      files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
    });
    const simulator: SimulatorServer = await startSimulatorServer(gh);
    cleanup.push(() => simulator.close());
    const metrics = new ServiceMetrics();
    // The class src/main.ts runs with, with throttling and retries off (each request reaches the simulator
    // once) and an ETag cache of this test's own (made once: the options function runs for every client).
    const cache = new EtagCache();
    const Octokit = appOctokit(metrics).defaults<typeof ProbotOctokit>((o: Record<string, unknown>) => ({
      ...o,
      throttle: { ...(o.throttle as object), enabled: false },
      retry: { enabled: false },
      conditionalRequests: { cache },
    }));
    const audit = new SqlAuditStore(store.driver);
    const service = await startService({
      probot: new Probot({ appId: 1, privateKey: PRIVATE_KEY, secret: SECRET, baseUrl: simulator.apiUrl, Octokit, log: silent }),
      store,
      audit,
      secret: SECRET,
      host: "127.0.0.1",
      port: 0,
      log: silent,
      metrics,
      ...options,
    });
    cleanup.push(() => service.stop());
    return { service, base: `http://127.0.0.1:${service.port}`, gh, audit };
  }

  async function scrape(base: string): Promise<Samples> {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    return parseExposition(await response.text());
  }

  /** How many records of each kind the trail holds, read from the database itself. */
  async function recordsByKind(audit: SqlAuditStore): Promise<Map<string, number>> {
    const kinds = new Map<string, number>();
    for await (const r of audit.all()) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
    return kinds;
  }

  it("answers /healthz, /readyz and /metrics (Prometheus' text format) on a started service", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const { base } = await start(store);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok\n");

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, worker: "running", inbox: { pending: 0, parked: 0, oldestAgeSeconds: 0 } });

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await metrics.text();
    expect(text).toContain("# TYPE clinical_safety_delivery_processing_seconds histogram");
    const samples = parseExposition(text);
    expect(value(samples, "clinical_safety_storage_up")).toBe(1);
    expect(samples.get("clinical_safety_inbox_pending_deliveries{}")).toBe(0);
    expect(samples.get("clinical_safety_inbox_parked_deliveries{}")).toBe(0);
    expect(samples.get("clinical_safety_inbox_oldest_pending_age_seconds{}")).toBe(0);
    // Counted from zero, so that a rate exists before the first one happens.
    expect(samples.get('clinical_safety_check_conclusions_total{conclusion="success"}')).toBe(0);
    expect(samples.get('clinical_safety_audit_records_appended_total{kind="sign-off"}')).toBe(0);
    // prom-client's process metrics, in the service's own registry.
    expect(samples.has("process_cpu_seconds_total{}")).toBe(true);
    expect(samples.has("nodejs_heap_size_used_bytes{}")).toBe(true);

    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("with METRICS_TOKEN, /metrics answers only a request bearing it", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const token = "metrics-token-0123456789";
    const { base } = await start(store, { metricsToken: token });
    const none = await fetch(`${base}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    const right = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("clinical_safety_storage_up 1");
    // The probes stay open: an orchestrator's health checks carry no token.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it("/readyz answers 503 and /metrics shows storage down when the embedded database is closed under the service", async () => {
    const store = await openPgliteStore();
    let closed = false;
    cleanup.push(() => (closed ? undefined : store.close()));
    const { base } = await start(store);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    await store.close();
    closed = true;

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, storage: "unreachable" });
    const samples = await scrape(base);
    expect(value(samples, "clinical_safety_storage_up")).toBe(0);
    // No depth rather than a stale one.
    expect(samples.has("clinical_safety_inbox_pending_deliveries{}")).toBe(false);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  (POSTGRES_URL ? it : it.skip)("/readyz answers 503 when the PostgreSQL database is dropped under the service", async () => {
    const db = await scratchPostgres();
    cleanup.push(() => db.drop());
    const store = await openPostgresStore(db.url);
    cleanup.push(() => store.close());
    const { base } = await start(store);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    await db.drop(); // WITH (FORCE): the pool's connections are terminated, and no new one finds the database

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, storage: "unreachable" });
    expect(value(await scrape(base), "clinical_safety_storage_up")).toBe(0);
  });

  it("counts a delivery, its GitHub requests, the conclusion and the audit records it led to", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const { service, base, gh, audit } = await start(store);
    const appUrl = `${base}/api/github/webhooks`;
    const pr = gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Round doses to 0.1 ml",
      author: "dev",
      files: [{ filename: "src/prescribing/dose/round.ts", content: "export const round = 1;\n" }],
    });
    const ref = { owner: OWNER, repo: REPO, number: pr.number };

    const before = await scrape(base);
    const recordsBefore = await recordsByKind(audit);
    const requestsBefore = gh.requests.length;
    const opened = pullRequestEvent(gh, "opened", ref);
    expect(await deliverWebhook({ appUrl, secret: SECRET, ...opened })).toBe(202);
    await service.settled();
    const after = await scrape(base);
    gh.assertNoUnhandled();

    const delta = (name: string, labels: Record<string, string> = {}) => sum(after, name, labels) - sum(before, name, labels);
    // The delivery: accepted by the intake, processed once by the worker, its processing time observed once.
    expect(delta("clinical_safety_webhook_requests_total", { event: "pull_request", outcome: "accepted" })).toBe(1);
    expect(delta("clinical_safety_deliveries_processed_total", { event: "pull_request", outcome: "processed" })).toBe(1);
    expect(delta("clinical_safety_deliveries_processed_total")).toBe(1);
    expect(delta("clinical_safety_delivery_processing_seconds_count", { event: "pull_request" })).toBe(1);
    // Every request the simulator served, counted once; the check run created with its conclusion.
    const served = gh.requests.slice(requestsBefore);
    expect(served.length).toBeGreaterThan(0);
    expect(delta("clinical_safety_github_requests_total")).toBe(served.length);
    expect(delta("clinical_safety_github_requests_total", { method: "POST", route: "/repos/{owner}/{repo}/check-runs", status: "2xx" })).toBe(
      served.filter((r) => r.method === "POST" && /\/check-runs$/.test(r.path)).length,
    );
    expect(delta("clinical_safety_github_requests_total", { method: "GET", route: "/repos/{owner}/{repo}/pulls/{pull_number}/files" })).toBe(
      served.filter((r) => r.method === "GET" && /\/pulls\/\d+\/files$/.test(r.path)).length,
    );
    expect(gh.checkRuns.map((c) => c.conclusion)).toEqual(["action_required"]);
    expect(delta("clinical_safety_check_conclusions_total", { conclusion: "action_required" })).toBe(1);
    expect(delta("clinical_safety_check_conclusions_total")).toBe(1);
    expect(value(after, "clinical_safety_github_rate_limit_remaining", { installation: "1", resource: "core" })).toBe(4999);
    // The audit records, by kind, as many as the trail in the database gained.
    const recordsAfter = await recordsByKind(audit);
    const kinds = new Set([...recordsBefore.keys(), ...recordsAfter.keys()]);
    expect(kinds.size).toBeGreaterThan(0);
    for (const kind of kinds) {
      expect([kind, delta("clinical_safety_audit_records_appended_total", { kind })]).toEqual([
        kind,
        (recordsAfter.get(kind) ?? 0) - (recordsBefore.get(kind) ?? 0),
      ]);
    }
    // Route templates only: no owner, repository or number in any label.
    for (const route of labelValues(after, "clinical_safety_github_requests_total", "route")) expect(route).not.toMatch(/acme|eprescribe|\d/);

    // The same delivery again: answered, not processed again. A forged one: refused, its event not believed.
    expect(await deliverWebhook({ appUrl, secret: SECRET, ...opened })).toBe(200);
    const body = JSON.stringify(opened.payload);
    const forged = await fetch(appUrl, {
      method: "POST",
      headers: { "x-github-event": "pull_request", "x-github-delivery": randomUUID(), "x-hub-signature-256": signPayload("not-the-secret", body) },
      body,
    });
    expect(forged.status).toBe(401);
    await service.settled();
    const later = await scrape(base);
    expect(value(later, "clinical_safety_webhook_requests_total", { event: "pull_request", outcome: "redelivery-ignored" })).toBe(1);
    expect(value(later, "clinical_safety_webhook_requests_total", { event: "unverified", outcome: "refused-signature" })).toBe(1);
    expect(sum(later, "clinical_safety_deliveries_processed_total")).toBe(1);
  });

  it("counts GitHub's 304s as 304s: an unchanged PR evaluated again is answered from the ETag cache", async () => {
    const store = await openPgliteStore();
    cleanup.push(() => store.close());
    const { service, base, gh } = await start(store);
    const appUrl = `${base}/api/github/webhooks`;
    const pr = gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose",
      author: "dev",
      files: [{ filename: "src/prescribing/dose/round.ts", content: "" }],
    });
    const ref = { owner: OWNER, repo: REPO, number: pr.number };
    expect(await deliverWebhook({ appUrl, secret: SECRET, ...pullRequestEvent(gh, "opened", ref) })).toBe(202);
    await service.settled();

    const before = await scrape(base);
    const requestsBefore = gh.requests.length;
    const comment = gh.addComment({ ...ref, user: "dev", body: "/safety recheck" });
    expect(
      await deliverWebhook({ appUrl, secret: SECRET, ...issueCommentEvent(gh, "created", { owner: OWNER, repo: REPO, commentId: comment.id }) }),
    ).toBe(202);
    await service.settled();
    const after = await scrape(base);
    gh.assertNoUnhandled();

    const served = gh.requests.slice(requestsBefore);
    const notModified = served.filter((r) => r.status === 304).length;
    expect(notModified).toBeGreaterThan(0);
    expect(
      sum(after, "clinical_safety_github_requests_total", { status: "304" }) -
        sum(before, "clinical_safety_github_requests_total", { status: "304" }),
    ).toBe(notModified);
    expect(sum(after, "clinical_safety_github_requests_total") - sum(before, "clinical_safety_github_requests_total")).toBe(served.length);
    expect(value(after, "clinical_safety_deliveries_processed_total", { event: "issue_comment", outcome: "processed" })).toBe(1);
  });
});

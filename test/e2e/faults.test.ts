import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tickInComment } from "../fixtures/checklist.js";
import { issueCommentEvent, pullRequestEvent, reviewEvent } from "../simulator/payloads.js";
import { handleRequest } from "../simulator/routes.js";
import {
  deliverUntilAccepted,
  generatePrivateKey,
  latestCheck,
  prng,
  readTrail,
  refusalReplies,
  signOffReplies,
  sleep,
  startApp,
  stickies,
  waitForEmptyInbox,
  type AppProcess,
  type WebhookEvent,
} from "./process-harness.js";
import { OWNER, REPO, scriptedGitHub } from "./pr-script.js";

/**
 * GitHub misbehaving: ~30% of the app's requests (seeded: FAULT_SEED repeats a run) fail with a 5xx, or with
 * a secondary rate limit (403 or 429 with `retry-after: 1`), while a PR's history is delivered to the real
 * process. A check run is never `success` on a commit both roles have not validly signed off, at any moment
 * (watched on every request GitHub answers); once the faults stop, the inbox's retries (and a redelivery of
 * what was parked, as an admin would do) bring the PR to exactly the state its history implies.
 */
const SEED = Number(process.env.FAULT_SEED ?? 4242);
const FAULT_RATE = 0.3;
const trace = process.env.E2E_TRACE
  ? (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} faults: ${m}\n`)
  : () => undefined;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("the real process while GitHub fails ~30% of requests", () => {
  const gh = scriptedGitHub();
  const rand = prng(SEED);
  const privateKey = generatePrivateKey();
  const dataDir = mkdtempSync(join(tmpdir(), "csg-faults-"));
  let faulting = true;
  const injected: Record<string, number> = {};
  let requests = 0;
  /** Commits on which both roles signed while the checklist was complete: the only ones that may pass. */
  const mayPass = new Set<string>();
  const violations: string[] = [];
  let server: Server;
  let app: AppProcess;

  /** Every `success` check run must be on a commit that may pass: checked after every answered request. */
  const watch = () => {
    for (const run of gh.checkRuns) {
      if (run.conclusion === "success" && !mayPass.has(run.headSha))
        violations.push(`check run ${run.id} is success on ${run.headSha}, never signed off`);
    }
  };

  beforeAll(async () => {
    // The simulator behind a front that injects the faults (before routing: a failed request changes nothing).
    server = createServer((req, res) => {
      void readBody(req).then((body) => {
        requests += 1;
        if (faulting && rand() < FAULT_RATE) {
          const kind = Math.floor(rand() * 5);
          const [status, headers, message] =
            kind === 0
              ? [403, { "retry-after": "1" }, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."]
              : kind === 1
                ? [429, { "retry-after": "1" }, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."]
                : kind === 2
                  ? [500, {}, "Server Error"]
                  : kind === 3
                    ? [502, {}, "Server Error"]
                    : [503, {}, "Service Unavailable"];
          injected[status] = (injected[status] ?? 0) + 1;
          res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
          res.end(JSON.stringify({ message, documentation_url: "https://docs.github.com/rest" }));
          return;
        }
        const response = handleRequest(gh, {
          method: req.method ?? "GET",
          url: `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`,
          headers: req.headers,
          body,
        });
        res.writeHead(response.status, response.headers);
        res.end(response.body);
        watch();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    app = await startApp({ storage: { dataDir }, gheHost: `127.0.0.1:${(server.address() as AddressInfo).port}`, privateKey });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("never passes a commit that was not signed off, and ends right once the faults stop", async () => {
    const started = Date.now();
    const pr = gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Dose",
      author: "dev",
      files: [{ filename: "src/prescribing/dose/round.ts", content: "x\n" }],
    });
    const ref = { owner: OWNER, repo: REPO, number: pr.number };
    const sent: { id: string; event: WebhookEvent }[] = [];
    let ticks = 0;
    const signed = new Map<string, Set<string>>();
    /**
     * Delivers, and gives the app a few seconds to process it under the faults (the watch also runs on every
     * request the app makes meanwhile, not only here).
     */
    const deliver = async (event: WebhookEvent) => {
      const id = randomUUID();
      trace(`deliver ${event.name} (${requests} requests, ${JSON.stringify(injected)} injected)`);
      sent.push({ id, event });
      await deliverUntilAccepted(() => app.appUrl, event, id);
      await waitForEmptyInbox(app.port, 4_000).catch(() => undefined);
      watch();
    };
    const tick = async (question: string) => {
      for (let i = 0; i < 1200 && stickies(gh, pr.number).length === 0; i++) await sleep(50);
      const sticky = stickies(gh, pr.number)[0];
      if (!sticky) throw new Error("the app never commented");
      gh.tick(5);
      const from = sticky.body;
      gh.editComment(sticky.id, tickInComment(from, question, "No"));
      ticks += 1;
      await deliver(issueCommentEvent(gh, "edited", { ...ref, commentId: sticky.id, sender: "dev", from }));
    };
    /** A sign-off in a review (recorded on its commit however late it is processed). */
    const signOff = async (by: "cso" | "cpm") => {
      gh.tick(5);
      const head = gh.requirePull(ref).headSha;
      if (ticks === 2) {
        const roles = signed.get(head) ?? new Set<string>();
        roles.add(by);
        signed.set(head, roles);
        if (roles.size === 2) mayPass.add(head);
      }
      const r = gh.addReview({ ...ref, user: by, body: `/safety sign-off ${by}`, state: "APPROVED" });
      await deliver(reviewEvent(gh, "submitted", { ...ref, reviewId: r.id, sender: by }));
    };
    const comment = async (by: string, body: string) => {
      gh.tick(5);
      const c = gh.addComment({ ...ref, user: by, body });
      await deliver(issueCommentEvent(gh, "created", { ...ref, commentId: c.id, sender: by }));
    };
    const push = async () => {
      gh.tick(5);
      gh.pushToPullRequest(ref, undefined, [{ filename: "src/prescribing/dose/round.ts", content: `y${Date.now()}\n` }]);
      await deliver(pullRequestEvent(gh, "synchronize", { ...ref, sender: "dev" }));
    };

    await deliver(pullRequestEvent(gh, "opened", { ...ref, sender: "dev" }));
    await signOff("cso"); // before the checklist is complete: refused
    await tick("decision-logic");
    await tick("calculations");
    await comment("dev", "/safety sign-off"); // the author: refused
    await signOff("cso");
    await signOff("cpm"); // both signed the head: it may pass
    await push(); // voids both
    await signOff("cpm");
    await comment("dev", "/safety recheck");

    // The faults stop. What failed is retried by the inbox; what was parked is redelivered (GitHub's
    // "Redeliver", which an admin uses for failed deliveries): a processed one is answered 200 and ignored.
    // Faults go on while the app works through what is left (bounded), then stop.
    await waitForEmptyInbox(app.port, 25_000).catch(() => undefined);
    faulting = false;
    trace("faults stop");
    for (const { id, event } of sent) await deliverUntilAccepted(() => app.appUrl, event, id);
    const inbox = await waitForEmptyInbox(app.port, 80_000);
    trace(`inbox empty: ${JSON.stringify(inbox)}`);
    expect(inbox.inbox.parked).toBe(0);
    // Settled: the last GitHub write (the labels) of the last event may follow the inbox row's completion.
    await sleep(300);
    watch();

    expect(violations).toEqual([]);
    const head = gh.requirePull(ref).headSha;
    expect(mayPass.has(head)).toBe(false);
    expect(latestCheck(gh, head)?.conclusion).toBe("action_required");
    expect(stickies(gh, pr.number)).toHaveLength(1);
    // Each refused command answered once: the early CSO review (checklist incomplete) and the author's.
    const sources = refusalReplies(gh, pr.number).map((c) => /clinical-safety-gate:reply (\S+)/.exec(c.body)?.[1]);
    const confirmed = signOffReplies(gh, pr.number).map((c) => /clinical-safety-gate:reply (\S+)/.exec(c.body)?.[1]);
    expect(new Set(confirmed).size).toBe(confirmed.length);
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources).toHaveLength(2);
    // Then the missing CSO signs the new head: it passes.
    await signOff("cso");
    await waitForEmptyInbox(app.port, 30_000);
    expect(latestCheck(gh, head)?.conclusion).toBe("success");
    expect(violations).toEqual([]);

    await app.stop();
    const trail = (await readTrail({ dataDir })).filter((r) => r.pr === pr.number);
    expect(trail.filter((r) => r.kind === "sign-off")).toHaveLength(4);
    expect(trail.filter((r) => r.kind === "answer")).toHaveLength(2);
    const faults = Object.values(injected).reduce((a, b) => a + b, 0);
    console.log(
      `faults (seed ${SEED}): ${faults} of ${requests} GitHub requests failed ${JSON.stringify(injected)}; ${sent.length + 1} deliveries; ${Date.now() - started} ms`,
    );
    expect(faults).toBeGreaterThan(10);
  }, 115_000);
});

import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pino } from "pino";
import { gateDepsFor } from "../../src/app.js";
import { reconcile } from "../../src/handlers/reconcile.js";
import { OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/** Reconcile: open PRs whose head no delivery told the gate about are evaluated, once. */
describe("Reconcile", () => {
  let h: Harness;
  const log = pino({ level: "silent" });
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const run = (max?: number) =>
    reconcile(
      h.probot,
      gateDepsFor(h.probot, { store: h.store, audit: h.audit, now: () => new Date(h.gh.now()) }),
      log,
      max === undefined ? {} : { maxEvaluations: max },
    );

  it("a PR whose delivery was lost gets its check; a PR already evaluated at its head is left alone", async () => {
    const seen = await PrDriver.open(h);
    const lost = h.gh.openPullRequest({
      owner: OWNER,
      repo: REPO,
      title: "Lost",
      author: "dev",
      files: [{ filename: "src/prescribing/x.ts", content: "x" }],
    });
    expect(h.gh.checkRuns.filter((c) => c.headSha === lost.headSha)).toEqual([]);
    h.gh.clearRequests();
    expect(await run()).toEqual({ checked: 2, evaluated: 1, failed: 0 });
    expect(h.gh.checkRuns.find((c) => c.headSha === lost.headSha)?.conclusion).toBe("action_required");
    // Nothing written for the PR the gate already knew.
    expect(h.gh.requests.filter((r) => r.method !== "GET" && r.path.includes(`/issues/${seen.number}/`))).toEqual([]);
    // A second run finds every head in the trail.
    expect(await run()).toEqual({ checked: 2, evaluated: 0, failed: 0 });
  });

  it("a push the gate missed is caught up: the new head gets its check", async () => {
    const pr = await PrDriver.open(h);
    h.gh.pushToPullRequest(pr.ref); // no synchronize delivered
    expect(await run()).toMatchObject({ evaluated: 1 });
    expect(pr.check().conclusion).toBe("action_required");
  });

  it("evaluates at most the given number per run; the rest wait for the next", async () => {
    for (let i = 0; i < 3; i++)
      h.gh.openPullRequest({
        owner: OWNER,
        repo: REPO,
        title: `PR ${i}`,
        author: "dev",
        files: [{ filename: "src/prescribing/x.ts", content: "x" }],
      });
    expect(await run(2)).toMatchObject({ evaluated: 2 });
    expect(await run(2)).toMatchObject({ evaluated: 1 });
  });
});

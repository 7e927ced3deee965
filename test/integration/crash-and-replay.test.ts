import { afterEach, describe, expect, it } from "@jest/globals";
import { replayStale, STALE_AFTER_MS } from "../../src/handlers/inbox.js";
import { MemoryStore } from "../../src/store/memory.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { appComments, checksOnHead, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/** A crash mid-event loses nothing: an accepted delivery is processed after restart, and applied once. */
describe("Deliveries are kept until processed", () => {
  let h: Harness;
  let clock = Date.parse("2026-11-23T09:00:00Z");
  const later = () => new Date((clock += STALE_AFTER_MS + 1_000));
  afterEach(async () => {
    await h.close();
  });

  it("a delivery received just before a crash is processed after the restart", async () => {
    const store = new MemoryStore(() => clock);
    h = await startHarness({ store });
    const pr = h.gh.openPullRequest({ owner: OWNER, repo: REPO, title: "Dose", author: "dev", files: [{ filename: "src/prescribing/a.ts", content: "x" }] });
    // The process accepted the event (it is in the inbox) and died before doing anything with it.
    const event = pullRequestEvent(h.gh, "opened", { owner: OWNER, repo: REPO, number: pr.number });
    await store.recordDelivery({ id: event.id, name: event.name, payload: event.payload });
    await h.close();

    h = await startHarness({ store, gh: h.gh }); // the restarted process: same database, same GitHub
    expect(await replayStale(h.probot, store, later)).toBe(1);
    expect(appComments(h.gh, pr.number)).toHaveLength(1);
    expect(checksOnHead(h.gh, pr.number)[0]?.conclusion).toBe("action_required");
    // Processed now: nothing left to replay.
    expect(await replayStale(h.probot, store, later)).toBe(0);
  });

  it("a delivery that failed is retried later, and its command is applied once", async () => {
    const store = new MemoryStore(() => clock);
    h = await startHarness({ store });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    // GitHub fails while the CSO's sign-off is being published: the sign-off is stored, the check fails.
    h.gh.failNext("PATCH", /\/check-runs\/\d+$/, 502, 1);
    await expect(pr.comment("cleo", "/safety sign-off cso")).rejects.toThrow();
    expect(pr.check().conclusion).toBe("failure");

    expect(await replayStale(h.probot, store, later)).toBe(1);
    expect(pr.check().conclusion).toBe("success");
    const facts = await store.facts({ repo: `${OWNER}/${REPO}`, number: pr.number });
    expect(facts.filter((f) => f.kind === "sign-off" && f.actor === "cleo")).toHaveLength(1);
    expect(pr.replies()).toEqual([]);
  });
});

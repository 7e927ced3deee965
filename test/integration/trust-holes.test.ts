import { afterEach, describe, expect, it } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { ConclusionChecker } from "../../src/audit/verify-conclusions.js";
import { openPgliteStore } from "../../src/store/pglite.js";
import type { SqlStore } from "../../src/store/sql-store.js";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { PrDriver, startHarness, type Harness } from "./harness.js";

/** Holes found trying the gate as an attacker would (issue "Trust under attack"), each with the test that closes it. */
describe("Trust under attack", () => {
  let h: Harness;
  let store: SqlStore | undefined;
  afterEach(async () => {
    await h.close();
    await store?.close();
    store = undefined;
  });

  it("hole: a replayed signed delivery under a new delivery id brought a revoked sign-off back", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    h.gh.tick(60);
    const signed = h.gh.addComment({ ...pr.ref, user: "cleo", body: "/safety sign-off cso" });
    const event = issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: signed.id, sender: "cleo" });
    await h.probot.receive(event);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
    await pr.comment("cleo", "/safety revoke");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    // The same signed body again, under a delivery id the signature does not cover.
    await h.probot.receive({ ...event, id: randomUUID() });
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    expect(h.audit.records.filter((r) => r.kind === "sign-off")).toHaveLength(1);
  });

  it("hole: a row written into the facts table by hand became a sign-off; facts are read from the audit chain alone", async () => {
    store = await openPgliteStore();
    h = await startHarness({ store });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    const head = h.gh.requirePull(pr.ref).headSha;
    // Someone with database access writes the missing CSO sign-off where facts used to be kept…
    await store.driver.query(
      "INSERT INTO gate_facts (repo, pr_number, kind, actor, at, head_sha, data) VALUES ($1, $2, 'sign-off', 'cleo', now(), $3, $4)",
      [
        "acme/eprescribe",
        pr.number,
        head,
        JSON.stringify({ kind: "sign-off", role: "cso", actor: "cleo", at: new Date().toISOString(), headSha: head }),
      ],
    );
    await pr.comment("dev", "/safety recheck");
    // …and nothing comes of it: the PR still waits for the CSO.
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso");
    expect(h.audit.records.filter((r) => r.kind === "sign-off").map((r) => r.actor)).toEqual(["pat"]);
  });

  it("every success the gate records is backed by its sign-offs in the trail (what audit verify checks)", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    await pr.comment("cleo", "/safety revoke");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    const checker = new ConclusionChecker();
    for (const r of h.audit.records) checker.push(r);
    expect(checker.finish()).toEqual([]);
    expect(h.audit.records.filter((r) => r.kind === "check-conclusion" && r.data.conclusion === "success")).toHaveLength(2);
  });
});

describe("hole: removing the only label that made a PR relevant gave success, silently", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("the removed label keeps the PR relevant until a role member clears it, and that is recorded", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h, { files: ["README.md"], labels: ["clinical-impact"] });
    expect(pr.check().conclusion).toBe("action_required");
    h.gh.removeLabel(pr.ref, "clinical-impact");
    await h.probot.receive(pullRequestEvent(h.gh, "unlabeled", { ...pr.ref, label: "clinical-impact", sender: "dev" }));
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.sticky().body).toContain("since removed: the PR stays relevant until a role member clears it");

    await pr.comment("dev2", "/safety not-relevant it only touches the README");
    expect(pr.replies().at(-1)?.body).toContain("only members of a clinical safety role");
    await pr.comment("dev", "/safety not-relevant it only touches the README");
    expect(pr.replies().at(-1)?.body).toContain("you opened this pull request; for segregation of duties someone else must clear it");
    expect(pr.check().conclusion).toBe("action_required");

    await pr.comment("cleo", "/safety not-relevant it only touches the README");
    expect(pr.check().conclusion).toBe("success");
    expect(pr.check().output.title).toBe("No clinical impact detected");
    const cleared = h.audit.records.find((r) => r.kind === "not-relevant");
    expect(cleared).toMatchObject({ actor: "cleo", data: { role: "cso", reason: "it only touches the README" } });

    // Labelled again later: relevant again, and remembered again.
    h.gh.addLabels(pr.ref, ["clinical-impact"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, label: "clinical-impact", sender: "dev" }));
    expect(pr.check().conclusion).toBe("action_required");
  });
});

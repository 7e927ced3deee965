import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { factsOf } from "../../src/audit/facts-from-records.js";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { issueCommentEvent } from "../simulator/payloads.js";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 5 — Link hazards: ids in the body or /safety link link; ids in comments are only mentioned; unknown links block", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("shows a hazard linked from the PR body with its title, status and initial → residual rating", async () => {
    const pr = await PrDriver.open(h, { body: "Fixes rounding; see HAZ-002." });
    const body = pr.sticky().body;
    expect(body).toMatch(
      /\| `HAZ-002` \| Paediatric dose uses a stale weight[^|]* \| open \| 5 — unacceptable → 3 — undesirable \| PR description \|/,
    );
  });

  it("an id merely mentioned in a comment is a suggestion: shown as mentioned, neither linked nor blocking", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("dev", "Also touches HAZ-999 I think, and maybe HAZ-006.");
    await pr.review("eve", "Looks like HAZ-004 to me");
    const body = pr.sticky().body;
    expect(body).not.toMatch(/\| `HAZ-006` \|/);
    expect(body).toMatch(/`HAZ-006` \(Triage logic[^\n]*is mentioned in a comment by @\u200bdev, not linked/);
    expect(body).toMatch(/`HAZ-999` is mentioned in a comment by @\u200bdev, not linked \(and it is not in `docs\/safety\/hazard-log\.yml`\)/);
    expect(body).toMatch(/`HAZ-004`[^\n]*is mentioned in a review by @\u200beve/);
    expect(body).toContain("No hazards linked yet");
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("success");
    expect(h.audit.records.filter((r) => r.kind === "hazard-link")).toEqual([]);
  });

  it("/safety link links a hazard and /safety unlink removes that link, each a fact in the trail", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll("dev", "Yes");
    expect(pr.check().output.title).toMatch(/Hazard link needed/);
    await pr.comment("fork-contributor", "/safety link HAZ-002");
    expect(pr.sticky().body).toMatch(/\| `HAZ-002` \| Paediatric dose[^\n]*\| \/safety link by @\u200bfork-contributor \|/);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    expect(pr.replies()).toEqual([]);

    await pr.comment("dev", "/safety unlink HAZ-002");
    expect(pr.sticky().body).not.toMatch(/\| `HAZ-002` \|/);
    // The unlink command does not count as a mention of the id it removes.
    expect(pr.sticky().body).not.toMatch(/HAZ-002`[^\n]*is mentioned/);
    expect(pr.check().output.title).toMatch(/Hazard link needed/);

    const links = h.audit.records.filter((r) => r.kind === "hazard-link");
    expect(links.map((r) => [r.actor, r.data.command, r.data.hazardId])).toEqual([
      ["fork-contributor", "link", "HAZ-002"],
      ["dev", "unlink", "HAZ-002"],
    ]);
    expect(
      factsOf(h.audit.records)
        .filter((f) => f.kind === "link" || f.kind === "unlink")
        .map((f) => f.kind),
    ).toEqual(["link", "unlink"]);
    expect(verifyChain(h.audit.records).ok).toBe(true);
  });

  it("a replayed /safety link comment records its fact once", async () => {
    const pr = await PrDriver.open(h);
    const id = await pr.comment("dev", "/safety link HAZ-002");
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: id, sender: "dev" }));
    expect(h.audit.records.filter((r) => r.kind === "hazard-link").map((r) => r.data.hazardId)).toEqual(["HAZ-002"]);
    expect(pr.sticky().body).toMatch(/\| `HAZ-002` \|/);
  });

  it("unlink of an id in the description, or of one never linked, is refused with the reason", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-002." });
    await pr.comment("dev", "/safety unlink HAZ-002\n/safety unlink HAZ-006\n/safety link nonsense");
    const reply = pr.replies()[0]?.body ?? "";
    expect(reply).toContain("`/safety unlink HAZ-002` was refused: `HAZ-002` is linked by the PR description");
    expect(reply).toContain("`/safety unlink HAZ-006` was refused: `HAZ-006` is not linked to this PR");
    expect(reply).toMatch(/`\/safety link nonsense` was refused: `nonsense` is not a hazard id/);
    expect(pr.sticky().body).toMatch(/\| `HAZ-002` \|/);
    await pr.editBody("No hazard named any more.");
    expect(pr.sticky().body).not.toMatch(/\| `HAZ-002` \|/);
  });

  it("an unknown id in a /safety link blocks until it is unlinked", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("dev", "/safety link HAZ-999");
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/HAZ-999/);
    expect(pr.sticky().body).toMatch(
      /HAZ-999[^\n]*not in `docs\/safety\/hazard-log\.yml`: fix the id, or remove the link with `\/safety unlink HAZ-999`/,
    );
    await pr.comment("dev", "/safety unlink HAZ-999");
    expect(pr.check().conclusion).toBe("success");
  });

  it("an unknown id is an error shown in the comment, and blocks", async () => {
    const pr = await PrDriver.open(h, { body: "Affects HAZ-999" });
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.sticky().body).toContain("HAZ-999");
    expect(pr.sticky().body).toMatch(/HAZ-999[^\n]*not in `?docs\/safety\/hazard-log\.yml/);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toMatch(/HAZ-999/);
  });

  it("escapes a hazard id's neighbours: a comment's HTML is never echoed", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("eve", "<img src=x onerror=alert(1)> HAZ-002");
    expect(pr.sticky().body).not.toContain("<img");
  });
});

import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { issueCommentEvent, pullRequestEvent } from "../simulator/payloads.js";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("Step 7 — Push: a new head SHA voids sign-offs, and the comment says by which commit", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("voids every sign-off on a push and names the commit", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    const before = h.gh.requirePull(pr.ref).headSha;
    expect(pr.check().conclusion).toBe("success");

    const after = await pr.push();
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    expect(pr.sticky().body).toContain(`given on ${before.slice(0, 7)}; voided by push of ${after.slice(0, 7)}`);
    expect(pr.labels()).toEqual(["clinical-safety: sign-off required"]);
    // The old commit keeps its passing check; the new head has its own.
    expect(h.gh.checkRuns.find((c) => c.headSha === before)?.conclusion).toBe("success");
  });

  it("a review made on an older commit signs that commit, which the push already voided", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    const old = h.gh.requirePull(pr.ref).headSha;
    await pr.push();
    await pr.review("cleo", "/safety sign-off cso", old);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    expect(pr.sticky().body).toContain("voided by push");
  });

  it("a sign-off written before a push it had not seen is refused, not moved onto the new commit", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    // cleo writes her sign-off while the PR is at its first commit…
    h.gh.tick(60);
    const written = h.gh.addComment({ ...pr.ref, user: "cleo", body: "/safety sign-off cso" });
    // …a push lands and is processed before her comment's event is.
    const after = await pr.push();
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: written.id, sender: "cleo" }));
    expect(pr.replies().at(-1)?.body).toContain(`a new commit (${after.slice(0, 7)}) was pushed after you wrote this; review it and sign off again`);
    expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
    // Signing again, now that she has seen the new commit, counts.
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
  });

  it.each([
    ["the force-push is processed before the comment", true],
    ["the comment is processed before the force-push's event arrives", false],
  ])(
    "hole: a sign-off landed on a commit its signer never saw — push B, push A, the CSO signs A, force-push back to B (%s)",
    async (_name, forcePushFirst) => {
      const pr = await PrDriver.open(h);
      const b = h.gh.requirePull(pr.ref).headSha;
      await pr.answerAll();
      const a = await pr.push();
      // cleo looks at A and signs it…
      h.gh.tick(60);
      const written = h.gh.addComment({ ...pr.ref, user: "cleo", body: "/safety sign-off cso" });
      // …and before her comment is processed, the author force-pushes the branch back to B.
      h.gh.tick(60);
      h.gh.forcePushPullRequest(pr.ref, b);
      const forcePush = pullRequestEvent(h.gh, "synchronize", { ...pr.ref, sender: "dev", before: a });
      if (forcePushFirst) await h.probot.receive(forcePush);
      await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: written.id, sender: "cleo" }));
      if (!forcePushFirst) await h.probot.receive(forcePush);

      expect(h.gh.requirePull(pr.ref).headSha).toBe(b);
      expect(pr.replies().at(-1)?.body).toContain(`a new commit (${b.slice(0, 7)}) was pushed after you wrote this; review it and sign off again`);
      expect(pr.check().conclusion).toBe("action_required");
      expect(pr.check().output.title).toBe("Waiting for sign-off: cso, cpm");
      // The trail shows each change of head, B → A → B, so an auditor sees the force-push too.
      const heads: (string | null)[] = [];
      for await (const r of h.audit.stream({ repo: `${pr.ref.owner}/${pr.ref.repo}`, pr: pr.number })) if (r.kind === "head") heads.push(r.headSha);
      expect(heads).toEqual([b, a, b]);
      // Signing again, now that she has seen B as the head, counts.
      await pr.comment("cleo", "/safety sign-off cso");
      expect(pr.check().output.title).toBe("Waiting for sign-off: cpm");
    },
  );

  it("keeps sign-offs across pushes when dismiss_on_push is off", async () => {
    const config = (await import("./harness.js")).CONFIG_YML.replace("dismiss_on_push: true", "dismiss_on_push: false");
    await h.close();
    h = await startHarness({
      files: { ".github/clinical-safety.yml": config, "docs/safety/hazard-log.yml": (await import("./harness.js")).HAZARD_LOG_YML },
    });
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    await pr.comment("cleo", "/safety sign-off cso");
    await pr.push();
    expect(pr.check().conclusion).toBe("success");
  });
});

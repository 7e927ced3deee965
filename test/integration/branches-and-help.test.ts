import { afterEach, describe, expect, it } from "@jest/globals";
import { verifyChain } from "../../src/audit/verify-chain.js";
import { pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

const configWith = (extra: string) => `${CONFIG_YML.trimEnd()}\n${extra}\n`;

describe("Base branches: the gate protects the branches the configuration names (default: the default branch)", () => {
  let h: Harness;
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  it("a PR into a branch the gate does not protect gets a neutral check that says why, and no comment, label or sign-off", async () => {
    h = await startHarness();
    h.gh.commitToBranch(OWNER, REPO, "experiments", {});
    const pr = await PrDriver.open(h, { base: "experiments" });
    const check = pr.check();
    expect(check.conclusion).toBe("neutral");
    expect(check.output.title).toBe("Not checked: experiments is not a protected base branch");
    expect(check.output.summary).toContain("`main`");
    expect(check.output.summary).toContain("`branches:`");
    expect(pr.replies()).toEqual([]);
    expect(h.gh.comments.filter((c) => c.issueNumber === pr.number)).toEqual([]);
    expect(pr.labels()).toEqual([]);
    const conclusions = h.audit.records.filter((r) => r.kind === "check-conclusion");
    expect(conclusions.map((r) => [r.data.conclusion, r.data.state])).toEqual([["neutral", "unprotected-base"]]);
    expect(h.audit.records.filter((r) => r.kind === "classification")).toEqual([]);

    // A sign-off there is refused with the reason; nothing is recorded for it.
    await pr.comment("cleo", "/safety sign-off cso");
    expect(pr.replies()).toHaveLength(1);
    expect(pr.replies()[0]?.body).toContain("a branch the clinical safety gate does not protect");
    expect(h.audit.records.filter((r) => r.kind === "sign-off")).toEqual([]);
  });

  it("a merge into an unprotected base is neither evidence nor a bypass; the same PR into main would be a bypass", async () => {
    h = await startHarness();
    h.gh.commitToBranch(OWNER, REPO, "experiments", {});
    const pr = await PrDriver.open(h, { base: "experiments" });
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    expect(h.audit.records.filter((r) => r.kind === "merge" || r.kind === "bypass")).toEqual([]);
    expect(h.gh.issues).toEqual([]);

    const intoMain = await PrDriver.open(h);
    h.gh.tick(60);
    h.gh.closePullRequest(intoMain.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...intoMain.ref, sender: "acme" }));
    expect(h.audit.records.filter((r) => r.kind === "bypass").map((r) => r.pr)).toEqual([intoMain.number]);
  });

  it("`branches:` protects the branches it names, globs included, and no longer the default branch unless named", async () => {
    h = await startHarness({
      files: { ".github/clinical-safety.yml": configWith('branches: [main, "release/*"]'), "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
    });
    h.gh.commitToBranch(OWNER, REPO, "release/2.1", {});
    h.gh.commitToBranch(OWNER, REPO, "develop", {});
    const release = await PrDriver.open(h, { base: "release/2.1" });
    expect(release.check().conclusion).toBe("action_required");
    expect(release.labels()).toEqual(["clinical-safety: sign-off required"]);
    const develop = await PrDriver.open(h, { base: "develop" });
    expect(develop.check().conclusion).toBe("neutral");
    expect(develop.check().output.summary).toContain("`release/*`");
  });

  it("a direct push to a protected non-default branch is a bypass naming that branch; to an unprotected one, nothing", async () => {
    h = await startHarness({
      files: { ".github/clinical-safety.yml": configWith('branches: [main, "release/*"]'), "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
    });
    h.gh.commitToBranch(OWNER, REPO, "release/2.1", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix", author: "dev" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "release/2.1", sender: "dev" }));
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toHaveLength(1);
    expect(h.gh.issues[0]?.title).toMatch(/^Clinical safety bypass: direct push to release\/2\.1 /);
    expect(h.gh.issues[0]?.body).toContain("the protected branch `release/2.1`");

    h.gh.commitToBranch(OWNER, REPO, "develop", { "src/prescribing/dose/round.ts": "experiment" }, { message: "try", author: "dev" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "develop", sender: "dev" }));
    expect(h.audit.records.filter((r) => r.kind === "bypass")).toHaveLength(1);
    expect(h.gh.issues).toHaveLength(1);
  });

  it("an invalid `branches:` entry fails the check with its line, like any configuration problem", async () => {
    h = await startHarness({
      files: { ".github/clinical-safety.yml": configWith("branches: [refs/heads/main]"), "docs/safety/hazard-log.yml": HAZARD_LOG_YML },
    });
    const pr = await PrDriver.open(h);
    expect(pr.check().conclusion).toBe("failure");
    expect(pr.check().output.summary).toContain("branches[0]");
    expect(pr.check().output.summary).toContain("without");
  });
});

describe("/safety help", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("lists every command and the roles the asker holds, and what the PR still needs", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.comment("cleo", "/safety help");
    const [reply] = pr.replies();
    expect(reply?.body).toMatch(/^@cleo\n/);
    for (const usage of [
      "/safety answer",
      "/safety sign-off [role]",
      "/safety revoke",
      "/safety object",
      "/safety not-relevant",
      "/safety recheck",
      "/safety help",
    ]) {
      expect(reply?.body).toContain(usage);
    }
    expect(reply?.body).toContain("**Your roles here:** `cso` (team `clinical-safety`)");
    expect(reply?.body).toContain("still needs sign-off by:** `cso`, `cpm` — you can give `cso`");
    // Help is an answer, not a decision: nothing joins the trail for it.
    expect(h.audit.records.filter((r) => r.actor === "cleo")).toEqual([]);
  });

  it("tells a person with no role which roles exist and who holds them", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.comment("eve", "/safety help");
    const body = pr.replies()[0]?.body ?? "";
    expect(body).toContain("You hold none of this repository's clinical safety roles");
    expect(body).toContain("`cso`: team `clinical-safety`");
    expect(body).toContain("`cpm`: team `clinical-product`");
  });

  it("answers once per comment, however often the delivery comes back, and together with a refusal in the same comment", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    const id = await pr.comment("eve", "/safety sign-off\n/safety help");
    const replies = pr.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("`/safety sign-off` was refused");
    expect(replies[0]?.body).toContain("| command | what it does |");
    expect(replies[0]?.body.match(/@eve/g)).toHaveLength(1);
    const { issueCommentEvent } = await import("../simulator/payloads.js");
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: id, sender: "eve" }));
    expect(pr.replies()).toHaveLength(1);
  });

  it("is answered on a PR whose base the gate does not protect, saying why it takes no commands there", async () => {
    h = await startHarness();
    h.gh.commitToBranch(OWNER, REPO, "experiments", {});
    const pr = await PrDriver.open(h, { base: "experiments" });
    await pr.comment("cleo", "/safety help");
    const body = pr.replies()[0]?.body ?? "";
    expect(body).toContain("| command | what it does |");
    expect(body).toContain("takes no commands on this pull request: this pull request is into `experiments`");
  });
});

import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { verifyChain } from "../../src/audit/verify-chain.js";
import type { BypassReviewData } from "../../src/core/bypass-review.js";
import { issueCommentEvent, pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import { BOT, OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/**
 * `/safety review-bypass accept|revert <reason>`: the CSO's retrospective decision on a bypass joins the
 * trail, written on the merged PR or on the bypass issue the app opened; anyone else is refused with why.
 */
describe("Bypass review in the trail", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(verifyChain(h.audit.records).ok).toBe(true);
    await h.close();
  });

  const records = (kind: string) => h.audit.records.filter((r) => r.kind === kind);
  const appReplies = (number: number) => h.gh.comments.filter((c) => c.issueNumber === number && c.user === BOT && c.body.includes("reply"));

  /** An admin merge of a PR nobody signed off: a bypass, reported in an issue. */
  async function bypassedPr(): Promise<PrDriver> {
    const pr = await PrDriver.open(h);
    h.gh.tick(60);
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    expect(records("bypass")).toHaveLength(1);
    return pr;
  }

  /** A comment on an issue (not a PR), delivered. */
  async function commentOnIssue(number: number, user: string, body: string): Promise<number> {
    h.gh.tick(60);
    const c = h.gh.addComment({ owner: OWNER, repo: REPO, number, user, body });
    await h.probot.receive(issueCommentEvent(h.gh, "created", { owner: OWNER, repo: REPO, commentId: c.id, sender: user }));
    return c.id;
  }

  it("on the merged PR: a non-CSO is refused with the reason; the CSO's review is recorded and answered", async () => {
    const pr = await bypassedPr();
    const before = h.audit.records.length;
    await pr.comment("pat", "/safety review-bypass accept looks fine to me");
    expect(h.audit.records).toHaveLength(before);
    const refused = pr.replies().at(-1)?.body ?? "";
    expect(refused).toContain("@pat");
    expect(refused).toContain("only members of the cso role (team clinical-safety) can review a bypass");

    await pr.comment("cleo", "/safety review-bypass revert the <b>dose</b> change was never assessed");
    const [review] = records("bypass-review");
    const bypass = records("bypass")[0];
    expect(review).toMatchObject({ actor: "cleo", pr: pr.number, headSha: bypass?.headSha });
    const data = review?.data as unknown as BypassReviewData;
    expect(data).toMatchObject({
      decision: "revert",
      reason: "the <b>dose</b> change was never assessed",
      role: "cso",
      bypass: { id: bypass?.id, seq: bypass?.seq, reason: "merged-without-passing-gate" },
    });
    const answer = pr.replies().at(-1)?.body ?? "";
    expect(answer).toMatch(/Reviewed by @\u200bcleo on 2026-11-23 \d\d:\d\d UTC as `cso` \(revert requested\): the &lt;b&gt;dose&lt;\/b&gt; change/);
  });

  it("a redelivered review records nothing twice and posts no second reply", async () => {
    const pr = await bypassedPr();
    const id = await pr.comment("cleo", "/safety review-bypass accept hotfix for a live incident, assessed after the fact");
    const replies = pr.replies().length;
    await h.probot.receive(issueCommentEvent(h.gh, "created", { ...pr.ref, commentId: id, sender: "cleo" }));
    expect(records("bypass-review")).toHaveLength(1);
    expect(pr.replies()).toHaveLength(replies);
  });

  it("on a PR with no bypass: refused, nothing recorded", async () => {
    const pr = await PrDriver.open(h);
    await pr.comment("cleo", "/safety review-bypass accept nothing to see");
    expect(records("bypass-review")).toEqual([]);
    expect(pr.replies().at(-1)?.body).toContain(`the audit trail holds no bypass of pull request #${pr.number} to review`);
  });

  it("on the bypass issue of a merged PR: recorded against the PR's bypass, answered on the issue; a non-CSO refused there too", async () => {
    const pr = await bypassedPr();
    const issue = h.gh.issues[0];
    if (!issue) throw new Error("no bypass issue");
    await commentOnIssue(issue.number, "dev", "/safety review-bypass accept");
    expect(appReplies(issue.number).at(-1)?.body).toContain("write `/safety review-bypass accept <reason>`");
    await commentOnIssue(issue.number, "eve", "/safety review-bypass accept fine");
    expect(appReplies(issue.number).at(-1)?.body).toContain("only members of the cso role");
    expect(records("bypass-review")).toEqual([]);

    await commentOnIssue(issue.number, "cleo", "Checked with the team.\n/safety review-bypass accept assessed after the fact: no clinical impact");
    const [review] = records("bypass-review");
    expect(review).toMatchObject({ actor: "cleo", pr: pr.number, data: { decision: "accept", writtenOn: issue.number } });
    expect(appReplies(issue.number).at(-1)?.body).toContain("(accepted): assessed after the fact: no clinical impact");
    // Nothing was posted on the PR for it, and the gate did not run for an issue.
    expect(pr.replies()).toEqual([]);
  });

  it("on the bypass issue of a direct push: recorded against the push's bypass", async () => {
    h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix rounding", author: "dev" });
    await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" }));
    const issue = h.gh.issues[0];
    const bypass = records("bypass")[0];
    if (!issue || !bypass) throw new Error("no bypass reported");
    await commentOnIssue(issue.number, "cleo", "/safety review-bypass revert must go through a PR");
    expect(records("bypass-review")[0]).toMatchObject({ pr: null, headSha: bypass.headSha, data: { decision: "revert", bypass: { id: bypass.id } } });
  });

  it("an issue the app did not open, or any other command on an issue, is ignored without a GitHub request", async () => {
    const mine = h.gh.createIssue({
      owner: OWNER,
      repo: REPO,
      title: "A question",
      user: "dev",
      body: "<!-- clinical-safety-gate:bypass acme/eprescribe pr 1 -->",
    });
    const requests = h.gh.requests.length;
    await commentOnIssue(mine.number, "cleo", "/safety sign-off");
    // (The app's own login is looked up once, for any first delivery.)
    expect(h.gh.requests.slice(requests).filter((r) => r.path !== "/app")).toEqual([]);
    await commentOnIssue(mine.number, "cleo", "/safety review-bypass accept forged marker");
    expect(records("bypass-review")).toEqual([]);
    expect(appReplies(mine.number)).toEqual([]);
  });
});

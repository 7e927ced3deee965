import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { AccessCache } from "../../src/github/access-cache.js";
import { TimedCache } from "../../src/github/timed-cache.js";
import { createUserGitHub, type OpenPulls } from "../../src/github/user-github.js";
import { renderPage } from "../../src/web/pages/index.js";
import type { PageResponse } from "../../src/web/types.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { textOf } from "../unit/web/pages/text.js";
import { OWNER, PrDriver, REPO, startHarness, type Harness, simulatorFetch } from "./harness.js";

/**
 * "Needs me" (issue 9, item 7) over the trail the app writes while PRs live, with the signed-in person's own
 * GitHub token against the simulator: what waits for a CSO, a CPM and someone in no role; what a sign-off,
 * a push, a draft made ready, a closed PR and a bypass review change; and what the page asks GitHub.
 * People (harness.ts): cleo is in the CSO team, pat in the CPM team, eve in none, dev writes the code.
 */

/** `fetch` straight into the simulator's router, as the audit pages' user-token calls would reach GitHub. */

type Item = { repo: string; pr: number | null; need: string; command: string; detail: string | null; since: string; roles: string[] };
type Lists = { signOffs: Item[]; objections: Item[]; drafts: Item[]; bypasses: Item[]; notes: string[] };

describe("Needs me: what waits for the signed-in person, from the trail and their own GitHub", () => {
  let h: Harness;
  const repo = `${OWNER}/${REPO}`;
  /** One token, access cache and open-PR cache per person, as the router keeps them across page views. */
  const people = new Map<string, { token: string; cache: AccessCache; openPullsCache: TimedCache<OpenPulls> }>();

  const view = (login: string, path = "/audit/needs-me?format=json"): Promise<PageResponse> => {
    let person = people.get(login);
    if (person === undefined) {
      person = { token: h.gh.issueUserToken(login), cache: new AccessCache(), openPullsCache: new TimedCache<OpenPulls>() };
      people.set(login, person);
    }
    const github = createUserGitHub({
      apiBase: "https://api.github.com",
      login,
      fetch: simulatorFetch(h),
      now: () => Date.parse(h.gh.now()),
      ...person,
    });
    return renderPage(
      { method: "GET", url: new URL(path, "http://localhost"), github },
      { audit: h.audit, publicUrl: "https://gate.example.org", now: () => new Date(h.gh.now()) },
    );
  };
  const lists = async (login: string): Promise<Lists> => {
    const response = await view(login);
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as Lists;
  };
  /** Each list as PR numbers. */
  const numbers = (l: Lists) => ({
    signOffs: l.signOffs.map((i) => i.pr),
    objections: l.objections.map((i) => i.pr),
    drafts: l.drafts.map((i) => i.pr),
    bypasses: l.bypasses.map((i) => i.pr),
  });
  const nothing = { signOffs: [], objections: [], drafts: [], bypasses: [] };

  beforeEach(async () => {
    h = await startHarness();
    people.clear();
  });
  afterEach(async () => {
    h.gh.assertNoUnhandled();
    await h.close();
  });

  it("a CSO sees a PR waiting for CSO sign-off and their own objection; someone in no role does not see the PR", async () => {
    const ready = await PrDriver.open(h, { draft: false, title: "Round doses to 0.1 mL" });
    await ready.answerAll();
    const objected = await PrDriver.open(h, { draft: false, title: "Change the dose table" });
    await objected.comment("cleo", "/safety object The dose table is not verified");
    const unanswered = await PrDriver.open(h, { draft: false, title: "Checklist not answered yet" });

    const cleo = await lists("cleo");
    expect(numbers(cleo)).toEqual({ ...nothing, signOffs: [ready.number], objections: [objected.number] });
    expect(cleo.signOffs[0]).toMatchObject({ repo, need: "Sign-off as cso", command: "/safety sign-off cso", roles: ["cso"] });
    expect(cleo.objections[0]).toMatchObject({ detail: "The dose table is not verified", command: "/safety withdraw-objection" });

    expect(numbers(await lists("eve"))).toEqual(nothing);
    // dev is in the CSO team too, but wrote these PRs: segregation of duties keeps them off dev's list.
    expect(numbers(await lists("dev"))).toEqual(nothing);
    // The CPM is asked for the CPM's sign-off, and not for anyone's objection.
    expect(numbers(await lists("pat"))).toEqual({ ...nothing, signOffs: [ready.number] });
    expect((await lists("pat")).signOffs[0]?.roles).toEqual(["cpm"]);
    expect(numbers(await lists("cleo")).signOffs).not.toContain(unanswered.number);

    // The page as a person reads it.
    const page = textOf((await view("cleo", "/audit/needs-me")).body);
    expect(page).toContain("2 things need you.");
    expect(page).toContain("Round doses to 0.1 mL");
    expect(page).toContain("Your reason: The dose table is not verified");
  });

  it("a sign-off takes the PR off the signer's list, a push that voids it puts it back, withdrawing takes the objection off", async () => {
    const pr = await PrDriver.open(h, { draft: false });
    await pr.answerAll();
    await pr.comment("cleo", "/safety object Wait for the boundary tests");
    await pr.comment("cleo", "/safety sign-off cso");
    expect(numbers(await lists("cleo"))).toEqual({ ...nothing, objections: [pr.number] });
    expect(numbers(await lists("pat"))).toEqual({ ...nothing, signOffs: [pr.number] });

    await pr.comment("cleo", "/safety withdraw-objection");
    await pr.push();
    const cleo = await lists("cleo");
    expect(numbers(cleo)).toEqual({ ...nothing, signOffs: [pr.number] });
    // Wanted again since the push voided the sign-off, not since the checklist was complete.
    const voided = h.audit.records.filter((r) => r.kind === "void" && r.pr === pr.number).at(-1);
    expect(cleo.signOffs[0]?.since).toBe(voided?.at);
  });

  it("a draft whose checklist is complete is in the drafts, and moves to the sign-offs when it is ready for review", async () => {
    const draft = await PrDriver.open(h, { title: "Early: weight units" });
    expect(numbers(await lists("cleo"))).toEqual(nothing);
    await draft.answerAll();
    expect(numbers(await lists("cleo"))).toEqual({ ...nothing, drafts: [draft.number] });

    h.gh.setDraft(draft.ref, false);
    await h.probot.receive(pullRequestEvent(h.gh, "ready_for_review", { ...draft.ref, sender: "dev" }));
    h.gh.tick(61); // past the minute the open PRs are remembered
    expect(numbers(await lists("cleo"))).toEqual({ ...nothing, signOffs: [draft.number] });
  });

  it("a PR closed without merging leaves the list, though the trail records no closing", async () => {
    const pr = await PrDriver.open(h, { draft: false });
    await pr.answerAll();
    expect(numbers(await lists("cleo")).signOffs).toEqual([pr.number]);
    const before = h.audit.records.length;
    h.gh.closePullRequest(pr.ref);
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "dev" }));
    expect(h.audit.records).toHaveLength(before);
    h.gh.tick(61);
    expect(numbers(await lists("cleo"))).toEqual(nothing);
  });

  it("a bypass awaits a CSO's review until /safety review-bypass, and never a CPM's", async () => {
    const pr = await PrDriver.open(h, { draft: false, title: "Hotfix the dose table" });
    h.gh.closePullRequest(pr.ref, { merged: true });
    await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
    const cleo = await lists("cleo");
    expect(numbers(cleo)).toEqual({ ...nothing, bypasses: [pr.number] });
    expect(cleo.bypasses[0]).toMatchObject({
      command: "/safety review-bypass accept|revert <reason>",
      detail: expect.stringContaining("Checklist") as unknown,
    });
    expect(numbers(await lists("pat"))).toEqual(nothing);

    await pr.comment("cleo", "/safety review-bypass accept hotfix for a live incident, assessed after the fact");
    expect(numbers(await lists("cleo"))).toEqual(nothing);
  });

  it("asks GitHub only about what could need the person, and remembers the answers for a minute", async () => {
    const pr = await PrDriver.open(h, { draft: false });
    await pr.answerAll();
    const paths = () =>
      h.gh.requests.map((r) => `${r.method} ${r.path}`).filter((p) => !/check-runs|issues|labels|\/pulls\/\d+|installation|access_tokens/.test(p));

    h.gh.clearRequests();
    await lists("cleo");
    expect(paths()).toEqual([
      `GET /repos/${repo}`,
      `GET /repos/${repo}/contents/.github/clinical-safety.yml`,
      `GET /orgs/${OWNER}/teams/clinical-safety/memberships/cleo`,
      `GET /orgs/${OWNER}/teams/clinical-product/memberships/cleo`,
      `GET /repos/${repo}/pulls`,
    ]);

    // Within the minute, only the configuration is read again (it decides the roles, and changes rarely but must not be stale).
    h.gh.clearRequests();
    await lists("cleo");
    expect(paths()).toEqual([`GET /repos/${repo}/contents/.github/clinical-safety.yml`]);
  });
});

import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { pino } from "pino";
import { APP_EVENTS, gateDepsFor } from "../../src/app.js";
import { createUserGitHub } from "../../src/github/user-github.js";
import { reconcile } from "../../src/handlers/reconcile.js";
import { fetchLogin, revokeToken } from "../../src/web/auth/oauth.js";
import { checkRunRerequestedEvent, mergeGroupEvent, pullRequestEvent, pushEvent } from "../simulator/payloads.js";
import {
  eventProblems,
  excessPermissions,
  operationName,
  operationProblems,
  OPERATIONS,
  parseManifest,
  routeShape,
  simulatorRouteOf,
  type Access,
} from "../simulator/permissions.js";
import { appShape } from "../simulator/shapes.js";
import { OWNER, PrDriver, REPO, startHarness, type Harness, simulatorFetch } from "./harness.js";

/**
 * app.yml asks for the least the gate needs: every GitHub request made while PRs live through the app is
 * allowed by app.yml's permissions (as GitHub documents them, test/simulator/permissions.ts), every
 * permission it asks for is needed by one of them or by an event it subscribes to, and the table of
 * operations is exactly what the app calls — no row the lives never made, no request the table lacks.
 */

const manifest = parseManifest(readFileSync(new URL("../../app.yml", import.meta.url), "utf8"));

/** A PR's whole life: answers, a hazard link, sign-offs by comment and by review, a push that voids them, sign-offs again, a re-run, a recheck, the merge and its push. */
async function signedOffAndMerged(h: Harness) {
  const pr = await PrDriver.open(h);
  await pr.answerAll();
  await pr.editBody("Affects HAZ-002");
  await pr.comment("pat", "/safety sign-off cpm");
  await pr.review("cleo", "/safety sign-off cso");
  await pr.push();
  await pr.comment("pat", "/safety sign-off cpm");
  await pr.comment("cleo", "/safety sign-off cso");
  expect(pr.check().conclusion).toBe("success");
  // "Re-run" on a fork's PR: GitHub names no PR, so the app finds it by its head commit.
  const rerun = checkRunRerequestedEvent(h.gh, { ...pr.ref, checkRunId: pr.check().id, sender: "dev" });
  rerun.payload.check_run.pull_requests = [];
  await h.probot.receive(rerun);
  await pr.comment("dev", "/safety recheck");
  const before = h.gh.repo(OWNER, REPO)?.branches.main;
  h.gh.tick(60);
  h.gh.closePullRequest(pr.ref, { merged: true });
  await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
  await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "acme", ...(before ? { before } : {}) }));
  return pr;
}

/** Two PRs through the merge queue: the group judged (its commits compared, each PR read), merged, and the queue's push. */
async function mergedThroughTheQueue(h: Harness) {
  const first = await PrDriver.open(h, { files: ["README.md"] });
  const second = await PrDriver.open(h, { files: ["docs/guide.md"] });
  const group = h.gh.buildMergeGroup(OWNER, REPO, [first.number, second.number]);
  await h.probot.receive(mergeGroupEvent(h.gh, { owner: OWNER, repo: REPO, group }));
  expect(h.gh.checkRunsFor(OWNER, REPO, group.headSha).map((r) => r.conclusion)).toEqual(["success"]);
  h.gh.mergeGroup(OWNER, REPO, [first.number, second.number], group);
  for (const pr of [first, second]) await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "github-merge-queue[bot]" }));
  await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "github-merge-queue[bot]" }));
}

/** An admin merge of a blocked PR: the bypass label and the issue calling the CSO. */
async function bypassedByAdminMerge(h: Harness) {
  const pr = await PrDriver.open(h);
  await pr.answerAll();
  h.gh.closePullRequest(pr.ref, { merged: true });
  await h.probot.receive(pullRequestEvent(h.gh, "closed", { ...pr.ref, sender: "acme" }));
  expect(h.gh.issues.some((i) => i.title.includes(`#${pr.number}`))).toBe(true);
}

/** A PR that stops touching clinical code: the app takes its label off again. */
async function noLongerClinical(h: Harness) {
  const pr = await PrDriver.open(h);
  expect(pr.labels()).toContain("clinical-safety: sign-off required");
  await pr.push(["README.md"]);
  expect(pr.labels()).not.toContain("clinical-safety: sign-off required");
}

/** A direct push to the default branch touching prescribing code, then a configuration change (re-evaluates open PRs). */
async function directPushes(h: Harness) {
  await PrDriver.open(h, { files: ["web/banner.tsx"] });
  h.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "hotfix" }, { message: "hotfix", author: "dev" });
  await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "dev" }));
  const config = h.gh.repo(OWNER, REPO)?.trees[h.gh.repo(OWNER, REPO)?.branches.main ?? ""]?.[".github/clinical-safety.yml"] ?? "";
  h.gh.commitToBranch(OWNER, REPO, "main", { ".github/clinical-safety.yml": `${config}\n# reviewed\n` }, { author: "cleo" });
  await h.probot.receive(pushEvent(h.gh, { owner: OWNER, repo: REPO, branch: "main", sender: "cleo" }));
  expect(h.audit.records.filter((r) => r.kind === "bypass").length).toBeGreaterThanOrEqual(1);
}

/** A PR whose delivery never came: reconcile lists installations, repositories and open PRs. */
async function reconciled(h: Harness) {
  const lost = h.gh.openPullRequest({
    owner: OWNER,
    repo: REPO,
    title: "Lost",
    author: "dev",
    files: [{ filename: "src/prescribing/x.ts", content: "x" }],
  });
  const deps = gateDepsFor(h.probot, { store: h.store, audit: h.audit, now: () => new Date(h.gh.now()) });
  const result = await reconcile(h.probot, deps, pino({ level: "silent" }));
  expect(result.evaluated).toBeGreaterThanOrEqual(1);
  expect(h.gh.checkRuns.some((c) => c.headSha === lost.headSha)).toBe(true);
}

/**
 * `fetch` straight into the simulator's router, logged like any request. The audit pages' calls take a
 * `fetch`; through the harness's msw they did not complete, and the router alone is all they need here.
 */

/** A CSO on the audit pages, with their own user access token: sign-in, reads, the release report, sign-out. */
async function auditPagesAsAPerson(h: Harness, merged: PrDriver) {
  const apiBase = "https://api.github.com";
  const fetch = simulatorFetch(h);
  const token = h.gh.issueUserToken("cleo");
  expect(await fetchLogin({ apiBase, token, fetch })).toBe("cleo");
  const github = createUserGitHub({ apiBase, token, login: "cleo", fetch });
  expect(await github.canRead(`${OWNER}/${REPO}`)).toBe(true);
  expect(await github.getFile(`${OWNER}/${REPO}`, ".github/clinical-safety.yml")).toContain("rules");
  const pr = h.gh.requirePull(merged.ref);
  expect((await github.commitsBetween(`${OWNER}/${REPO}`, pr.baseSha, "main"))?.length).toBeGreaterThan(0);
  const { clientId, clientSecret } = h.gh.oauthClient;
  await revokeToken({ apiBase, clientId, clientSecret, token, fetch });
  expect(h.gh.revokedTokens.has(token)).toBe(true);
}

describe("Least privilege: app.yml against every request of a PR's lives", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("every request is in the permission table and allowed by app.yml; every table row was made; no permission is more than needed", async () => {
    const merged = await signedOffAndMerged(h);
    await bypassedByAdminMerge(h);
    await mergedThroughTheQueue(h);
    await noLongerClinical(h);
    await directPushes(h);
    await reconciled(h);
    await auditPagesAsAPerson(h, merged);

    // Every logged request, as its route template; the simulator fails the test on any it has no route for.
    const unrouted = h.gh.requests.filter((r) => simulatorRouteOf(r.method, r.path) === undefined).map((r) => `${r.method} ${r.path}`);
    expect(unrouted).toEqual([]);
    const observed = new Map<string, { method: string; route: string }>();
    for (const r of h.gh.requests) {
      const route = simulatorRouteOf(r.method, r.path) as string;
      observed.set(`${r.method} ${routeShape(route)}`, { method: r.method, route });
    }
    const made = [...observed.values()];
    // All four at once, so one run names every problem.
    expect({
      notAllowedByAppYml: operationProblems(made, manifest.permissions),
      // The table holds nothing the app does not do (a stale row would justify a permission for nothing).
      inTableButNeverMade: OPERATIONS.filter((op) => !observed.has(`${op.method} ${routeShape(op.route)}`)).map(operationName),
      eventsNotAllowed: eventProblems(manifest.events, manifest.permissions),
      moreThanNeeded: excessPermissions(manifest.permissions, made, manifest.events),
    }).toEqual({ notAllowedByAppYml: [], inTableButNeverMade: [], eventsNotAllowed: [], moreThanNeeded: [] });
  });

  it("app.yml subscribes to every event the app handles", () => {
    expect([...APP_EVENTS].filter((e) => !manifest.events.includes(e))).toEqual([]);
  });

  it("docs/deployment.md's permission table lists exactly app.yml's permissions (a stale table would mislead whoever registers the app by hand)", () => {
    const doc = readFileSync(new URL("../../docs/deployment.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| ([A-Z][a-z ]+): (read|write)\b[^|]*\|/gm)].map(([, name = "", access]) => [
      name.toLowerCase().replace(/ /g, "_"),
      access,
    ]);
    expect(Object.fromEntries(rows)).toEqual(manifest.permissions);
    expect(rows).toHaveLength(Object.keys(manifest.permissions).length);
  });

  it("the simulator's app (GET /app) has app.yml's permissions and events, so the two cannot drift apart", () => {
    const app = appShape(h.gh) as { permissions: Record<string, string>; events: string[] };
    expect(app.permissions).toEqual(manifest.permissions);
    expect([...app.events].sort()).toEqual([...manifest.events].sort());
  });
});

describe("The permission check catches what app.yml lacks or asks too much of", () => {
  const all = OPERATIONS.map((op) => ({ method: op.method, route: op.route }));
  const without = (permission: string): Record<string, Access> =>
    Object.fromEntries(Object.entries(manifest.permissions).filter(([key]) => key !== permission));

  it("app.yml as it is: nothing missing, nothing more than needed", () => {
    expect(operationProblems(all, manifest.permissions)).toEqual([]);
    expect(eventProblems(manifest.events, manifest.permissions)).toEqual([]);
    expect(excessPermissions(manifest.permissions, all, manifest.events)).toEqual([]);
  });

  it("a manifest without checks: each check-run call and the check_run event are named", () => {
    const problems = operationProblems(all, without("checks"));
    expect(problems).toEqual([
      expect.stringContaining("GET /repos/{owner}/{repo}/commits/{ref}/check-runs"),
      expect.stringContaining("POST /repos/{owner}/{repo}/check-runs"),
      expect.stringContaining("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"),
    ]);
    expect(eventProblems(manifest.events, without("checks"))).toEqual([expect.stringContaining("event check_run: needs checks: write")]);
  });

  it("checks: read is not enough: writes fail, and GitHub would not send 'Re-run' (check_run.rerequested)", () => {
    const granted: Record<string, Access> = { ...manifest.permissions, checks: "read" };
    expect(operationProblems(all, granted).map((p) => p.split(" (")[0])).toEqual([
      "POST /repos/{owner}/{repo}/check-runs",
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
    ]);
    expect(eventProblems(["check_run"], granted)).toHaveLength(1);
  });

  it("comments and labels on a PR accept Pull requests: write instead of Issues; the bypass issue does not", () => {
    const granted: Record<string, Access> = { ...manifest.permissions, issues: "read", pull_requests: "write" };
    expect(operationProblems(all, granted)).toEqual([
      expect.stringContaining("POST /repos/{owner}/{repo}/issues (installation token): needs issues: write"),
    ]);
  });

  it("a request the table does not know is named, in either spelling of its parameters", () => {
    expect(operationProblems([{ method: "PUT", route: "/repos/:owner/:repo/pulls/:number/merge" }], manifest.permissions)).toEqual([
      "PUT /repos/:owner/:repo/pulls/:number/merge: not in the permission table (test/simulator/permissions.ts)",
    ]);
    expect(operationProblems([{ method: "GET", route: "/repos/:owner/:repo/pulls/:number/files" }], {})).toEqual([
      expect.stringContaining("needs pull_requests: read"),
    ]);
    expect(eventProblems(["deployment"], manifest.permissions)).toEqual([expect.stringContaining("event deployment: not in the permission table")]);
  });

  it("pull_requests: write is for one call, asking the roles' teams for a review: with read only, that call is named", () => {
    const granted: Record<string, Access> = { ...manifest.permissions, pull_requests: "read" };
    expect(operationProblems(all, granted)).toEqual([
      "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers (installation token): needs pull_requests: write, app.yml does not grant it",
    ]);
  });

  it("members: read also lets the comment name a team's people; without it both team calls are named", () => {
    expect(operationProblems(all, without("members"))).toEqual([
      expect.stringContaining("GET /orgs/{org}/teams/{team_slug}/memberships/{username}"),
      expect.stringContaining("GET /orgs/{org}/teams/{team_slug}/members"),
    ]);
  });

  it("a permission raised a level nothing needs (statuses: write) is more than needed, even when something else is missing", () => {
    const raised: Record<string, Access> = { ...manifest.permissions, statuses: "write" };
    expect(excessPermissions(raised, all, manifest.events)).toEqual(["statuses: write is more than needed (read would do)"]);
    delete raised.members;
    expect(excessPermissions(raised, all, manifest.events)).toEqual(["statuses: write is more than needed (read would do)"]);
  });

  it("a permission nothing uses at all is more than needed", () => {
    expect(excessPermissions({ ...manifest.permissions, administration: "read" }, all, manifest.events)).toEqual([
      "administration: read is more than needed (none would do)",
    ]);
  });

  it("merge_group needs merge_queues: read; a manifest that subscribes without it is caught", () => {
    expect(eventProblems(["merge_group"], without("merge_queues"))).toEqual([
      "event merge_group: needs merge_queues: read, app.yml does not grant it",
    ]);
  });

  it("a permission level that is neither read nor write is refused", () => {
    expect(() => parseManifest("default_permissions:\n  checks: admin\n")).toThrow("checks: admin is not read or write");
  });

  it("route shapes ignore parameter names: GitHub's {pull_number} is the simulator's :number", () => {
    expect(routeShape("/repos/{owner}/{repo}/pulls/{pull_number}/files")).toBe(routeShape("/repos/:owner/:repo/pulls/:number/files"));
    expect(routeShape("/repos/{owner}/{repo}/contents/{path}")).toBe(routeShape("/repos/:owner/:repo/contents/:path+"));
    expect(routeShape("/repos/{owner}/{repo}/issues/comments/{comment_id}")).not.toBe(
      routeShape("/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    );
  });
});

import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { sharedEtagCache } from "../../src/github/conditional-requests.js";
import type { RecordedRequest } from "../simulator/state.js";
import { OWNER, PrDriver, REPO, startHarness, type Harness } from "./harness.js";

/**
 * Conditional requests end to end: the app (with the plugin, as in production) against the simulator (which
 * answers If-None-Match as GitHub does). Re-evaluating an unchanged PR reads the config, the hazard log and
 * the PR's files with 304s — free of rate limit — and reaches the same outcome; a change is still seen at once;
 * and one installation never gets another's cached answers.
 */

const CONFIG_PATH = `/repos/${OWNER}/${REPO}/contents/.github/clinical-safety.yml`;
const HAZARD_LOG_PATH = `/repos/${OWNER}/${REPO}/contents/docs/safety/hazard-log.yml`;

/** The GETs of the repository's files and of the PR's file list, as `status path`. */
function rereads(requests: RecordedRequest[], number: number): string[] {
  return requests
    .filter(
      (r) =>
        r.method === "GET" && (r.path.startsWith(`/repos/${OWNER}/${REPO}/contents/`) || r.path === `/repos/${OWNER}/${REPO}/pulls/${number}/files`),
    )
    .map((r) => `${r.status} ${r.path}`);
}

function outcome(pr: PrDriver) {
  const check = pr.check();
  return { conclusion: check.conclusion, title: check.output.title };
}

describe("Conditional requests: what is read again and again costs no rate limit", () => {
  let h: Harness;
  beforeEach(async () => {
    sharedEtagCache.clear(); // the harness's Octokit shares the module's cache; start each test cold
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("a second /safety recheck of an unchanged PR reads config, hazard log and files with 304s, to the same outcome", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("dev", "/safety recheck");
    const before = outcome(pr);
    h.gh.clearRequests();

    await pr.comment("dev", "/safety recheck");

    expect(rereads(h.gh.requests, pr.number)).toEqual([
      `304 /repos/${OWNER}/${REPO}/pulls/${pr.number}/files`,
      `304 ${CONFIG_PATH}`,
      `304 ${HAZARD_LOG_PATH}`,
    ]);
    expect(outcome(pr)).toEqual(before);
    expect(before.title).toBe("Waiting for sign-off: cso, cpm");
  });

  it("pull_request.edited twice: the second evaluation re-reads the unchanged files with 304s", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.editBody("Rounds doses.");
    const before = outcome(pr);
    h.gh.clearRequests();

    await pr.editBody("Rounds paediatric doses.");

    const reads = rereads(h.gh.requests, pr.number);
    expect(reads).toEqual(expect.arrayContaining([`304 ${CONFIG_PATH}`, `304 ${HAZARD_LOG_PATH}`]));
    expect(reads.every((line) => line.startsWith("304 "))).toBe(true);
    expect(outcome(pr)).toEqual(before);
  });

  it("a change is seen at once: the config removed from the default branch is read as gone, not from the cache", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("dev", "/safety recheck");
    const before = outcome(pr);
    h.gh.commitToBranch(OWNER, REPO, "main", { ".github/clinical-safety.yml": null });
    h.gh.clearRequests();

    await pr.comment("dev", "/safety recheck");

    expect(rereads(h.gh.requests, pr.number)).toContain(`404 ${CONFIG_PATH}`);
    expect(outcome(pr)).not.toEqual(before);
  });

  it("a repository moved to another installation is read afresh with that installation's token, never from the first one's cache", async () => {
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("dev", "/safety recheck");
    const before = outcome(pr);
    // The app is uninstalled from the account and installed again: same repository, same URLs, a new installation.
    h.gh.installations.push({ id: 2, account: OWNER });
    h.gh.requireRepo(OWNER, REPO).installationId = 2;
    h.gh.clearRequests();

    await pr.comment("dev", "/safety recheck");

    expect(h.gh.requests.filter((r) => r.method === "POST" && r.path.startsWith("/app/installations/")).map((r) => r.path)).toEqual([
      "/app/installations/2/access_tokens",
    ]);
    const firstReads = rereads(h.gh.requests, pr.number);
    expect(firstReads).toEqual(expect.arrayContaining([`200 ${CONFIG_PATH}`, `200 ${HAZARD_LOG_PATH}`]));
    expect(firstReads.every((line) => line.startsWith("200 "))).toBe(true);
    expect(outcome(pr)).toEqual(before);

    h.gh.clearRequests();
    await pr.comment("dev", "/safety recheck");
    const secondReads = rereads(h.gh.requests, pr.number);
    expect(secondReads.length).toBe(firstReads.length);
    expect(secondReads.every((line) => line.startsWith("304 "))).toBe(true);
  });
});

import { afterEach, describe, expect, it } from "@jest/globals";
import type { AuditInput, AuditRecord } from "../../src/audit/record.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { MemoryAuditStore } from "../fakes/memory-audit-store.js";
import { CONFIG_YML, HAZARD_LOG_YML, OWNER, PrDriver, startHarness, type Harness } from "./harness.js";

/**
 * Issue 9 item 8: when a PR becomes clinically relevant and is ready for review, the gate asks the required
 * roles' teams for a review — once per team, whatever happens after (later events, redeliveries, a replay
 * after a crash), never on a draft unless configured, and never at the cost of the gate itself. The comment
 * names each still-needed role's team and, where the app may read them, its people.
 */

const REQUESTS = /^\/repos\/acme\/eprescribe\/pulls\/\d+\/requested_reviewers$/;

/** The review-request POSTs GitHub received, with their bodies. */
function posted(h: Harness): unknown[] {
  return h.gh.requests.filter((r) => r.method === "POST" && REQUESTS.test(r.path)).map((r) => r.body);
}

/** Every request about review requests (the GET that finds teams already asked, and the POST). */
function touched(h: Harness): string[] {
  return h.gh.requests.filter((r) => REQUESTS.test(r.path)).map((r) => `${r.method} ${r.status ?? ""}`.trim());
}

function reviewRecords(h: Harness, pr: number): AuditRecord[] {
  return h.audit.records.filter((r) => r.kind === "review-request" && r.pr === pr);
}

const BOTH = ["clinical-product", "clinical-safety"];

describe("Review requests to the required roles' teams", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("a relevant PR ready for review: one request, for both roles' teams, and a record of it", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h, { draft: false });
    expect(posted(h)).toEqual([{ team_reviewers: BOTH }]);
    expect(h.gh.requirePull(pr.ref).requestedTeams).toEqual(BOTH);
    expect(reviewRecords(h, pr.number).map((r) => r.data)).toEqual([
      { title: "Round paediatric doses to 0.1 mL", teams: BOTH, outcome: "requested" },
    ]);
    expect(pr.check().conclusion).toBe("action_required");
  });

  it("a draft: no request", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h, { draft: true });
    expect(touched(h)).toEqual([]);
    expect(reviewRecords(h, pr.number)).toEqual([]);
  });

  it("a later push, label, comment, tick, sign-off and a redelivery ask nobody again: no request at all", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h, { draft: false });
    const before = touched(h).length;
    await pr.push();
    h.gh.addLabels(pr.ref, ["clinical-impact"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, label: "clinical-impact", sender: "dev" }));
    await pr.comment("dev", "Rounded to 0.1 mL as agreed.");
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    // GitHub delivering the same event twice (or a replica processing it again).
    const again = pullRequestEvent(h.gh, "synchronize", { ...pr.ref, sender: "dev" });
    await h.probot.receive(again);
    await h.probot.receive(again);
    expect(touched(h)).toHaveLength(before);
    expect(posted(h)).toHaveLength(1);
    expect(reviewRecords(h, pr.number)).toHaveLength(1);
  });

  it("ready_for_review of a draft: requested once, and not again when it is ready again", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h, { draft: true });
    await pr.push();
    expect(posted(h)).toEqual([]);
    h.gh.setDraft(pr.ref, false);
    await h.probot.receive(pullRequestEvent(h.gh, "ready_for_review", { ...pr.ref, sender: "dev" }));
    expect(posted(h)).toEqual([{ team_reviewers: BOTH }]);
    h.gh.setDraft(pr.ref, true);
    await pr.push();
    h.gh.setDraft(pr.ref, false);
    await h.probot.receive(pullRequestEvent(h.gh, "ready_for_review", { ...pr.ref, sender: "dev" }));
    expect(posted(h)).toHaveLength(1);
  });

  it("a role that becomes needed later gets its team asked then; the team asked before is not asked again", async () => {
    h = await startHarness();
    // web/** needs only the CPM; the prescribing label then brings in the CSO.
    const pr = await PrDriver.open(h, { draft: false, files: ["web/banner.tsx"] });
    expect(posted(h)).toEqual([{ team_reviewers: ["clinical-product"] }]);
    h.gh.addLabels(pr.ref, ["clinical-impact"]);
    await h.probot.receive(pullRequestEvent(h.gh, "labeled", { ...pr.ref, label: "clinical-impact", sender: "dev" }));
    expect(posted(h)).toEqual([{ team_reviewers: ["clinical-product"] }, { team_reviewers: ["clinical-safety"] }]);
  });

  it("a team already requested on GitHub (the request made just before a crash lost its record): not asked again, the record written", async () => {
    // The first record of a review request is lost, as if the process died between GitHub's answer and the store.
    class LosesFirstReviewRecord extends MemoryAuditStore {
      lost = 0;
      override async append(input: AuditInput): Promise<AuditRecord> {
        if (input.kind === "review-request" && this.lost++ === 0) throw new Error("the store went away");
        return super.append(input);
      }
    }
    const audit = new LosesFirstReviewRecord();
    h = await startHarness({ audit });
    const pr = await PrDriver.open(h, { draft: false });
    expect(posted(h)).toHaveLength(1);
    expect(reviewRecords(h, pr.number)).toEqual([]);
    // The gate did not fail for it.
    expect(pr.check().conclusion).toBe("action_required");
    await h.probot.receive(pullRequestEvent(h.gh, "opened", { ...pr.ref, sender: "dev" }));
    expect(posted(h)).toHaveLength(1);
    expect(reviewRecords(h, pr.number).map((r) => r.data.outcome)).toEqual(["already-requested"]);
  });

  it("GitHub refuses a team that cannot be asked (422): the gate is unaffected, the refusal recorded, not tried again", async () => {
    const config = CONFIG_YML.replace("cpm: { teams: [clinical-product] }", "cpm: { teams: [clinical-product, no-such-team] }");
    expect(config).not.toBe(CONFIG_YML);
    h = await startHarness({ files: { ".github/clinical-safety.yml": config, "docs/safety/hazard-log.yml": HAZARD_LOG_YML } });
    const pr = await PrDriver.open(h, { draft: false });
    expect(h.gh.requests.filter((r) => r.method === "POST" && REQUESTS.test(r.path)).map((r) => r.status)).toEqual([422]);
    expect(h.gh.requirePull(pr.ref).requestedTeams).toEqual([]);
    expect(pr.check().conclusion).toBe("action_required");
    expect(pr.sticky().body).toContain("Ask team @\u200bacme/clinical-product (@\u200bdual, @\u200bpat) or team @\u200bacme/no-such-team.");
    const [record] = reviewRecords(h, pr.number);
    expect(record?.data).toMatchObject({ teams: ["clinical-product", "clinical-safety", "no-such-team"], outcome: "failed" });
    const error = record?.data.error;
    expect(typeof error === "string" ? error : "").toMatch(/^422: .*not a collaborator/);
    await pr.push();
    expect(posted(h)).toHaveLength(1);
  });

  it("a transient failure (502) is not recorded: the next event asks again, once", async () => {
    h = await startHarness();
    h.gh.failNext("POST", REQUESTS, 502);
    const pr = await PrDriver.open(h, { draft: false });
    expect(pr.check().conclusion).toBe("action_required");
    expect(reviewRecords(h, pr.number)).toEqual([]);
    await pr.push();
    await pr.push();
    expect(h.gh.requests.filter((r) => r.method === "POST" && REQUESTS.test(r.path)).map((r) => r.status)).toEqual([502, 201]);
    expect(reviewRecords(h, pr.number).map((r) => r.data.outcome)).toEqual(["requested"]);
  });

  it.each([
    ["switched off", "review_requests: { enabled: false }\n", false, 0],
    ["on drafts too, when configured", "review_requests: { drafts: true }\n", true, 1],
  ])("review_requests %s", async (_name, yml, draft, requests) => {
    h = await startHarness({ files: { ".github/clinical-safety.yml": `${CONFIG_YML}${yml}`, "docs/safety/hazard-log.yml": HAZARD_LOG_YML } });
    await PrDriver.open(h, { draft });
    expect(posted(h)).toHaveLength(requests);
  });
});

describe("The comment names whom to ask", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("each still-needed role's team with its people (the author left out), read once and reused by later events", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    const body = pr.sticky().body;
    expect(body).toContain("Ask team @\u200bacme/clinical-safety (@\u200bcleo, @\u200bdual).");
    expect(body).toContain("Ask team @\u200bacme/clinical-product (@\u200bdual, @\u200bpat).");
    const members = () => h.gh.requests.filter((r) => /^\/orgs\/acme\/teams\/[^/]+\/members$/.test(r.path));
    expect(members()).toHaveLength(2);
    h.gh.clearRequests();
    await pr.push();
    await pr.comment("dev", "This may touch HAZ-002.");
    expect(pr.sticky().body).toContain("`HAZ-002`");
    expect(members()).toEqual([]);
  });

  it("a signed role is no longer named; someone who joins the team shows once the answer is old", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    await pr.answerAll();
    await pr.comment("pat", "/safety sign-off cpm");
    expect(pr.sticky().body).not.toContain("Ask team @\u200bacme/clinical-product");
    h.gh.addTeamMember(OWNER, "clinical-safety", "nadia");
    await pr.comment("dev", "This may touch HAZ-002.");
    expect(pr.sticky().body).toContain("Ask team @\u200bacme/clinical-safety (@\u200bcleo, @\u200bdual).");
    h.gh.tick(11 * 60);
    await pr.comment("dev", "And HAZ-003.");
    expect(pr.sticky().body).toContain("Ask team @\u200bacme/clinical-safety (@\u200bcleo, @\u200bdual, @\u200bnadia).");
  });

  it("an installation without Members: read: the team is named alone, and its members are never listed", async () => {
    h = await startHarness();
    // The organisation never granted Members: read (or the app is installed on a personal account).
    h.gh.installationPermissions = { checks: "write", contents: "read", issues: "write", metadata: "read", pull_requests: "write" };
    const pr = await PrDriver.open(h);
    expect(pr.sticky().body).toContain("Ask team @\u200bacme/clinical-safety.");
    expect(h.gh.requests.filter((r) => r.path.endsWith("/members"))).toEqual([]);
  });
});

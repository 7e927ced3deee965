import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AuditRecord } from "../../src/audit/record.js";
import { TestBrowser } from "../web/browser.js";
import { OWNER, post, REPO, signIn, signingForm, startSigningService, textOf, type SigningService } from "./signing-harness.js";

/**
 * The CSO's release approval (issue 9 item 2): `/audit/{owner}/{repo}/release/approve?from=REF&to=REF`,
 * signed after a fresh GitHub sign-in by a member of the `cso` role (asked of GitHub), recorded once as a
 * `release-approval` record whose shape the release report reads.
 */
describe("release approval on the audit page", () => {
  let s: SigningService;
  let fromSha: string;
  let toSha: string;
  const path = `/audit/${OWNER}/${REPO}/release/approve?from=v1.0.0&to=v1.1.0`;

  beforeAll(async () => {
    s = await startSigningService();
    // Two releases as branches, a commit on main between them.
    fromSha = s.gh.commitToBranch(OWNER, REPO, "v1.0.0", {}, { message: "Release 1.0.0" }).after;
    s.gh.commitToBranch(OWNER, REPO, "main", { "src/prescribing/dose/round.ts": "// rounding\n" }, { message: "Round doses" });
    toSha = s.gh.commitToBranch(OWNER, REPO, "v1.1.0", {}, { message: "Release 1.1.0" }).after;
    s.gh.setUserName("cleo", "Dr Cleo Smith");
  }, 30_000);
  afterAll(async () => {
    await s?.close();
  });

  const approvals = async (): Promise<AuditRecord[]> => {
    const found: AuditRecord[] = [];
    for await (const r of s.audit.stream({ repo: `${OWNER}/${REPO}` })) if (r.kind === "release-approval") found.push(r);
    return found;
  };

  it("refuses a person who is not a CSO, with the reason and no form", async () => {
    const browser = new TestBrowser();
    await signIn(browser, s, "pat");
    const page = await browser.request(`${s.url}${path}`);
    expect(page.status).toBe(403);
    expect(textOf(page.body)).toContain(
      "You cannot approve this release. Only a member of the cso role (team clinical-safety) can approve a release, and GitHub does not list you as one. Nothing has been recorded.",
    );
    expect(signingForm(page.body)).toBeUndefined();
    expect(await approvals()).toEqual([]);
  });

  it("refuses one who left the CSO team after the page was shown, and a stale sign-in, recording nothing", async () => {
    s.gh.addTeamMember(OWNER, "clinical-safety", "eve");
    const browser = new TestBrowser();
    await signIn(browser, s, "eve");
    const form = signingForm((await browser.request(`${s.url}${path}`)).body);
    expect(form).toEqual({ csrf: expect.any(String), fromSha, toSha, receipt: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    s.gh.removeTeamMember(OWNER, "clinical-safety", "eve");
    const refused = await post(browser, s, path, { ...form });
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("Not approved. Only a member of the cso role");

    const cleo = new TestBrowser();
    await signIn(cleo, s, "cleo");
    const shown = signingForm((await cleo.request(`${s.url}${path}`)).body) ?? {};
    s.gh.tick(10 * 60);
    const stale = await post(cleo, s, path, { ...shown });
    expect(stale.status).toBe(403);
    expect(textOf(stale.body)).toContain("You signed in with GitHub 10 minutes ago; signing needs a GitHub sign-in within the last 5 minutes");
    expect(await approvals()).toEqual([]);
  });

  it("records the CSO's approval once, with the range, the meaning, the name and the audit chain's head", async () => {
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const page = await browser.request(`${s.url}${path}`);
    expect(textOf(page.body)).toContain("Meaning of the signature clinical safety approval of release v1.0.0..v1.1.0 as CSO");
    const form = signingForm(page.body) ?? {};
    const head = await s.audit.latest();

    const first = await post(browser, s, path, { ...form, rationale: "All commits assessed; HAZ-002 unchanged" });
    const second = await post(browser, s, path, { ...form, rationale: "All commits assessed; HAZ-002 unchanged" });
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.location).toBe(first.headers.location);

    const [approval, ...more] = await approvals();
    expect(more).toEqual([]);
    expect(approval).toMatchObject({ actor: "cleo", repo: `${OWNER}/${REPO}`, pr: null, headSha: toSha });
    expect(approval?.data).toEqual({
      from: "v1.0.0",
      to: "v1.1.0",
      fromSha,
      toSha,
      meaning: "clinical safety approval of release v1.0.0..v1.1.0 as CSO",
      name: "Dr Cleo Smith",
      method: "audit-page",
      rationale: "All commits assessed; HAZ-002 unchanged",
      auditHead: { seq: head?.seq ?? 0, hash: head?.hash ?? "0".repeat(64) },
    });
    const receipt = await browser.request(`${s.url}${first.headers.location ?? ""}`);
    expect(textOf(receipt.body)).toContain("Approved. Your approval is recorded in the audit trail");
  });
});

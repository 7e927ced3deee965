import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AuditRecord } from "../../src/audit/record.js";
import { pullRequestEvent } from "../simulator/payloads.js";
import { TestBrowser } from "../web/browser.js";
import {
  comment,
  OWNER,
  post,
  readyPullRequest,
  REPO,
  signIn,
  signingForm,
  startSigningService,
  textOf,
  type SigningService,
} from "./signing-harness.js";

/**
 * Strong signing (issue 9 item 4, PRODUCT.md "Life of a pull request" step 6): with `sign_off.reauthenticate:
 * [cso]`, `/safety sign-off` by the CSO records nothing and answers with a link to the audit page; there the
 * CSO signs after a GitHub sign-in no older than `sign_in_max_age_minutes`, on the commit shown. Through the
 * whole service (intake, inbox, worker, pages) against the simulator, on embedded PostgreSQL.
 */
describe("strong signing on the audit page", () => {
  // One service for the file (starting one costs seconds); every test has a pull request of its own.
  let s: SigningService;
  beforeAll(async () => {
    s = await startSigningService();
  }, 30_000);
  afterAll(async () => {
    await s?.close();
  });

  const signPath = (n: number) => `/audit/${OWNER}/${REPO}/pull/${n}/sign?role=cso`;
  /** The PR's records of one kind. */
  const records = async (kind: string, pr: number): Promise<AuditRecord[]> => {
    const found: AuditRecord[] = [];
    for await (const r of s.audit.stream({ repo: `${OWNER}/${REPO}`, pr })) if (r.kind === kind) found.push(r);
    return found;
  };
  const replies = (n: number) =>
    s.gh.comments.filter((c) => c.issueNumber === n && c.user === "clinical-safety-gate[bot]" && !c.body.includes("csg:comment"));
  /** Check-run writes GitHub accepted with a conclusion of `conclusion`. */
  const checkWrites = (conclusion: string) =>
    s.gh.requests.filter(
      (r) =>
        /\/check-runs(\/\d+)?$/.test(r.path) &&
        (r.method === "POST" || r.method === "PATCH") &&
        r.status !== undefined &&
        r.status < 300 &&
        (r.body as { conclusion?: string }).conclusion === conclusion,
    );

  it("answers /safety sign-off for the CSO with a link to the signing page, and records nothing", async () => {
    const { number, headSha } = await readyPullRequest(s);
    await comment(s, number, "cleo", "/safety sign-off");
    const reply = replies(number).at(-1)?.body ?? "";
    expect(reply).toContain(`(${s.url}${signPath(number)})`);
    expect(reply).toContain(`on commit \`${headSha}\``);
    expect(await records("sign-off", number)).toEqual([]);
  });

  it("shows the commit, the files, the role and its meaning, then refuses a session older than the configured age", async () => {
    const { number, headSha } = await readyPullRequest(s);
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const page = await browser.request(`${s.url}${signPath(number)}`);
    const text = textOf(page.body);
    expect(page.status).toBe(200);
    expect(text).toContain(`Commit to sign ${headSha}`);
    expect(text).toContain("modified src/prescribing/dose/round.ts");
    expect(text).toContain("Meaning of the signature clinical safety approval as CSO");
    const form = signingForm(page.body);
    expect(form).toEqual({ csrf: expect.any(String), role: "cso", sha: headSha });

    s.gh.tick(6 * 60); // six minutes later: the sign-in is older than the five allowed
    const refused = await post(browser, s, signPath(number), { ...form, rationale: "Reviewed" });
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain(
      "You signed in with GitHub 6 minutes ago; signing needs a GitHub sign-in within the last 5 minutes. Nothing has been recorded.",
    );
    expect(await records("sign-off", number)).toEqual([]);

    // "Sign in again" asks GitHub for its account picker, and the fresh session signs.
    const again = /href="(\/audit\/login\?[^"]+)"/.exec(refused.body)?.[1]?.replace(/&amp;/g, "&") ?? "";
    expect(again).toContain("fresh=1");
    const toGitHub = await browser.request(`${s.url}${again}`);
    expect(new URL(toGitHub.headers.location ?? "").searchParams.get("prompt")).toBe("select_account");
  });

  it("refuses a person who left the role's team after the page was shown: GitHub is asked again, not the page", async () => {
    const { number } = await readyPullRequest(s);
    s.gh.addTeamMember(OWNER, "clinical-safety", "eve");
    const browser = new TestBrowser();
    await signIn(browser, s, "eve");
    const form = signingForm((await browser.request(`${s.url}${signPath(number)}`)).body);
    expect(form).toBeDefined();
    s.gh.removeTeamMember(OWNER, "clinical-safety", "eve");
    const refused = await post(browser, s, signPath(number), { ...form });
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain("Not signed. You are not a member of cso (team clinical-safety). Nothing has been recorded.");
    expect(await records("sign-off", number)).toEqual([]);
  });

  it("shows a non-member why they cannot sign, with no form to post", async () => {
    const { number } = await readyPullRequest(s);
    const browser = new TestBrowser();
    await signIn(browser, s, "eve");
    const page = await browser.request(`${s.url}${signPath(number)}`);
    expect(textOf(page.body)).toContain("You cannot sign this pull request now. You are not a member of cso (team clinical-safety).");
    expect(signingForm(page.body)).toBeUndefined();
    // A form posted without this session's token is refused before anything is read.
    const forged = await post(browser, s, signPath(number), { role: "cso", sha: "a".repeat(40), csrf: "forged" });
    expect(forged.status).toBe(403);
    expect(await records("sign-off", number)).toEqual([]);
  });

  it("refuses a signature on a commit that is no longer the head", async () => {
    const { number, headSha } = await readyPullRequest(s);
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const form = signingForm((await browser.request(`${s.url}${signPath(number)}`)).body);
    s.gh.tick(30);
    const { after } = s.gh.pushToPullRequest({ owner: OWNER, repo: REPO, number });
    await s.deliver(pullRequestEvent(s.gh, "synchronize", { owner: OWNER, repo: REPO, number, sender: "dev" }));
    const refused = await post(browser, s, signPath(number), { ...form });
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain(
      `The pull request's head moved from ${headSha.slice(0, 7)} (the commit you were shown) to ${after.slice(0, 7)}`,
    );
    expect(await records("sign-off", number)).toEqual([]);
  });

  it("records an accepted signature once, as made on the audit page, and the check passes exactly once", async () => {
    const { number, headSha } = await readyPullRequest(s);
    await comment(s, number, "pat", "/safety sign-off cpm");
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const signedInAt = new Date(s.gh.now()).toISOString();
    s.gh.tick(60);
    const form = signingForm((await browser.request(`${s.url}${signPath(number)}`)).body) ?? {};
    const before = replies(number).length;
    s.gh.clearRequests();

    const signed = await post(browser, s, signPath(number), { ...form, rationale: "Rounding checked against the BNFc <table>" });
    expect(signed.status).toBe(303);
    const receipt = await browser.request(`${s.url}${signed.headers.location ?? ""}`);
    expect(textOf(receipt.body)).toContain("Signed. Your signature is recorded in the audit trail");
    expect(textOf(receipt.body)).toContain(`Commit signed ${headSha}`);

    const [record, ...more] = (await records("sign-off", number)).filter((r) => r.actor === "cleo");
    expect(more).toEqual([]);
    expect(record).toMatchObject({ headSha, pr: number });
    expect(record?.data).toMatchObject({
      role: "cso",
      meaning: "clinical safety approval as CSO",
      method: "audit-page",
      signedInAt,
      rationale: "Rounding checked against the BNFc <table>",
    });
    expect(checkWrites("success")).toHaveLength(1);
    expect(s.gh.labelsOf({ owner: OWNER, repo: REPO, number }).map((l) => l.name)).toContain("clinical-safety: signed off");
    expect(replies(number).length - before).toBe(1);
    expect(replies(number).at(-1)?.body).toContain("Signed on the audit page after a fresh GitHub sign-in");

    // The same form again: the rules refuse a second signature, and nothing is written anywhere.
    const again = await post(browser, s, signPath(number), { ...form });
    expect(again.status).toBe(409);
    expect((await records("sign-off", number)).filter((r) => r.actor === "cleo")).toHaveLength(1);
    expect(checkWrites("success")).toHaveLength(1);
  });

  it("heals a crash between recording and publishing: the inbox tries again and the check passes once", async () => {
    const { number } = await readyPullRequest(s);
    await comment(s, number, "pat", "/safety sign-off cpm");
    const browser = new TestBrowser();
    await signIn(browser, s, "cleo");
    const form = signingForm((await browser.request(`${s.url}${signPath(number)}`)).body) ?? {};
    s.gh.clearRequests();
    // The check's update fails once, after the signature was recorded: the delivery is tried again.
    const before = replies(number).length;
    s.gh.failNext("PATCH", /\/check-runs\/\d+$/, 502);
    const signed = await post(browser, s, signPath(number), { ...form });
    expect(signed.status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the worker's first backoff is one second
    await s.service.settled();
    expect((await records("sign-off", number)).filter((r) => r.actor === "cleo")).toHaveLength(1);
    expect(checkWrites("success")).toHaveLength(1);
    expect(s.gh.requests.filter((r) => r.method === "PATCH" && /\/check-runs\/\d+$/.test(r.path) && r.status === 502)).toHaveLength(1);
    expect(replies(number).length - before).toBe(1);
  });
});

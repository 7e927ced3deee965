import { afterAll, beforeAll, expect, it } from "@jest/globals";
import type { Browser, Page } from "playwright-core";
import type { AuditRecord } from "../../../src/audit/record.js";
import {
  comment,
  OWNER,
  post,
  readyPullRequest,
  REPO,
  signIn,
  signingForm,
  startSigningService,
  type SigningService,
} from "../../integration/signing-harness.js";
import { pullRequestEvent } from "../../simulator/payloads.js";
import { TestBrowser } from "../../web/browser.js";
import { authorizeAs, launchChromium } from "../web-harness.js";
import { describeInBrowser, docScreenshot, withBrowserPage } from "../browser-page.js";

/**
 * The CSO's release approval in a real Chromium, end to end against the whole service (intake, inbox,
 * worker, pages) and the simulator's GitHub over HTTP: release v1.1.0 holds a README fix judged not
 * clinically relevant, a dose-rounding change signed off by both roles, and a commit the app never heard of.
 * The CSO opens the release report, sees it is not approved, follows "Approve this release", is asked to sign
 * in again once their sign-in is older than the configured five minutes (both on opening the page and on
 * pressing the button), reads the range's commits, counts and meaning, writes a rationale and approves;
 * the receipt leads back to the report, which now shows the approval, and so does its JSON. A person outside
 * the CSO team is refused — both on opening the page and on pressing the button after leaving the team —
 * and nothing is recorded.
 *
 * `UPDATE_DOC_IMAGES=1` also saves docs/images/release-approval.png.
 */

const REPORT = `/audit/${OWNER}/${REPO}/release?from=v1.0.0&to=v1.1.0`;
const APPROVE = `/audit/${OWNER}/${REPO}/release/approve?from=v1.0.0&to=v1.1.0`;
const MEANING = "clinical safety approval of release v1.0.0..v1.1.0 as CSO";
/** Angle brackets, so a page that forgot to escape would show a bold word instead of the text typed. */
const RATIONALE = "All three commits read; the unassessed one is release notes only. HAZ-002 <b>unchanged</b>.";

describeInBrowser("the CSO's release approval in a real browser", () => {
  let s: SigningService;
  let browser: Browser;
  let fromSha: string;
  let toSha: string;

  beforeAll(async () => {
    s = await startSigningService();
    s.gh.setUserName("cleo", "Dr Cleo Smith");
    ({ fromSha, toSha } = await releaseOfThreeCommits(s));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    // Chromium asks the simulator's GitHub for its icon while on the authorize page: the browser's request, not the app's.
    const unhandled = s?.gh.unhandled ?? [];
    unhandled.splice(0, unhandled.length, ...unhandled.filter((r) => r.path !== "/favicon.ico"));
    await s?.close();
  });

  /** Signs in through the simulator's GitHub from `page`, landing on `next`. */
  async function signInAt(page: Page, login: string, next: string): Promise<void> {
    await page.goto(`${s.url}/audit/login?${new URLSearchParams({ next }).toString()}`);
    await authorizeAs(page, login, s.url);
    expect(page.url()).toBe(`${s.url}${next}`);
  }

  const approvals = async (): Promise<AuditRecord[]> => {
    const found: AuditRecord[] = [];
    for await (const r of s.audit.stream({ repo: `${OWNER}/${REPO}` })) if (r.kind === "release-approval") found.push(r);
    return found;
  };

  const approveButton = (page: Page) => page.getByRole("button", { name: "Approve the release as CSO" });

  it("refuses a person outside the CSO team, on the page and on the button, and records nothing", async () => {
    // The CPM, signed out, follows the link through GitHub and back; they can read the release but are not the
    // CSO: the reason, and no button to press.
    await withBrowserPage(browser, async (page) => {
      await page.goto(`${s.url}${APPROVE}`);
      await authorizeAs(page, "pat", s.url);
      expect(page.url()).toBe(`${s.url}${APPROVE}`);
      const refusal = page.getByRole("alert").first();
      await expect(refusal.innerText()).resolves.toContain(
        "You cannot approve this release. Only a member of the cso role (team clinical-safety) can approve a release, and GitHub does not list you as one. Nothing has been recorded.",
      );
      await expect(approveButton(page).count()).resolves.toBe(0);
      await expect(page.getByLabel("Rationale (optional, kept with the signature)").count()).resolves.toBe(0);
    });

    // Eve was in the team when the page was shown and left before pressing the button: GitHub is asked again.
    s.gh.addTeamMember(OWNER, "clinical-safety", "eve");
    try {
      await withBrowserPage(browser, async (page) => {
        await signInAt(page, "eve", APPROVE);
        await page.getByLabel("Rationale (optional, kept with the signature)").fill("Looks fine to me");
        s.gh.removeTeamMember(OWNER, "clinical-safety", "eve");
        await approveButton(page).click();
        // The page before the click has an alert too (the unassessed commit): wait for the refusal itself.
        const refusal = page.getByRole("alert").filter({ hasText: "Not approved." });
        await expect(refusal.innerText()).resolves.toContain("Not approved. Only a member of the cso role");
        await expect(approveButton(page).count()).resolves.toBe(0);
      });
    } finally {
      s.gh.removeTeamMember(OWNER, "clinical-safety", "eve");
    }
    expect(await approvals()).toEqual([]);

    // And the report still says so.
    await withBrowserPage(browser, async (page) => {
      await signInAt(page, "pat", REPORT);
      await expect(page.getByRole("region", { name: "Release approval" }).innerText()).resolves.toContain("Not approved");
    });
  }, 60_000);

  it("approves from the report after a fresh sign-in, and the report and its JSON then show the approval", async () => {
    await withBrowserPage(browser, async (page) => {
      // The report, signed in: not approved, with the way to approve it.
      await signInAt(page, "cleo", REPORT);
      const section = page.getByRole("region", { name: "Release approval" });
      await expect(section.innerText()).resolves.toContain("Not approved: no release approval by the CSO is recorded for this range.");

      // Reading the report took six minutes: the approve page asks for a fresh sign-in and offers no button.
      s.gh.tick(6 * 60);
      await Promise.all([page.waitForURL(`${s.url}${APPROVE}`), section.getByRole("link", { name: "Approve this release" }).click()]);
      const stale = await page.getByRole("alert").first().innerText();
      expect(stale).toContain("Sign in again to sign.");
      expect(stale).toContain(
        "signed in with GitHub 6 minutes ago; signing needs a GitHub sign-in within the last 5 minutes. Nothing has been recorded.",
      );
      await expect(approveButton(page).count()).resolves.toBe(0);

      // Signing in again goes through GitHub's account picker and back to the approve page, which now offers the form.
      await page.getByRole("link", { name: "Sign in again with GitHub" }).click();
      await authorizeAs(page, "cleo", s.url);
      expect(page.url()).toBe(`${s.url}${APPROVE}`);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(`Approve a release of ${OWNER}/${REPO}`);
      const fields = page.locator("dl.fields");
      await expect(fields.innerText()).resolves.toContain(`v1.0.0 (${fromSha}) to v1.1.0 (${toSha})`);
      await expect(fields.innerText()).resolves.toContain("3: 1 assessed, 1 not relevant, 0 bypass, 1 unassessed");
      await expect(page.locator("#meaning").innerText()).resolves.toBe(MEANING);
      await expect(page.getByRole("alert").first().innerText()).resolves.toContain("1 commit is unassessed");
      await expect(page.locator("form.sign .statement").innerText()).resolves.toBe(
        `By approving, you give ${MEANING}, for the commits up to ${toSha}.`,
      );
      await page
        .getByLabel("Rationale (optional, kept with the signature)")
        .fill("All three commits read; the unassessed one is release notes only.");
      await docScreenshot(page, "release-approval", true);

      // Another six minutes before pressing the button: refused, nothing recorded, asked to sign in again.
      s.gh.tick(6 * 60);
      await approveButton(page).click();
      await expect(page.getByRole("alert").filter({ hasText: "Sign in again to sign." }).innerText()).resolves.toContain(
        "Nothing has been recorded.",
      );
      await expect(approveButton(page).count()).resolves.toBe(0);
      expect(await approvals()).toEqual([]);

      await page.getByRole("link", { name: "Sign in again with GitHub" }).click();
      await authorizeAs(page, "cleo", s.url);
      expect(page.url()).toBe(`${s.url}${APPROVE}`);
      s.gh.tick(60);
      await page.getByLabel("Rationale (optional, kept with the signature)").fill(RATIONALE);
      await Promise.all([page.waitForURL(/&receipt=/), approveButton(page).click()]);
      const approvedAt = new Date(s.gh.now()).toISOString();

      // The receipt says what was recorded, and leads back to the report.
      await expect(page.getByRole("status").innerText()).resolves.toContain("Approved. Your approval is recorded in the audit trail");
      const receipt = await page.locator("dl.fields").innerText();
      expect(receipt).toContain("Dr Cleo Smith (cleo)");
      expect(receipt).toContain(MEANING);
      expect(receipt).toContain(RATIONALE);
      await Promise.all([page.waitForURL(`${s.url}${REPORT}`), page.getByRole("link", { name: "The release report" }).click()]);

      const approved = await page.getByRole("region", { name: "Release approval" }).innerText();
      expect(approved).toContain(`Approved by Dr Cleo Smith (cleo) on ${approvedAt.slice(0, 10)} ${approvedAt.slice(11, 16)} UTC: ${MEANING}.`);
      expect(approved).toContain(`Rationale\n${RATIONALE}`);
      expect(approved).toContain("Method\naudit-page");
      await expect(page.getByRole("link", { name: "Approve this release" }).count()).resolves.toBe(0);

      // The JSON says the same (PRODUCT.md, "Release report": `approval`).
      const json = (await (await page.request.get(`${s.url}${REPORT}&format=json`)).json()) as { approval: unknown };
      expect(json.approval).toMatchObject({
        by: "cleo",
        name: "Dr Cleo Smith",
        at: approvedAt,
        meaning: MEANING,
        method: "audit-page",
        rationale: RATIONALE,
      });
    });

    const [record, ...more] = await approvals();
    expect(more).toEqual([]);
    expect(record).toMatchObject({ actor: "cleo", pr: null, headSha: toSha });
    expect(record?.data).toMatchObject({ fromSha, toSha, method: "audit-page", rationale: RATIONALE, name: "Dr Cleo Smith" });
  }, 90_000);
});

/**
 * v1.0.0, then a README fix merged (not clinically relevant), a dose-rounding change merged after the CPM's
 * sign-off and the CSO's on the audit page (assessed), and a commit pushed with no webhook the app saw
 * (unassessed); v1.1.0 is main after them. Tags are branches here, as the simulator compares any ref.
 */
async function releaseOfThreeCommits(s: SigningService): Promise<{ fromSha: string; toSha: string }> {
  const repo = s.gh.requireRepo(OWNER, REPO);
  const fromSha = s.gh.resolveRef(repo, "main") ?? "";
  repo.branches["v1.0.0"] = fromSha;

  const merge = async (number: number) => {
    s.gh.tick(60);
    s.gh.closePullRequest({ owner: OWNER, repo: REPO, number }, { merged: true });
    await s.deliver(pullRequestEvent(s.gh, "closed", { owner: OWNER, repo: REPO, number, sender: "acme" }));
  };

  const readme = s.gh.openPullRequest({
    owner: OWNER,
    repo: REPO,
    title: "Fix a typo in the README",
    author: "dev",
    draft: false,
    body: "",
    labels: [],
    files: [{ filename: "README.md", content: "# ePrescribe\n" }],
  });
  await s.deliver(pullRequestEvent(s.gh, "opened", { owner: OWNER, repo: REPO, number: readme.number, sender: "dev" }));
  await merge(readme.number);

  const { number } = await readyPullRequest(s);
  await comment(s, number, "pat", "/safety sign-off cpm");
  const cleo = new TestBrowser();
  await signIn(cleo, s, "cleo");
  const signPath = `/audit/${OWNER}/${REPO}/pull/${number}/sign?role=cso`;
  const signed = await post(cleo, s, signPath, signingForm((await cleo.request(`${s.url}${signPath}`)).body) ?? {});
  if (signed.status !== 303) throw new Error(`the CSO's sign-off was answered ${signed.status}`);
  await s.service.settled();
  await merge(number);

  s.gh.commitToBranch(OWNER, REPO, "main", { "docs/release-notes.md": "1.1.0\n" }, { message: "Release notes" });
  const toSha = s.gh.resolveRef(repo, "main") ?? "";
  repo.branches["v1.1.0"] = toSha;
  return { fromSha, toSha };
}

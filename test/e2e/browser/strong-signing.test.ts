import { afterAll, beforeAll, expect, it } from "@jest/globals";
import type { Browser } from "playwright-core";
import type { AuditRecord } from "../../../src/audit/record.js";
import { comment, OWNER, readyPullRequest, REPO, startSigningService, type SigningService } from "../../integration/signing-harness.js";
import { authorizeAs, launchChromium } from "../web-harness.js";
import { describeInBrowser, docScreenshot } from "../browser-page.js";

/**
 * Strong signing in a real Chromium: the CSO follows the link the gate gave, signs in through the
 * simulator's GitHub, sees exactly what they sign (commit, files, role, meaning), is refused once their
 * sign-in is older than the configured five minutes, signs in again through GitHub's account picker, and
 * signs — after which the PR's check passes. The whole service runs (intake, inbox, worker, pages).
 *
 * `UPDATE_DOC_IMAGES=1` also saves docs/images/strong-signing.png.
 */

describeInBrowser("strong signing in a real browser", () => {
  let s: SigningService;
  let browser: Browser;

  beforeAll(async () => {
    s = await startSigningService();
    s.gh.setUserName("cleo", "Dr Cleo Smith");
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    // Chromium asks the simulator's GitHub for its icon while on the authorize page: the browser's request, not the app's.
    const unhandled = s?.gh.unhandled ?? [];
    unhandled.splice(0, unhandled.length, ...unhandled.filter((r) => r.path !== "/favicon.ico"));
    await s?.close();
  });

  const signOffs = async (pr: number): Promise<AuditRecord[]> => {
    const found: AuditRecord[] = [];
    for await (const r of s.audit.stream({ repo: `${OWNER}/${REPO}`, pr })) if (r.kind === "sign-off" && r.actor === "cleo") found.push(r);
    return found;
  };

  it("signs after a fresh GitHub sign-in, and refuses a stale one", async () => {
    const { number, headSha } = await readyPullRequest(s);
    await comment(s, number, "pat", "/safety sign-off cpm");
    await comment(s, number, "cleo", "/safety sign-off");
    const link = /\((http:\/\/[^)]+\/sign\?role=cso)\)/.exec(s.gh.comments.at(-1)?.body ?? "")?.[1];
    expect(link).toBe(`${s.url}/audit/${OWNER}/${REPO}/pull/${number}/sign?role=cso`);

    const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
    const page = await context.newPage();
    try {
      // Signed out, the link goes through GitHub and comes back to the signing page.
      await page.goto(link ?? "");
      await authorizeAs(page, "cleo", s.url);
      expect(page.url()).toBe(link);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(`Sign ${OWNER}/${REPO}#${number} as cso`);
      await expect(page.locator("#head-sha").innerText()).resolves.toBe(headSha);
      await expect(page.locator("#meaning").innerText()).resolves.toBe("clinical safety approval as CSO");
      await expect(page.getByRole("cell", { name: "src/prescribing/dose/round.ts" }).count()).resolves.toBe(1);
      await page.getByLabel("Rationale (optional, kept with the signature)").fill("Rounding checked against the BNFc table; boundary tests pass.");
      await docScreenshot(page, "strong-signing", true);

      // Six minutes later the sign-in is too old: the signature is refused and nothing is recorded.
      s.gh.tick(6 * 60);
      await page.getByRole("button", { name: "Sign as cso" }).click();
      await expect(page.getByRole("alert").innerText()).resolves.toContain("Sign in again to sign.");
      expect(await signOffs(number)).toEqual([]);

      // Signing in again goes through GitHub (its account picker) and back to the page, which now signs.
      await page.getByRole("link", { name: "Sign in again with GitHub" }).click();
      await authorizeAs(page, "cleo", s.url);
      expect(page.url()).toBe(link);
      await page.getByLabel("Rationale (optional, kept with the signature)").fill("Rounding checked against the BNFc table.");
      await page.getByRole("button", { name: "Sign as cso" }).click();
      await expect(page.getByRole("status").innerText()).resolves.toContain("Signed.");
      await expect(page.getByText("Dr Cleo Smith (cleo)").count()).resolves.toBe(1);
    } finally {
      await context.close();
    }
    await s.service.settled();
    const [record, ...more] = await signOffs(number);
    expect(more).toEqual([]);
    expect(record?.data).toMatchObject({ method: "audit-page", rationale: "Rounding checked against the BNFc table.", name: "Dr Cleo Smith" });
    const pr = s.gh.requirePull({ owner: OWNER, repo: REPO, number });
    expect(s.gh.checkRuns.filter((c) => c.headSha === pr.headSha).map((c) => c.conclusion)).toEqual(["success"]);
  }, 60_000);
});

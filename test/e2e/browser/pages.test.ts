import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { SqlAuditStore } from "../../../src/store/audit-store.js";
import type { SqlStore } from "../../../src/store/sql-store.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../fixtures/repo.js";
import { GitHubState } from "../../simulator/state.js";
import { NOW, SCRIPT, SHA, TRIAGE_HAZARD_LOG, seededStore } from "../../unit/web/pages/seed.js";
import { launchChromium, startAuditWeb, type AuditWeb } from "../web-harness.js";
import { describeInBrowser, docScreenshot, withBrowserPage } from "../browser-page.js";

/**
 * The audit pages in a real Chromium, against the GitHub simulator over HTTP: a CSO signs in through the
 * simulator's OAuth, filters the merge history, opens a PR's evidence, downloads a CSV; a person without
 * access is refused; hostile text stays text. The trail is the story of the pages' unit tests
 * (`test/unit/web/pages/seed.ts`); the simulator holds the same repositories, with the commits of the
 * story on `main` so that the release report finds them.
 *
 * `UPDATE_DOC_IMAGES=1` also saves the screenshots used by docs/audit.md under docs/images/.
 */

/** The simulator's repositories: private, readable by the CSO, one readable by nobody here. */
function simulatedGitHub(): GitHubState {
  const gh = new GitHubState({ now: "2026-04-20T12:00:00Z" });
  gh.addRepo({
    owner: "acme",
    name: "eprescribe",
    private: true,
    files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
  });
  gh.addRepo({ owner: "acme", name: "triage", private: true, files: { "docs/safety/hazard-log.yml": TRIAGE_HAZARD_LOG } });
  gh.addRepo({ owner: "acme", name: "secret-pharmacy", private: true });
  for (const repo of ["eprescribe", "triage"]) gh.setPermission("acme", repo, "dr-cso", "read");
  // Releases as branches: v1.0.0 before #7, v1.1.0 after #7 and #8, v1.2.0 after #9 and the direct push.
  gh.commitToBranch("acme", "eprescribe", "v1.0.0", {}, { message: "Release 1.0.0" });
  for (const sha of [SHA.p7merge, SHA.p8merge]) gh.commitToBranch("acme", "eprescribe", "main", {}, { sha });
  gh.commitToBranch("acme", "eprescribe", "v1.1.0", {}, { message: "Release 1.1.0" });
  for (const sha of [SHA.p9merge, SHA.push]) gh.commitToBranch("acme", "eprescribe", "main", {}, { sha });
  gh.commitToBranch("acme", "eprescribe", "v1.2.0", {}, { message: "Release 1.2.0" });
  gh.commitToBranch("acme", "triage", "v2.0.0", {}, { message: "Release 2.0.0" });
  gh.commitToBranch("acme", "triage", "main", {}, { sha: SHA.t3merge });
  gh.commitToBranch("acme", "triage", "v2.1.0", {}, { message: "Release 2.1.0" });
  return gh;
}

describeInBrowser("the audit pages in a real browser", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  let web: AuditWeb;
  let browser: Browser;

  beforeAll(async () => {
    ({ sql, audit } = await seededStore());
    web = await startAuditWeb({ gh: simulatedGitHub(), audit, now: () => NOW });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await sql?.close();
  });

  /** The row headers of the page's tables: PRs on the history, events on a PR's trail. */
  const rowHeads = (page: Page) => page.locator("tbody th[scope=row]").allInnerTexts();

  it("signs the CSO in through GitHub and shows the merge history of the repositories they can read", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit");
      expect(new URL(page.url()).pathname).toBe("/audit");
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Merge history");
      expect(await rowHeads(page)).toEqual(["acme/triage#3", "acme/eprescribe direct push 0707070", "acme/eprescribe#8", "acme/eprescribe#7"]);
      await expect(page.getByText("Secret formulary change").count()).resolves.toBe(0);
      await docScreenshot(page, "merge-history");
    });
  });

  it("filters the history with the form, by keyboard-reachable labelled controls", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit");
      await page.getByLabel("Repository").selectOption("acme/eprescribe");
      await page.getByLabel("Bypasses only").check();
      await page.getByLabel("Merged from").fill("2026-03-01");
      await Promise.all([page.waitForURL(/bypass=1/), page.getByRole("button", { name: "Show changes" }).press("Enter")]);
      const query = new URL(page.url()).searchParams;
      expect([query.get("repo"), query.get("bypass"), query.get("from")]).toEqual(["acme/eprescribe", "1", "2026-03-01"]);
      expect(await rowHeads(page)).toEqual(["acme/eprescribe direct push 0707070", "acme/eprescribe#8"]);
      // The form keeps what was chosen, so the view can be adjusted rather than rebuilt.
      await expect(page.getByLabel("Bypasses only").isChecked()).resolves.toBe(true);
      await docScreenshot(page, "merge-history-bypasses");
    });
  });

  it("opens a PR's evidence trail from the history, with the hash chain verified", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit");
      await Promise.all([page.waitForURL(/\/audit\/acme\/eprescribe\/pull\/7$/), page.getByRole("link", { name: "acme/eprescribe#7" }).click()]);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
        "acme/eprescribe#7: Recalculate paediatric dose from current weight",
      );
      await expect(page.getByRole("status").innerText()).resolves.toContain("Hash chain intact (24 records)");
      expect(await rowHeads(page)).toEqual([
        "Classified: waiting",
        "Checklist answer",
        "Checklist answer",
        "Hazard linked",
        "Sign-off",
        "Sign-off voided",
        "Sign-off",
        "Sign-off",
        "Check: success",
        "Merged",
      ]);
      await docScreenshot(page, "pull-request", true);
    });
  });

  it("downloads the filtered history as CSV", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit?repo=acme%2Feprescribe");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this list as CSV" }).click()]);
      expect(download.suggestedFilename()).toBe("merge-history-acme-eprescribe.csv");
      const csv = readFileSync(await download.path(), "utf8").split("\r\n");
      expect(csv[0]).toBe("repo,pr,title,merged_at,merged_by,merge_sha,head_sha,risk,hazards,required_roles,sign_offs,bypass,audit_url");
      expect(csv.slice(1, -1).map((line) => line.split(",").slice(0, 3).join(","))).toEqual([
        "acme/eprescribe,,Direct push of src/prescribing/dose.ts",
        "acme/eprescribe,8,Show allergy free text in the banner",
        "acme/eprescribe,7,Recalculate paediatric dose from current weight",
      ]);
    });
  });

  it("shows a hazard with every PR that linked it, read from the repository's own hazard log", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/hazard/HAZ-002");
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
        "HAZ-002: Paediatric dose uses a stale weight or the wrong unit",
      );
      await expect(page.locator("dl.fields").innerText()).resolves.toContain("catastrophic × high → 5 — unacceptable");
      expect(await rowHeads(page)).toEqual(["acme/eprescribe#7"]);
      await docScreenshot(page, "hazard", true);
    });
  });

  it("reports a release from two refs and downloads it as Markdown", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/release");
      await page.getByLabel("From (previous release)").fill("v1.0.0");
      await page.getByLabel("To (this release)").fill("v1.1.0");
      await Promise.all([page.waitForURL(/to=v1\.1\.0/), page.getByRole("button", { name: "Show changes" }).click()]);
      await expect(page.getByRole("status").innerText()).resolves.toContain("2 clinically relevant changes among 3 commits");
      await expect(page.locator("h2").allInnerTexts()).resolves.toEqual([
        "Release approval",
        "Hazard log changes in this release",
        "Open objections and bypasses",
        "HAZ-002: Paediatric dose uses a stale weight or the wrong unit",
        "HAZ-003: Allergy held as free text so no alert fires",
        "Changes in detail",
        "Every commit in the release",
      ]);
      // The report's screenshots (docs/images/release*.png) are taken by release-report.test.ts.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download the report as Markdown" }).click(),
      ]);
      const markdown = readFileSync(await download.path(), "utf8");
      expect(markdown.split("\n")[0]).toBe("# Clinically relevant changes in acme/eprescribe: `v1.0.0` → `v1.1.0`");
      expect(markdown).toContain("**bypass**: merged without a passing gate: Waiting for sign-off: cso");
    });
  });

  it("charts whether safety was asked early", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/involvement?repo=acme%2Feprescribe");
      const chart = page.getByRole("img", { name: /acme\/eprescribe: median days/ });
      await expect(chart.isVisible()).resolves.toBe(true);
      await expect(page.locator("tbody tr").last().innerText()).resolves.toMatch(/^2026-04\s+0/);
      await docScreenshot(page, "involvement", true);
    });
  });

  it("refuses a person without access, without saying whether the repository exists", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "nurse-nia", "/audit/acme/eprescribe/pull/7");
      const refused = await page.goto(`${web.url}/audit/acme/eprescribe/pull/7`);
      const refusedText = await page.locator("main").innerText();
      const missing = await page.goto(`${web.url}/audit/acme/no-such-repo/pull/7`);
      expect([refused?.status(), missing?.status()]).toEqual([404, 404]);
      expect(await page.locator("main").innerText()).toBe(refusedText);
      expect(refusedText).toContain("There is no such page, or you do not have access to it.");
      await page.goto(`${web.url}/audit`);
      await expect(page.locator("main").innerText()).resolves.toContain("0 changes match.");
    });
  });

  it("keeps hostile titles, hazard titles and reasons inert: shown as text, no element made, no dialog", async () => {
    await withBrowserPage(browser, async (page, dialogs) => {
      await web.signIn(page, "dr-cso", "/audit?repo=acme%2Ftriage");
      const headings: string[] = [];
      for (const path of [
        "/audit?repo=acme%2Ftriage",
        "/audit/acme/triage/pull/3",
        "/audit/acme/triage/hazard/HAZ-006",
        "/audit/acme/triage/release?from=v2.0.0&to=v2.1.0",
      ]) {
        await page.goto(`${web.url}${path}`);
        // Escaping, checked apart from the content security policy (which would also stop a script).
        const injected = await page.locator("script, img, [onerror]").count();
        expect([path, injected]).toEqual([path, 0]);
        await expect(page.locator("main").innerText()).resolves.toContain(SCRIPT);
        headings.push(await page.getByRole("heading", { level: 1 }).innerText());
      }
      expect(headings.slice(1, 3)).toEqual([
        "acme/triage#3: Triage scoring <script>alert(1)</script> <img src=x onerror=alert(1)>",
        "HAZ-006: Triage <script>alert(1)</script> <img src=x onerror=alert(1)>",
      ]);
      expect(dialogs).toEqual([]);
    });
  });
});

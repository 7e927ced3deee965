import { afterAll, beforeAll, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import type { SqlAuditStore } from "../../../src/store/audit-store.js";
import type { SqlStore } from "../../../src/store/sql-store.js";
import { PRODUCT_CONFIG, SAMPLE_HAZARD_LOG } from "../../fixtures/repo.js";
import { GitHubState } from "../../simulator/state.js";
import { hotfixTitle, v2Story } from "../../unit/web/pages/release-seed.js";
import { NOW, seededStore, sha } from "../../unit/web/pages/seed.js";
import { CHROMIUM_PATH, launchChromium, startAuditWeb, type AuditWeb } from "../web-harness.js";
import { describeInBrowser, docScreenshot, withBrowserPage } from "../browser-page.js";

/**
 * The release report for the safety case in a real Chromium, against the GitHub simulator over HTTP: a CSO
 * asks for release 2.1.0 and sees first that a residual risk went up, then their approval of the release, the
 * hazard log's changes with who approved them, the reviewed bypass and the objection still open; a later
 * range is not approved and links to where it can be; and the report downloads as a PDF that Chromium printed
 * (CHROMIUM_PATH set, as an operator would).
 *
 * `UPDATE_DOC_IMAGES=1` also saves docs/images/release.png and docs/images/release-risk-increased.png.
 */

const BANNER = "Risk increased: the safety case must be re-issued (DCB0129 §7.3).";

/** acme/eprescribe with release tags as branches: v2.0.0, then #20 and #21 merged (v2.1.0), then one more commit on main. */
function simulatedGitHub(): { gh: GitHubState; fromSha: string; toSha: string } {
  const gh = new GitHubState({ now: "2026-05-05T12:00:00Z" });
  const repo = gh.addRepo({
    owner: "acme",
    name: "eprescribe",
    private: true,
    files: { ".github/clinical-safety.yml": PRODUCT_CONFIG, "docs/safety/hazard-log.yml": SAMPLE_HAZARD_LOG },
  });
  gh.setPermission("acme", "eprescribe", "dr-cso", "read");
  const fromSha = gh.commitToBranch("acme", "eprescribe", "main", { "CHANGELOG.md": "2.0.0\n" }, { message: "Release 2.0.0" }).after;
  repo.branches["v2.0.0"] = fromSha;
  for (const pr of ["20", "21"]) gh.commitToBranch("acme", "eprescribe", "main", { [`change-${pr}.txt`]: pr }, { sha: sha(pr) });
  repo.branches["v2.1.0"] = sha("21");
  gh.commitToBranch("acme", "eprescribe", "main", { "docs/release-notes.md": "2.1.1\n" }, { message: "Release notes" });
  return { gh, fromSha, toSha: sha("21") };
}

describeInBrowser("the release report in a real browser", () => {
  let sql: SqlStore;
  let audit: SqlAuditStore;
  let web: AuditWeb;
  let browser: Browser;

  beforeAll(async () => {
    const { gh, fromSha, toSha } = simulatedGitHub();
    ({ sql, audit } = await seededStore(v2Story({ fromSha, toSha })));
    web = await startAuditWeb({ gh, audit, now: () => NOW });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await sql?.close();
  });

  it("shows first that the risk went up, then the CSO's approval, the hazard log's changes, the bypass and the open objection", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/release");
      await page.getByLabel("From (previous release)").fill("v2.0.0");
      await page.getByLabel("To (this release)").fill("v2.1.0");
      await Promise.all([page.waitForURL(/to=v2\.1\.0/), page.getByRole("button", { name: "Show changes" }).click()]);

      // The banner is the page's first alert, above everything the report says.
      const banner = page.getByRole("alert").first();
      await expect(banner.innerText()).resolves.toContain(BANNER);
      await expect(banner.innerText()).resolves.toContain(
        "HAZ-002 Paediatric dose uses a stale weight or the wrong unit: residual 3 — undesirable → 4 — must be reduced, by #20",
      );
      await expect(page.locator("h2").allInnerTexts()).resolves.toEqual([
        "Release approval",
        "Hazard log changes in this release",
        "Open objections and bypasses",
        "HAZ-002: Paediatric dose uses a stale weight or the wrong unit",
        "No hazard linked",
        "Changes in detail",
        "Every commit in the release",
      ]);
      await expect(page.getByRole("region", { name: "Release approval" }).innerText()).resolves.toMatch(
        /^Release approval\s+Approved by Dr Cleo Smith \(dr-cso\) on 2026-05-04 09:00 UTC: clinical safety approval of the release as CSO\./,
      );
      const changes = page.getByRole("region", { name: "Hazard log changes" }).locator("tbody tr");
      await expect(changes.allInnerTexts().then((rows) => rows.map((r) => r.replace(/\s+/g, " ")))).resolves.toEqual([
        expect.stringMatching(
          /^HAZ-002 .* re-scored: residual 3 — undesirable → 4 — must be reduced; .* #20 Dr Cleo Smith \(dr-cso\), cso 2020202 b0b0b0b → b1b1b1b$/,
        ),
        expect.stringMatching(/^HAZ-010 Unit confusion mg\/mL added added: initial 4/),
        expect.stringMatching(/^HAZ-003 .* closed \(was transferred\): justification: Coded allergies shipped #20 /),
      ]);
      const objections = await page.getByRole("region", { name: "Open objections and bypasses" }).innerText();
      expect(objections).toContain(
        `acme/eprescribe#21 ${hotfixTitle()}: Bypass merged without a passing gate: Objection by dr-cso (issue #30) — reviewed by dr-cso on 2026-05-03 09:00 UTC (accepted)`,
      );
      expect(objections).toContain("Open objection on acme/eprescribe#21 by dr-cso (cso)");
      await docScreenshot(page, "release-risk-increased");
      await docScreenshot(page, "release", true);
    });
  });

  it("says a later range is not approved, and links to where the CSO approves it", async () => {
    await withBrowserPage(browser, async (page) => {
      await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/release?from=v2.0.0&to=main");
      const approval = page.getByRole("region", { name: "Release approval" });
      await expect(approval.innerText()).resolves.toContain("Not approved: no release approval by the CSO is recorded for this range.");
      await expect(approval.getByRole("link", { name: "Approve this release" }).getAttribute("href")).resolves.toBe(
        "/audit/acme/eprescribe/release/approve?from=v2.0.0&to=main",
      );
      // The commit after the release has no record: loud, and why it is another range than the approved one.
      await expect(page.getByRole("alert").nth(1).innerText()).resolves.toContain("1 commit is unassessed");
    });
  });

  it("downloads the report as an A4 PDF printed by Chromium", async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = CHROMIUM_PATH;
    try {
      await withBrowserPage(browser, async (page) => {
        await web.signIn(page, "dr-cso", "/audit/acme/eprescribe/release?from=v2.0.0&to=v2.1.0");
        const [download] = await Promise.all([
          page.waitForEvent("download", { timeout: 60_000 }),
          page.getByRole("link", { name: "Download the report as PDF (A4)" }).click(),
        ]);
        const pdf = readFileSync(await download.path());
        expect([download.suggestedFilename(), pdf.length < 1000 ? pdf.toString("utf8") : "a PDF"]).toEqual([
          "acme-eprescribe-release-v2.0.0-to-v2.1.0.pdf",
          "a PDF",
        ]);
        expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
        expect(pdf.length).toBeGreaterThan(20_000);
        const raw = pdf.toString("latin1");
        // Every page A4 (595 × 842 points), and the report is longer than one.
        const boxes = [...raw.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
          Math.round(Number(m[1])),
          Math.round(Number(m[2])),
        ]);
        expect(boxes.length).toBeGreaterThan(1);
        expect(new Set(boxes.map((b) => b.join("x")))).toEqual(new Set(["595x842"]));
      });
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  }, 120_000);
});
